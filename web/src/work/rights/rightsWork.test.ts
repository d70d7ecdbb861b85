import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctionFields, countsTotal, onTimeRate, windowObjectionBody } from './rightsWork.ts';

test('a correction sends the values by field, for exactly one record', () => {
  assert.deepEqual(correctionFields('fields', [{ field: 'CF_NR', value: '罚款人民币叁万元' }, { field: 'CF_NR_FK', value: '3' }], 1), {
    fields: { CF_NR: '罚款人民币叁万元', CF_NR_FK: '3' },
  });
  // empty rows are ignored; half-filled ones are not
  assert.deepEqual(correctionFields('fields', [{ field: 'CF_NR', value: ' x ' }, {}], 1), { fields: { CF_NR: 'x' } });
  assert.match(correctionFields('fields', [{}], 1).problem!, /至少一项/);
  assert.match(correctionFields('fields', [{ value: 'x' }], 1).problem!, /选择要更正的信息项/);
  assert.match(correctionFields('fields', [{ field: 'CF_NR' }], 1).problem!, /CF_NR/);
  assert.match(correctionFields('fields', [{ field: 'CF_NR', value: 'a' }, { field: 'CF_NR', value: 'b' }], 1).problem!, /两次/);
  assert.match(correctionFields('fields', [{ field: 'CF_NR', value: 'a' }], 2).problem!, /一条记录/);
});

test('a correction already submitted through collection sends no values, for any number of records', () => {
  assert.deepEqual(correctionFields('resubmitted', [{ field: 'CF_NR', value: 'ignored' }], 3), {});
});

test('counts add up over departments; the in-time rate counts open objections past their due date against it', () => {
  const row = (name: string, onTime: number, late: number, openOverdue: number) => ({
    department: { id: 1, name },
    items: onTime + late + openOverdue,
    open: openOverdue,
    decided: onTime + late,
    onTime,
    late,
    openOverdue,
    corrected: 0,
    revoked: onTime,
    upheld: late,
  });
  const total = countsTotal([row('a', 3, 1, 0), row('b', 0, 0, 2)]);
  assert.deepEqual([total.items, total.onTime, total.late, total.openOverdue, total.revoked], [6, 3, 1, 2, 3]);
  assert.equal(onTimeRate(total), '50%');
  assert.equal(onTimeRate({ onTime: 2, late: 1, openOverdue: 0 }), '66.7%');
  assert.equal(onTimeRate({ onTime: 0, late: 0, openOverdue: 0 }), '—');
});

test('a window filing needs records that can be contested, the document seen and confirmed, and a reason', () => {
  const rec = (ref: string, over: object = {}) => ({ category: 'penalty', categoryName: '行政处罚', ref, decisionDate: '2026-06-01', department: { id: 1, name: '石家庄市市场监督管理局' }, status: 'active', linked: false, contestable: true, openObjection: false, ...over });
  const v = { document: 'id_card' as const, checked: true, reason: ' 处罚对象错误 ', applicantName: ' 张三 ', contact: '' };
  assert.deepEqual(windowObjectionBody(' 130102199001011234 ', [rec('甲1号')], v).body, {
    subject: '130102199001011234',
    records: [{ category: 'penalty', ref: '甲1号' }],
    reason: '处罚对象错误',
    inPerson: { document: 'id_card', checked: true },
    applicant: { name: '张三' },
  });
  assert.equal(windowObjectionBody('X', [rec('甲1号')], { ...v, applicantName: '' }).body?.applicant, undefined);
  assert.match(windowObjectionBody('X', [], v).problem!, /勾选/);
  assert.match(windowObjectionBody('X', [rec('甲2号', { contestable: false, openObjection: true })], v).problem!, /甲2号.*正在处理/);
  assert.match(windowObjectionBody('X', [rec('甲1号')], { ...v, document: undefined }).problem!, /身份证件/);
  assert.match(windowObjectionBody('X', [rec('甲1号')], { ...v, checked: false }).problem!, /当面核验/);
  assert.match(windowObjectionBody('X', [rec('甲1号')], { ...v, reason: '  ' }).problem!, /理由/);
});
