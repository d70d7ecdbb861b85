import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile } from '../../kernel/rules.ts';
import { createCalendar } from '../../kernel/calendar.ts';
import { checkTip, checkOutcome, tipsRuleProblems, dueDate, escalationLevel, escalationRegion, matterKind, pickDepartment, regionOfCode, receiptNumber, tipsRuleOn, windowStart, type TipsRule } from './tips.rules.ts';

const rules = loadRuleFile<TipsRule>('tips');
const rule = tipsRuleOn(rules, '2026-11-20');
const calendar = createCalendar();

test('an empty tip, a tip without subject or matter, and a bad phone are refused, never echoing a value', () => {
  const empty = checkTip({}, rule);
  assert.equal(empty.ok, false);
  assert.equal(!empty.ok && empty.violations[0]!.code, 'TIP_EMPTY');
  const blank = checkTip({ subjectName: '  ', matter: '\n ' }, rule);
  assert.equal(!blank.ok && blank.violations[0]!.code, 'TIP_EMPTY');
  const noSubject = checkTip({ matter: '该公司长期销售假冒伪劣食品，欺骗消费者' }, rule);
  assert.deepEqual(!noSubject.ok && noSubject.violations.map((v) => v.code), ['TIP_NO_SUBJECT']);
  const noMatter = checkTip({ subjectName: '某某公司' }, rule);
  assert.deepEqual(!noMatter.ok && noMatter.violations.map((v) => v.code), ['TIP_NO_MATTER']);
  const short = checkTip({ subjectName: '某某公司', matter: '骗人' }, rule);
  assert.deepEqual(!short.ok && short.violations.map((v) => v.code), ['TIP_MATTER_TOO_SHORT']);
  const phone = checkTip({ subjectName: '某某公司', matter: '该公司长期销售假冒伪劣食品，欺骗消费者', reporter: { name: '张秘密', phone: '12345' } }, rule);
  assert.equal(!phone.ok && phone.violations[0]!.code, 'TIP_REPORTER_PHONE');
  assert.ok(!JSON.stringify(phone).includes('张秘密') && !JSON.stringify(phone).includes('12345'));
  const nul = checkTip({ subjectName: '某某\u0000公司', matter: '该公司长期销售假冒伪劣食品，欺骗消费者' }, rule);
  assert.equal(!nul.ok && nul.violations[0]!.code, 'CONTROL_CHARACTER');
});

test('a good tip is trimmed; anonymous has no reporter; a code alone names the subject', () => {
  const named = checkTip({ subjectName: ' 某某公司 ', matter: '该公司长期销售假冒伪劣食品，欺骗消费者', reporter: { name: '张三', phone: '138 0000 0000' } }, rule);
  assert.deepEqual(named.ok && named.tip.reporter, { name: '张三', phone: '13800000000' });
  assert.equal(named.ok && named.tip.subjectName, '某某公司');
  const anon = checkTip({ subjectName: '某某公司', matter: '该公司长期销售假冒伪劣食品，欺骗消费者' }, rule);
  assert.equal(anon.ok && anon.tip.reporter, null);
  const byCode = checkTip({ subjectCode: '91130100ma12345678', matter: '该公司长期销售假冒伪劣食品，欺骗消费者' }, rule);
  assert.equal(byCode.ok && byCode.tip.subjectName, '91130100MA12345678');
});

test('the region of a code: a USCC’s authority, an ID number’s address; only Hebei', () => {
  assert.equal(regionOfCode('91130100MA12345678'), '130100');
  assert.equal(regionOfCode('91130602MA12345678'), '130602');
  assert.equal(regionOfCode('130102198001010012'), '130102');
  assert.equal(regionOfCode('91110000MA12345678'), undefined); // Beijing
  assert.equal(regionOfCode(null), undefined);
});

test('routing: the kind by keyword, the department up the region chain, the credit office as fallback', () => {
  assert.equal(matterKind('销售假冒食品', rule), 'market-regulation');
  assert.equal(matterKind('建筑工地违规施工', rule), 'housing-construction');
  assert.equal(matterKind('拖欠农民工工资', rule), 'human-resources');
  assert.equal(matterKind('其他失信行为', rule), 'credit-office');
  const deps = [
    { id: 1, regionCode: '130000', kinds: ['credit-office'], active: true },
    { id: 2, regionCode: '130100', kinds: ['market-regulation'], active: true },
    { id: 3, regionCode: '130102', kinds: ['market-regulation'], active: false },
    { id: 4, regionCode: '130600', kinds: ['credit-office'], active: true },
  ];
  assert.equal(pickDepartment('130102', 'market-regulation', 'credit-office', deps)?.id, 2); // county inactive → city
  assert.equal(pickDepartment('130602', 'market-regulation', 'credit-office', deps)?.id, 4); // no kind → city credit office
  assert.equal(pickDepartment('130102', 'tax', 'credit-office', deps)?.id, 1); // → province credit office
  assert.equal(pickDepartment('130102', 'tax', 'credit-office', []), undefined);
});

test('the due date is 15 working days after receipt, across the National Day holiday', () => {
  // received Friday 2025-09-26; 2025-10-01..08 are holidays, 09-28 and 10-11 make-up working days
  assert.equal(dueDate('2025-09-26', rule, calendar), calendar.addWorkingDays('2025-09-26', 15));
  assert.equal(dueDate('2025-09-26', rule, calendar), '2025-10-23');
  assert.equal(dueDate('2026-11-20', rule, calendar), '2026-12-11');
});

test('escalation: none on the due date, level 1 the next working day, +1 every 5 working days', () => {
  const due = '2026-12-11'; // a Friday
  assert.equal(escalationLevel(due, '2026-12-11', rule, calendar), 0);
  assert.equal(escalationLevel(due, '2026-12-12', rule, calendar), 0); // Saturday: no working day late yet
  assert.equal(escalationLevel(due, '2026-12-14', rule, calendar), 1);
  assert.equal(escalationLevel(due, '2026-12-18', rule, calendar), 1); // 5 working days late
  assert.equal(escalationLevel(due, '2026-12-21', rule, calendar), 2); // 6
  assert.equal(escalationRegion('130102', 1), '130102');
  assert.equal(escalationRegion('130102', 2), '130100');
  assert.equal(escalationRegion('130102', 3), '130000');
  assert.equal(escalationRegion('130102', 9), '130000');
});

test('outcomes only on open tips; not-competent needs where it went', () => {
  assert.equal(checkOutcome('received', 'substantiated', undefined).ok, true);
  assert.equal(checkOutcome('in-progress', 'not-competent', ' ').ok, false);
  assert.equal(checkOutcome('in-progress', 'not-competent', '石家庄市税务局').ok, true);
  const closed = checkOutcome('unsubstantiated', 'substantiated', undefined);
  assert.equal(!closed.ok && closed.code, 'TIP_CLOSED');
});

test('receipt numbers and rate windows', () => {
  assert.equal(receiptNumber('2026-11-20', '00001234'), 'JB2026112000001234');
  assert.equal(windowStart(new Date('2026-11-20T04:59:59.999Z'), 3_600_000).toISOString(), '2026-11-20T04:00:00.000Z');
  assert.equal(windowStart(new Date('2026-11-20T05:00:00.000Z'), 3_600_000).toISOString(), '2026-11-20T05:00:00.000Z');
});

test('rules/tips.json is valid; a kind that is not a department kind is named', async () => {
  const { departmentKindList } = await import('../access/departments.store.ts');
  const kinds = new Set(departmentKindList('2026-11-20').kinds.map((k) => k.code));
  assert.deepEqual(tipsRuleProblems(rules, kinds), []);
  const bad = [{ ...rule, routing: { ...rule.routing, kinds: [{ kind: 'astrology', keywords: ['星'] }] }, limits: { ...rule.limits, evidenceBytes: 0 } }];
  assert.deepEqual(tipsRuleProblems(bad, kinds), [
    'rules/tips.json (effectiveFrom 1900-01-01): routing kind astrology is not a department kind',
    'rules/tips.json (effectiveFrom 1900-01-01): limits.evidenceBytes must be a positive integer',
  ]);
});
