import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subjectCode, termText, untilText } from './lists.ts';

test('a person is shown by the masked number the server gave, an organization by its code', () => {
  assert.equal(subjectCode({ id: '1', kind: 'person', name: '王某某', code: null, maskedId: '130104********2344' }), '130104********2344');
  assert.equal(subjectCode({ id: '2', kind: 'organization', name: '某公司', code: '91130100MA0DD0018Y', maskedId: null }), '91130100MA0DD0018Y');
  assert.equal(subjectCode({ id: '3', kind: 'organization', name: '某公司', code: null, maskedId: null }), '—');
});

test('terms read in years when whole, otherwise months; no term means until exit', () => {
  assert.equal(termText({ termMonths: 36 }), '3 年');
  assert.equal(termText({ termMonths: 18 }), '18 个月');
  assert.equal(termText({ termMonths: null }), '无固定期限，至移出名单');
  assert.equal(untilText(null), '至移出名单');
  assert.equal(untilText('2027-03-01'), '2027-03-01');
});
