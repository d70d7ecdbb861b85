import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildReportContent,
  contentHash,
  dataChanges,
  dataHash,
  normalizeVerificationCode,
  reportNumber,
  reportStatement,
  verificationCode,
  CODE_ALPHABET,
  REPORT_NUMBER_PATTERN,
  type ReportRecord,
  scopeStatement,
  notesOf,
} from './reports.rules.ts';

const rec = (over: Partial<ReportRecord> = {}): ReportRecord => ({
  id: '1',
  version: 1,
  category: 'penalty',
  categoryName: '行政处罚',
  listKind: null,
  ref: '石市监罚〔2026〕1号',
  department: '石家庄市市场监督管理局',
  decisionDate: '2026-06-01',
  severity: 'general',
  status: 'active',
  statusOn: null,
  validUntil: null,
  publicFrom: '2026-06-01',
  publicUntil: '2027-06-01',
  disputed: false,
  via: null,
  fields: [{ name: '处罚内容', value: '罚款' }],
  ...over,
});
const subject = { id: 'u', kind: 'organization' as const, name: '某公司', code: '91130100MA0A1B2C3X', maskedId: null };
const content = (records: ReportRecord[]) => buildReportContent({ number: 'XYBG20261120000001', edition: 'public', issuedAt: '2026-11-20T04:00:00.000Z', asOf: '2026-11-20', purpose: null, subject, records, linked: [] });

test('numbers and codes', () => {
  assert.equal(reportNumber('2026-11-20', 1), 'XYBG20261120000001');
  assert.equal(reportNumber('2026-11-20', 1_000_123), 'XYBG20261120000123');
  assert.ok(REPORT_NUMBER_PATTERN.test(reportNumber('2026-11-20', 42)));
  const code = verificationCode(new Uint8Array([0, 1, 30, 31, 255, 128, 64, 7]));
  assert.equal(code.length, 8);
  assert.ok([...code].every((c) => CODE_ALPHABET.includes(c)));
  assert.ok(!/[01OIL]/.test(CODE_ALPHABET));
  assert.equal(normalizeVerificationCode(' ab3d-ef 9h '), 'AB3DEF9H');
});

test('content: records newest first, summary counts, hashes independent of input order', () => {
  const a = rec({ id: '1', decisionDate: '2026-03-01', ref: 'A' });
  const b = rec({ id: '2', decisionDate: '2026-06-01', ref: 'B', disputed: true });
  const c1 = content([a, b]);
  const c2 = content([b, a]);
  assert.deepEqual(c1.data.records.map((r) => r.ref), ['B', 'A']);
  assert.deepEqual([c1.summary.total, c1.summary.disputed, c1.summary.byCategory], [2, 1, [{ category: 'penalty', categoryName: '行政处罚', count: 2 }]]);
  assert.equal(contentHash('sha256', c1), contentHash('sha256', c2));
  assert.equal(dataHash('sm3', c1.data).length, 64);
  assert.notEqual(dataHash('sha256', c1.data), dataHash('sha256', content([a]).data));
});

test('the signed statement names everything that makes the report', () => {
  const s = reportStatement({ number: 'XYBG20261120000001', issuedAt: '2026-11-20T04:00:00.000Z', edition: 'full', hashAlg: 'sm3', contentHash: 'ab', pdfSha256: 'cd' });
  assert.equal(s, 'xinyong-report/v1\nXYBG20261120000001\n2026-11-20T04:00:00.000Z\nfull\nsm3:ab\ncd');
});

test('changes since issue, record by record', () => {
  const then = content([rec({ ref: 'A' }), rec({ id: '2', ref: 'B' })]).data;
  const now = content([rec({ ref: 'A', id: '9', version: 2, fields: [{ name: '处罚内容', value: '罚款（已更正）' }] }), rec({ id: '3', ref: 'C' })]).data;
  assert.deepEqual(dataChanges(then, now), [
    { kind: 'changed', category: 'penalty', ref: 'A' },
    { kind: 'removed', category: 'penalty', ref: 'B' },
    { kind: 'added', category: 'penalty', ref: 'C' },
  ]);
  assert.deepEqual(dataChanges(then, then), []);
});

test('a full edition in a limited scope says so and counts what it left out; without a scope nothing changes', () => {
  const person = { id: 'p', kind: 'person' as const, name: '王某', code: null, maskedId: '130102********1234' };
  const base = { number: 'XYBG20261207000001', edition: 'full' as const, issuedAt: '2026-12-07T04:00:00.000Z', asOf: '2026-12-07', purpose: '行政许可审查', subject: person, records: [rec({ ref: 'L' })], linked: [] };
  const scope = { kind: 'own-region-records' as const, region: '130600', regionName: '河北省保定市', withheld: { records: 2, linked: 1 } };
  const limited = buildReportContent({ ...base, scope });
  assert.deepEqual(limited.scope, scope);
  assert.equal(limited.summary.total, 1, 'the summary counts what the report holds');
  assert.equal(limited.notes[1], scopeStatement(scope));
  assert.match(limited.notes[1]!, /另有 3 条信息未予载明（其中关联信息 1 条）/);
  assert.match(limited.notes[1]!, /河北省保定市部门报送的信息/);
  const whole = buildReportContent(base);
  assert.ok(!('scope' in whole), 'a report in the whole scope has no scope key: earlier reports’ hashes are unchanged');
  assert.deepEqual(whole.notes, notesOf('full'));
  assert.notEqual(contentHash('sha256', limited), contentHash('sha256', whole));
  assert.equal(dataHash('sha256', limited.data), dataHash('sha256', whole.data), 'the data hash is of the records shown only');
  // a public edition never carries one
  assert.ok(!('scope' in buildReportContent({ ...base, edition: 'public', scope })));
});
