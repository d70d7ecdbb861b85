import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../kernel/calendar.ts';
import { loadRuleFile } from '../../kernel/rules.ts';
import {
  actionDateProblem,
  commitmentProblems,
  defaultDueDate,
  isCommitmentPublic,
  isOverdue,
  lastDayToFulfil,
  severityOf,
  transitionProblem,
  validateCommitmentRules,
  type CommitmentRule,
} from './commitments.rules.ts';

const calendar = createCalendar(); // chinese-days: official 2026 holidays and 调休
const rules = loadRuleFile<CommitmentRule>('commitments');
const base = rules[0]!;
const withTolerance = (t: Partial<CommitmentRule['tolerance']>): CommitmentRule[] => [{ ...base, tolerance: { ...base.tolerance, ...t } }];

describe('tolerance due dates across holidays, to the day', () => {
  test('the rule file is valid', () => validateCommitmentRules(rules));

  test('default due date: 20 working days after the day made, holidays skipped', () => {
    assert.equal(defaultDueDate(rules, calendar, '2026-11-20'), '2026-12-18'); // Friday; four plain weeks
    // 国庆 2026: 10-01 … 10-07 off, 10-10 (Saturday) a make-up working day
    assert.equal(defaultDueDate(rules, calendar, '2026-09-25'), '2026-10-29');
  });

  test('a due date on a holiday moves to the next working day; overdue only the day after', () => {
    const last = lastDayToFulfil(rules, calendar, '2026-09-20', '2026-10-01');
    assert.equal(last, '2026-10-08');
    assert.equal(isOverdue(last, '2026-10-08'), false);
    assert.equal(isOverdue(last, '2026-10-09'), true);
  });

  test('Spring Festival: due 2026-02-15 → last day 2026-02-24', () => {
    assert.equal(lastDayToFulfil(rules, calendar, '2026-02-01', '2026-02-15'), '2026-02-24');
    assert.equal(lastDayToFulfil(rules, calendar, '2026-02-01', '2026-02-14'), '2026-02-14'); // a make-up Saturday is a working day
  });

  test('a plain Sunday moves to Monday; a working day stays', () => {
    assert.equal(lastDayToFulfil(rules, calendar, '2026-10-01', '2026-10-11'), '2026-10-12');
    assert.equal(lastDayToFulfil(rules, calendar, '2026-10-01', '2026-10-10'), '2026-10-10');
    assert.equal(lastDayToFulfil(rules, calendar, '2026-11-01', '2026-11-20'), '2026-11-20');
  });

  test('calendar days when the rule says so; grace working days added after the last day', () => {
    assert.equal(lastDayToFulfil(withTolerance({ dueOnRestDayMovesToNextWorkingDay: false }), calendar, '2026-09-20', '2026-10-01'), '2026-10-01');
    assert.equal(lastDayToFulfil(withTolerance({ graceWorkingDays: 2 }), calendar, '2026-09-20', '2026-09-30'), '2026-10-09');
    assert.equal(lastDayToFulfil(withTolerance({ graceWorkingDays: 1 }), calendar, '2026-09-20', '2026-10-01'), '2026-10-09');
  });

  test('the rule in force is chosen by the made-on date', () => {
    const two: CommitmentRule[] = [base, { ...base, effectiveFrom: '2026-10-01', tolerance: { ...base.tolerance, graceWorkingDays: 5 } }];
    assert.equal(lastDayToFulfil(two, calendar, '2026-09-30', '2026-11-20'), '2026-11-20');
    assert.equal(lastDayToFulfil(two, calendar, '2026-10-01', '2026-11-20'), '2026-11-27');
  });
});

describe('input and transitions', () => {
  const ok = { kind: 'tolerance', content: '30日内补交消防验收意见书', madeOn: '2026-11-20', dueOn: '2026-12-20', matterRef: 'XK-1' };
  const codes = (i: Parameters<typeof commitmentProblems>[0]) => commitmentProblems(i, '2026-11-20').map((p) => p.code);

  test('a valid commitment has no problem; due on the made-on day is allowed', () => {
    assert.deepEqual(codes(ok), []);
    assert.deepEqual(codes({ ...ok, dueOn: '2026-11-20' }), []);
  });

  test('a due date before the made-on date, a future made-on date, bad dates, unknown kind, empty content', () => {
    assert.deepEqual(codes({ ...ok, dueOn: '2026-11-19' }), ['COMMITMENT_DUE_BEFORE_MADE']);
    assert.deepEqual(codes({ ...ok, madeOn: '2026-11-21', dueOn: '2026-12-01' }), ['DATE_IN_FUTURE']);
    assert.deepEqual(codes({ ...ok, madeOn: '2026-02-30' }), ['DATE_INVALID']);
    assert.deepEqual(codes({ ...ok, kind: 'promise', dueOn: undefined }), ['COMMITMENT_KIND_UNKNOWN']);
    assert.deepEqual(codes({ ...ok, content: '' }), ['COMMITMENT_CONTENT_MISSING']);
    assert.deepEqual(codes({ ...ok, kind: 'notification' }), ['COMMITMENT_DUE_NOT_ALLOWED']);
    const p = commitmentProblems({ ...ok, dueOn: '2026-11-19' }, '2026-11-20')[0]!;
    assert.match(p.zh, /履行期限 2026-11-19 不能早于承诺日期 2026-11-20/);
    assert.match(p.en, /due date 2026-11-19 cannot be before/);
  });

  test('only an in-force commitment may be fulfilled or breached', () => {
    assert.equal(transitionProblem('in-force', 'fulfilled'), undefined);
    assert.equal(transitionProblem('breached', 'fulfilled')?.code, 'COMMITMENT_BREACHED');
    assert.equal(transitionProblem('fulfilled', 'breached')?.code, 'COMMITMENT_FULFILLED');
    assert.equal(transitionProblem('void', 'breached')?.code, 'COMMITMENT_VOID');
  });

  test('a fulfilment or breach date lies between the made-on date and today', () => {
    assert.equal(actionDateProblem('fulfilledOn', '2026-11-20', '2026-11-01', '2026-11-20'), undefined);
    assert.equal(actionDateProblem('fulfilledOn', '2026-11-21', '2026-11-01', '2026-11-20')?.code, 'DATE_IN_FUTURE');
    assert.equal(actionDateProblem('breachedOn', '2026-10-31', '2026-11-01', '2026-11-20')?.code, 'DATE_BEFORE_COMMITMENT');
  });
});

describe('severity and openness are data', () => {
  test('a false 告知承诺 is serious, a late 容缺 supply general (defaults)', () => {
    assert.equal(severityOf(rules, 'notification', '2026-11-20'), 'serious');
    assert.equal(severityOf(rules, 'tolerance', '2026-11-20'), 'general');
  });

  test('organizations’ commitments are public, persons’ are not', () => {
    assert.equal(isCommitmentPublic(rules, { kind: 'tolerance', subjectKind: 'organization' }, '2026-11-20'), true);
    assert.equal(isCommitmentPublic(rules, { kind: 'tolerance', subjectKind: 'person' }, '2026-11-20'), false);
    assert.equal(isCommitmentPublic([{ ...base, publicKinds: ['voluntary'] }], { kind: 'tolerance', subjectKind: 'organization' }, '2026-11-20'), false);
  });

  test('a broken rule file stops the start-up with the entry named', () => {
    assert.throws(() => validateCommitmentRules([{ ...base, severityByKind: { ...base.severityByKind, tolerance: 'grave' as 'general' } }]), /severityByKind\.tolerance/);
    assert.throws(() => validateCommitmentRules([{ ...base, tolerance: { ...base.tolerance, defaultWorkingDays: 0 } }]), /defaultWorkingDays/);
  });
});
