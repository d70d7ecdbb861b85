import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessByText,
  chinesePart,
  codeSentText,
  evidenceContentType,
  evidenceProblem,
  formatClock,
  formatInstant,
  normalizeReportInput,
  notContestable,
  parseStoredSession,
  recordKey,
  refOfKey,
  sessionEnded,
  splitMissing,
  verifyPageUrl,
  whatText,
} from './rights.ts';

test('revoked, repaired and already disputed records cannot be contested; exited list entries can', () => {
  assert.equal(notContestable({ status: 'active', disputed: false }), undefined);
  assert.equal(notContestable({ status: 'exited', disputed: false }), undefined);
  assert.equal(notContestable({ status: 'active', disputed: true }), '已在异议处理中');
  assert.match(notContestable({ status: 'revoked', disputed: false })!, /已撤销/);
  assert.match(notContestable({ status: 'repaired', disputed: false })!, /已修复/);
});

test('a record key carries the category with the 文书号, and comes apart again', () => {
  const key = recordKey({ category: 'penalty', ref: '石市监罚〔2026〕501号' });
  assert.deepEqual(refOfKey(key), { category: 'penalty', ref: '石市监罚〔2026〕501号' });
});

test('what the applicant supplies with the application is not a reason to wait', () => {
  const { blocking, toSupply } = splitMissing([
    { code: 'MINIMUM_PERIOD', zh: '最短公示期未满：2027-06-01 起可申请', en: '', date: '2027-06-01' },
    { code: 'OBLIGATIONS_EVIDENCE', zh: '须提交证明材料', en: '' },
    { code: 'COMMITMENT', zh: '须作出信用承诺', en: '' },
  ]);
  assert.deepEqual(blocking.map((m) => m.code), ['MINIMUM_PERIOD']);
  assert.deepEqual(toSupply.map((m) => m.code), ['OBLIGATIONS_EVIDENCE', 'COMMITMENT']);
  assert.deepEqual(splitMissing([{ code: 'COMMITMENT', zh: '', en: '' }]).blocking, []);
});

test('the console channel tells where the code really is', () => {
  assert.equal(codeSentText({ note: { zh: '如代码和名称与平台记录一致……', en: 'If …' } }), '如代码和名称与平台记录一致……');
});

test('evidence files by type or extension, within the size limit', () => {
  assert.equal(evidenceContentType('复议决定书.PDF', ''), 'application/pdf');
  assert.equal(evidenceContentType('a.ofd', ''), 'application/ofd');
  assert.equal(evidenceContentType('scan', 'image/png'), 'image/png');
  assert.equal(evidenceContentType('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), undefined);
  assert.equal(evidenceProblem({ name: 'a.pdf', type: 'application/pdf', size: 5 << 20 }), undefined);
  assert.match(evidenceProblem({ name: 'a.pdf', type: 'application/pdf', size: (5 << 20) + 1 })!, /超过 5 MB/);
  assert.match(evidenceProblem({ name: 'a.docx', type: '', size: 10 })!, /格式不支持/);
  assert.match(evidenceProblem({ name: 'a.pdf', type: 'application/pdf', size: 0 })!, /空文件/);
});

test('a stored session is read back whole; anything else is no session', () => {
  const raw = JSON.stringify({ token: 't', expiresAt: '2026-11-20T04:30:00.000Z', subject: null });
  assert.deepEqual(parseStoredSession(raw), { token: 't', expiresAt: '2026-11-20T04:30:00.000Z', subject: null });
  assert.equal(parseStoredSession('{not json'), undefined);
  assert.equal(parseStoredSession(JSON.stringify({ token: 1 })), undefined);
  assert.equal(parseStoredSession(null), undefined);
});

test('only an ended or missing token sends the visitor back to the identity check', () => {
  assert.equal(sessionEnded({ status: 401, code: 'SUBJECT_TOKEN_INVALID' }), true);
  assert.equal(sessionEnded({ status: 401, code: 'SUBJECT_TOKEN_REQUIRED' }), true);
  assert.equal(sessionEnded({ status: 404, code: 'OBJECTION_NOT_FOUND' }), false);
});

test('the access log names departments and reads in Chinese', () => {
  assert.equal(accessByText({ by: 'staff:rt.clerk', byKind: 'staff', self: false, organization: '石家庄市市场监督管理局' }), '石家庄市市场监督管理局（工作人员）');
  assert.equal(accessByText({ by: 'staff:op', byKind: 'staff', self: false, organization: null }), '平台工作人员');
  assert.equal(accessByText({ by: '本人 the subject', byKind: 'public', self: true, organization: null }), '本人');
  assert.equal(accessByText({ by: '石家庄市财政局', byKind: 'department', self: false, organization: '石家庄市财政局' }), '石家庄市财政局');
  assert.equal(chinesePart('本人查询信用档案 own credit file'), '本人查询信用档案');
  assert.equal(chinesePart('异议处理 objection handling'), '异议处理');
  assert.equal(chinesePart('信用核查 政府采购 石财采〔2026〕88号'), '信用核查 政府采购 石财采〔2026〕88号');
  assert.equal(chinesePart(null), '—');
  assert.equal(whatText(['credit-file']), '信用档案');
  assert.equal(whatText(['evidence:ab12', 'objection']), '证明材料、异议申请');
});

test('report numbers and codes as people type them', () => {
  assert.deepEqual(normalizeReportInput(' xybg20261120000001 ', 'abcd-efgh'), { number: 'XYBG20261120000001', code: 'ABCDEFGH' });
  assert.equal(verifyPageUrl('XYBG1', 'AB CD'), '/reports/verify?number=XYBG1&code=AB%20CD');
});

test('times read in the platform’s time zone', () => {
  assert.equal(formatInstant('2026-11-20T04:00:00.000Z'), '2026-11-20 12:00:00');
  assert.equal(formatClock('2026-11-20T04:30:00.000Z'), '12:30');
  assert.equal(formatInstant(null), '—');
});
