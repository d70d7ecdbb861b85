import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../kernel/calendar.ts';
import { loadRuleFile } from '../../kernel/rules.ts';
import { loadCatalogFiles } from './catalog.load.ts';
import { ORG_USCC } from '../../../test/helpers/rows.ts';
import { validateJsonRecord as validateRow } from './catalog.rows.ts';
import {
  clockState,
  creditWarningUntil,
  listLifecycleProblems,
  removalClock,
  termWithRemoval,
  type ListLifecycleRule,
} from './list-lifecycle.rules.ts';

const FILE = loadRuleFile<ListLifecycleRule>('list-lifecycle');
const CATALOG = loadCatalogFiles();
const DD = CATALOG.find((c) => c.code === 'dishonest-debtor')!;
const cal = createCalendar();
const performed = (on: string | null, lxqk = '全部履行') => ({ LXQK: lxqk, LXWBRQ: on });

test('the rule file fits the catalog; a renamed field or an unknown key is a start-up error', () => {
  assert.deepEqual(listLifecycleProblems(FILE, CATALOG), []);
  const dd = FILE[0]!.lists['dishonest-debtor']!;
  assert.equal(dd.removal!.workingDays, 3);
  const broken: ListLifecycleRule[] = [
    { effectiveFrom: '1900-01-01', source: 'x', lists: { 'dishonest-debtor': { removal: { ...dd.removal!, performanceField: 'NOPE', performedOnField: 'LXQK' } }, penalty: {} } },
  ];
  const problems = listLifecycleProblems(broken, CATALOG);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /penalty is not a list category/);
  assert.match(problems.join('\n'), /performanceField NOPE/);
  assert.match(problems.join('\n'), /performedOnField LXQK is not a date field/);
  assert.match(
    listLifecycleProblems([{ effectiveFrom: '1900-01-01', source: 'x', lists: { 'dishonest-debtor': { removal: { ...dd.removal!, performedKeys: ['paid'] } } } }], CATALOG).join(),
    /has no value with key paid/,
  );
});

test('3 working days after 履行完毕 across 国庆 2025 and 2026, to the day (start day not counted, 调休 Saturdays count)', () => {
  // 2025: 10-01..10-08 rest, Sunday 09-28 and Saturday 10-11 are working days
  assert.equal(removalClock(FILE, DD, performed('2025-09-26'), cal)!.deadline, '2025-09-30'); // Sun 28 (调休), Mon 29, Tue 30
  assert.equal(removalClock(FILE, DD, performed('2025-09-30'), cal)!.deadline, '2025-10-11'); // Thu 9, Fri 10, Sat 11 (调休)
  // 2026: 10-01..10-07 rest, Saturday 10-10 a working day
  assert.equal(removalClock(FILE, DD, performed('2026-09-30'), cal)!.deadline, '2026-10-10');
});

test('… and across 春节 2026 (02-15..02-23 rest, Saturdays 02-14 and 02-28 working)', () => {
  assert.equal(removalClock(FILE, DD, performed('2026-02-12'), cal)!.deadline, '2026-02-24'); // Fri 13, Sat 14 (调休), Tue 24
  assert.equal(removalClock(FILE, DD, performed('2026-02-13'), cal)!.deadline, '2026-02-25');
  assert.equal(removalClock(FILE, DD, performed('2026-02-14'), cal)!.deadline, '2026-02-26');
  // performed on a rest day: the next working days count
  assert.equal(removalClock(FILE, DD, performed('2026-02-18'), cal)!.deadline, '2026-02-26');
});

test('only an entry marked fully performed (any accepted spelling, stored canonical) has a clock', () => {
  assert.equal(removalClock(FILE, DD, performed('2026-11-02', '全部未履行'), cal), undefined);
  assert.equal(removalClock(FILE, DD, performed('2026-11-02', '部分未履行'), cal), undefined);
  assert.equal(removalClock(FILE, DD, performed(null), cal), undefined);
  const other = CATALOG.find((c) => c.code === 'serious-dishonesty')!;
  assert.equal(removalClock(FILE, other, performed('2026-11-02'), cal), undefined);
  assert.deepEqual(removalClock(FILE, DD, performed('2026-11-02'), cal), { performedOn: '2026-11-02', workingDays: 3, deadline: '2026-11-05' });
});

test('the catalog needs the date when the entry is marked 全部履行 (zh + en), and reads 履行完毕 as 全部履行', () => {
  const row = {
    主体名称: '保定某某建材有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: ORG_USCC, 案号: '（2026）冀0602执1号', 执行法院: '保定市竞秀区人民法院',
    执行依据文号: '（2025）冀0602民初1号', 做出执行依据单位: '保定市竞秀区人民法院', 立案时间: '2026-01-10', 生效法律文书确定的义务: '支付货款', 履行情况: '履行完毕',
    失信行为具体情形: '有履行能力而拒不履行生效法律文书确定义务', 认定日期: '2026-03-01',
  };
  const missing = validateRow(DD, row, '2026-11-20');
  assert.equal(missing.ok, false);
  if (!missing.ok) {
    const e = missing.errors.find((x) => x.field === 'LXWBRQ')!;
    assert.equal(e.code, 'PERFORMED_ON_MISSING');
    assert.match(e.zh, /履行完毕日期/);
    assert.match(e.en, /date of full performance/);
  }
  const ok = validateRow(DD, { ...row, 履行完毕日期: '2026-11-02' }, '2026-11-20');
  assert.equal(ok.ok, true);
  if (ok.ok) assert.deepEqual([ok.record.fields.LXQK, ok.record.fields.LXWBRQ], ['全部履行', '2026-11-02']);
  const before = validateRow(DD, { ...row, 履行完毕日期: '2026-01-09' }, '2026-11-20');
  assert.equal(before.ok, false); // before 立案时间
});

test('the stored term is cut at the deadline; the clock runs through the deadline and is overdue the day after', () => {
  const clock = removalClock(FILE, DD, performed('2026-09-30'), cal)!;
  assert.equal(termWithRemoval(undefined, clock), '2026-10-10');
  assert.equal(termWithRemoval('2028-03-01', clock), '2026-10-10');
  assert.equal(termWithRemoval('2026-10-05', clock), '2026-10-05'); // a term ending earlier stays
  assert.equal(termWithRemoval('2028-03-01', undefined), '2028-03-01');
  assert.equal(clockState(clock, 'active', '2026-10-09'), 'running');
  assert.equal(clockState(clock, 'active', '2026-10-10'), 'due-today');
  assert.equal(clockState(clock, 'active', '2026-10-11'), 'overdue');
  assert.equal(clockState(clock, 'exited', '2026-10-11'), 'done');
});

test('the working days are effective-dated by the performance day, to the day', () => {
  const rules: ListLifecycleRule[] = [
    FILE[0]!,
    { effectiveFrom: '2026-11-04', source: 'test', lists: { 'dishonest-debtor': { removal: { ...FILE[0]!.lists['dishonest-debtor']!.removal!, workingDays: 5 } } } },
  ];
  assert.equal(removalClock(rules, DD, performed('2026-11-03'), cal)!.deadline, '2026-11-06'); // 3 working days
  assert.equal(removalClock(rules, DD, performed('2026-11-04'), cal)!.deadline, '2026-11-11'); // 5 working days
});

test('信用警示: only where the list allows it, at most maxDays from its first day', () => {
  assert.deepEqual(creditWarningUntil(FILE, 'dishonest-debtor', '2026-11-02', undefined), { ok: true, until: '2027-01-30' }); // 90 days, both ends
  assert.deepEqual(creditWarningUntil(FILE, 'dishonest-debtor', '2026-11-02', '2027-01-30'), { ok: true, until: '2027-01-30' });
  const long = creditWarningUntil(FILE, 'dishonest-debtor', '2026-11-02', '2027-01-31');
  assert.equal(long.ok ? '' : long.code, 'CREDIT_WARNING_TOO_LONG');
  const back = creditWarningUntil(FILE, 'dishonest-debtor', '2026-11-02', '2026-11-01');
  assert.equal(back.ok ? '' : back.code, 'CREDIT_WARNING_UNTIL_BEFORE_FROM');
  const no = creditWarningUntil(FILE, 'serious-dishonesty', '2026-11-02', undefined);
  assert.equal(no.ok ? '' : no.code, 'CREDIT_WARNING_NOT_ALLOWED');
  const unknown = creditWarningUntil(FILE, 'a-taxpayer', '2026-11-02', undefined);
  assert.equal(unknown.ok ? '' : unknown.code, 'CREDIT_WARNING_NOT_ALLOWED');
});
