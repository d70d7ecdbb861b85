import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../kernel/calendar.ts';
import { loadRuleFile } from '../../kernel/rules.ts';
import type { PublicationRule } from '../publication/publication.rules.ts';
import {
  challengeProblem,
  challengeRefusal,
  mayDeliver,
  isOverdue,
  normalizeName,
  objectionDeadline,
  parseContact,
  repairDeadline,
  repairEligibility,
  repairNotice,
  type RepairRecord,
  type RightsRule,
} from './rights.rules.ts';

const rights = loadRuleFile<RightsRule>('rights');
const publication = loadRuleFile<PublicationRule>('publication');
const cal = createCalendar();

// Every expected date below was counted by hand from the State Council notices (国办发明电):
// 2025 春节 rest 01-28..02-04, work Sun 01-26 and Sat 02-08; 2025 国庆中秋 rest 10-01..10-08, work
// Sun 09-28 and Sat 10-11; 2026 春节 rest 02-15..02-23, work Sat 02-14 and Sat 02-28; 2026 中秋
// rest 09-25..09-27, work Sun 09-20; 2026 国庆 rest 10-01..10-07, work Sat 10-10.
describe('objection deadlines across holidays (start day not counted)', () => {
  const due = (filedOn: string, kind: 'person' | 'organization' | 'individual_business') => objectionDeadline(rights, cal, filedOn, kind);

  test('2025 Spring Festival: filed Fri 2025-01-24', () => {
    // 01-26 (make-up Sunday) is day 1, 01-27 day 2, then nothing until 02-05; 02-08 (Sat) counts
    assert.deepEqual(due('2025-01-24', 'organization'), { from: '2025-01-24', workingDays: 15, due: '2025-02-20', provisional: false, source: rights[0]!.source });
    assert.equal(due('2025-01-24', 'person').due, '2025-02-27');
    assert.equal(due('2025-01-24', 'person').workingDays, 20);
  });

  test('2025 National Day: filed Fri 2025-09-26', () => {
    assert.equal(due('2025-09-26', 'organization').due, '2025-10-23');
    assert.equal(due('2025-09-26', 'individual_business').due, '2025-10-23'); // a market entity too
    assert.equal(due('2025-09-26', 'person').due, '2025-10-30');
  });

  test('2026 Spring Festival: filed Fri 2026-02-13, the day before the make-up Saturday', () => {
    assert.equal(due('2026-02-13', 'organization').due, '2026-03-12');
    assert.equal(due('2026-02-13', 'person').due, '2026-03-19');
    // filed on the first day of the holiday: 02-24 is day 1
    assert.equal(objectionDeadline(rights, cal, '2026-02-15', 'person').due, '2026-03-20');
  });

  test('2026 Mid-Autumn and National Day: filed Thu 2026-09-24', () => {
    assert.equal(due('2026-09-24', 'organization').due, '2026-10-22');
    assert.equal(due('2026-09-24', 'person').due, '2026-10-29');
    // filed on the make-up Sunday 09-20: the start day is not counted even though it is a working day
    assert.equal(due('2026-09-20', 'organization').due, '2026-10-16');
  });

  test('a deadline reaching into a year without its notice is provisional (statutory holidays assumed)', () => {
    // 2026-12-11 … 2026-12-31 are 15 working days; 2027-01-01 is 元旦 by the statutory rule
    const d = due('2026-12-10', 'person');
    assert.equal(d.due, '2027-01-08');
    assert.equal(d.provisional, true);
    assert.equal(due('2026-11-20', 'person').provisional, false);
    // once the year is official (its notice loaded) the same deadline is no longer provisional
    const loaded = createCalendar({ officialYears: [2027], overrides: [{ date: '2027-01-01', workingDay: false }, { date: '2027-01-04', workingDay: false }] });
    const again = objectionDeadline(rights, loaded, '2026-12-10', 'person');
    assert.deepEqual([again.due, again.provisional], ['2027-01-11', false]);
  });

  test('repair review: 10 working days across National Day 2026', () => {
    assert.equal(repairDeadline(rights, cal, '2026-09-30').due, '2026-10-20');
    assert.equal(repairDeadline(rights, cal, '2026-11-20').due, '2026-12-04');
  });

  test('overdue from the day after the due date; answering on the due date is in time', () => {
    assert.equal(isOverdue('2026-12-11', null, '2026-12-11'), false);
    assert.equal(isOverdue('2026-12-11', null, '2026-12-12'), true);
    assert.equal(isOverdue('2026-12-11', '2026-12-11', '2027-03-01'), false);
    assert.equal(isOverdue('2026-12-11', '2026-12-14', '2027-03-01'), true);
  });
});

describe('repair eligibility', () => {
  const penalty = (over: Partial<RepairRecord> = {}): RepairRecord => ({
    category: 'penalty',
    categoryName: '行政处罚',
    publicationRule: 'penalty',
    listKind: null,
    severity: 'general',
    decisionDate: '2026-06-01',
    status: 'active',
    ...over,
  });
  const given = { commitment: true, obligationsEvidence: true };
  const codes = (e: { missing: { code: string }[] }) => e.missing.map((m) => m.code);

  test('a general penalty: minimum period 3 months, repair from the day after it ends', () => {
    // the minimum period runs through 2026-09-01 (民法典 art. 201-202); 2026-09-02 is the first day
    const before = repairEligibility(publication, rights, { record: penalty(), today: '2026-09-01', provided: given, pendingApplication: false });
    assert.equal(before.eligible, false);
    assert.deepEqual(codes(before), ['MINIMUM_PERIOD']);
    assert.equal(before.earliestDate, '2026-09-02');
    assert.equal(before.missing[0]!.date, '2026-09-02');
    const on = repairEligibility(publication, rights, { record: penalty(), today: '2026-09-02', provided: given, pendingApplication: false });
    assert.deepEqual([on.eligible, on.missing], [true, []]);
  });

  test('a serious penalty: one year; month ends count per 民法典 (08-31 + 12 months = 08-31)', () => {
    const e = repairEligibility(publication, rights, { record: penalty({ severity: 'serious', decisionDate: '2025-08-31' }), today: '2026-08-31', provided: given, pendingApplication: false });
    assert.deepEqual([e.eligible, e.earliestDate], [false, '2026-09-01']);
    // 2024-02-29 + 12 months has no 29th: the period ends 2025-02-28
    const leap = repairEligibility(publication, rights, { record: penalty({ severity: 'serious', decisionDate: '2024-02-29' }), today: '2025-03-01', provided: given, pendingApplication: false });
    assert.deepEqual([leap.eligible, leap.earliestDate], [true, '2025-03-01']);
  });

  test('exactly what is missing: evidence, commitment, a pending application', () => {
    const e = repairEligibility(publication, rights, { record: penalty(), today: '2026-11-20', provided: { commitment: false, obligationsEvidence: false }, pendingApplication: true });
    assert.deepEqual(codes(e), ['REPAIR_PENDING', 'OBLIGATIONS_EVIDENCE', 'COMMITMENT']);
    assert.ok(e.missing.every((m) => m.zh && m.en));
  });

  test('not repairable: light penalties, licenses, red lists, the court list; revoked or repaired records', () => {
    const light = repairEligibility(publication, rights, { record: penalty({ severity: 'light' }), today: '2026-11-20', provided: given, pendingApplication: false });
    assert.deepEqual([light.repairable, codes(light), light.earliestDate], [false, ['NOT_REPAIRABLE'], null]);
    const license = repairEligibility(publication, rights, { record: penalty({ category: 'license', categoryName: '行政许可', publicationRule: 'license', severity: null }), today: '2026-11-20', provided: given, pendingApplication: false });
    assert.deepEqual(codes(license), ['NOT_REPAIRABLE']);
    const red = repairEligibility(publication, rights, { record: penalty({ category: 'a-taxpayer', publicationRule: 'list', listKind: 'red', severity: null }), today: '2026-11-20', provided: given, pendingApplication: false });
    assert.deepEqual(codes(red), ['NOT_REPAIRABLE']);
    const court = repairEligibility(publication, rights, { record: penalty({ category: 'dishonest-debtor', publicationRule: 'list', listKind: 'black', severity: null }), today: '2026-11-20', provided: given, pendingApplication: false });
    assert.deepEqual(codes(court), ['NOT_REPAIRABLE']);
    assert.match(court.missing[0]!.zh, /执行法院/);
    const revoked = repairEligibility(publication, rights, { record: penalty({ status: 'revoked' }), today: '2026-11-20', provided: given, pendingApplication: false });
    assert.deepEqual(codes(revoked), ['RECORD_NOT_CURRENT']);
  });

  test('a serious-dishonesty entry: after 12 months on the list', () => {
    const entry = penalty({ category: 'serious-dishonesty', categoryName: '严重失信主体名单', publicationRule: 'list', listKind: 'black', severity: null, decisionDate: '2025-11-20' });
    const e = repairEligibility(publication, rights, { record: entry, today: '2026-11-20', provided: given, pendingApplication: false });
    assert.deepEqual([e.eligible, e.earliestDate], [false, '2026-11-21']);
    assert.equal(repairEligibility(publication, rights, { record: entry, today: '2026-11-21', provided: given, pendingApplication: false }).eligible, true);
  });

  test('the repair notice says when and how', () => {
    const n = repairNotice({ ...penalty(), ref: '石市监罚〔2026〕101号', departmentName: '石家庄市市场监督管理局', subjectName: '石家庄华信达商贸有限公司' }, publication, rights, '2026-06-01');
    assert.equal(n.repairable, true);
    assert.equal(n.earliestDate, '2026-09-02');
    assert.equal(n.reviewWorkingDays, 10);
    assert.match(n.text, /石家庄华信达商贸有限公司.*2026-09-02/);
    assert.ok(n.conditions.length === 3 && n.materials.length === 3);
  });
});

describe('identity check', () => {
  test('contacts: mobile numbers and e-mail addresses, masked', () => {
    assert.deepEqual(parseContact('138 0013 8000'), { kind: 'mobile', value: '13800138000', masked: '138****8000' });
    assert.deepEqual(parseContact('+8613800138000')?.value, '13800138000');
    assert.deepEqual(parseContact('Li.Wei@Example.cn'), { kind: 'email', value: 'li.wei@example.cn', masked: 'l***@example.cn' });
    assert.equal(parseContact('12345'), undefined);
    assert.equal(parseContact('12800138000'), undefined); // no 12x mobile prefix
  });

  test('names fold full-width brackets and spaces', () => {
    assert.equal(normalizeName(' 石家庄华信达（集团）有限公司 '), normalizeName('石家庄华信达(集团)有限公司'));
    assert.notEqual(normalizeName('张伟'), normalizeName('张玮'));
  });

  test('codes: expiry to the millisecond, attempts, single use, and challenges per hour', () => {
    const rule = rights[0]!.identity;
    const c = { expiresAt: new Date('2026-11-20T04:10:00Z'), attempts: 0, maxAttempts: 5, verifiedAt: null };
    assert.equal(challengeProblem(c, new Date('2026-11-20T04:10:00Z')), undefined);
    assert.equal(challengeProblem(c, new Date('2026-11-20T04:10:00.001Z'))?.code, 'IDENTITY_CODE_EXPIRED');
    assert.equal(challengeProblem({ ...c, attempts: 5 }, new Date('2026-11-20T04:00:00Z'))?.code, 'IDENTITY_ATTEMPTS_EXCEEDED');
    assert.equal(challengeProblem({ ...c, verifiedAt: new Date() }, new Date('2026-11-20T04:00:00Z'))?.code, 'IDENTITY_CODE_USED');
    assert.equal(challengeRefusal({ requesterHour: rule.perRequesterPerHour - 1, requesterIdentityHour: rule.perRequesterPerIdentityPerHour - 1 }, rule), undefined);
    assert.equal(challengeRefusal({ requesterHour: rule.perRequesterPerHour, requesterIdentityHour: 0 }, rule)?.code, 'IDENTITY_CHALLENGES_EXCEEDED');
    assert.equal(challengeRefusal({ requesterHour: 0, requesterIdentityHour: rule.perRequesterPerIdentityPerHour }, rule)?.code, 'IDENTITY_CHALLENGES_EXCEEDED');
    const under = { contactHour: rule.perContactPerHour - 1, contactDay: rule.perContactPerDay - 1, subjectDay: rule.perSubjectPerDay - 1 };
    assert.equal(mayDeliver(under, rule), true);
    assert.equal(mayDeliver({ ...under, contactHour: rule.perContactPerHour }, rule), false);
    assert.equal(mayDeliver({ ...under, contactDay: rule.perContactPerDay }, rule), false);
    assert.equal(mayDeliver({ ...under, subjectDay: rule.perSubjectPerDay }, rule), false);
    // one address alone cannot spend a contact's codes: its own limit comes first
    assert.ok(rule.perRequesterPerIdentityPerHour < rule.perContactPerHour);
  });
});
