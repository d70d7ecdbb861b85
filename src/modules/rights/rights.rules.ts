// Subject rights, pure: deadlines of objections and repair reviews (working days, effective-
// dated, provisional when a year's holiday notice is missing), repair eligibility and the repair
// notice (两书同达), and the small rules of the identity check. No I/O, no clock.
import { addDays, addMonths, compareDates, type DateStr } from '../../kernel/dates.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import { ruleInForce, type Effective } from '../../kernel/rules.ts';
import { minimumPeriodEnd, type PublicationRule, type Severity } from '../publication/publication.rules.ts';
import type { SubjectKind } from '../subjects/subjects.rules.ts';

export type ListRepairRule =
  | { repairable: true; minMonths: number; source: string }
  | { repairable: false; how: string; howEn: string };

export type RightsRule = Effective & {
  source: string;
  objection: { personWorkingDays: number; marketEntityWorkingDays: number };
  repair: {
    reviewWorkingDays: number;
    requireObligationsEvidence: boolean;
    requireCommitment: boolean;
    lists: Record<string, ListRepairRule>;
  };
  identity: {
    otpDigits: number;
    otpMinutes: number;
    maxAttempts: number; // wrong codes per challenge
    sessionMinutes: number;
    perRequesterPerHour: number; // challenges from one address
    perRequesterPerIdentityPerHour: number; // challenges from one address for one code and name
    perContactPerHour: number; // codes sent to one contact on file
    perContactPerDay: number;
    perSubjectPerDay: number; // codes sent to all of a subject's contacts
    flowMinutes: number; // identity-provider and certificate sign-ins under way
  };
};

// --- deadlines -----------------------------------------------------------------------------------

// A deadline of N working days from a date: the N-th working day after it (start day not
// counted), provisional when a day it examines lies in a year without the State Council notice.
export type Deadline = { from: DateStr; workingDays: number; due: DateStr; provisional: boolean; source: string };

export function deadline(calendar: Pick<Calendar, 'addWorkingDays' | 'isProvisional'>, from: DateStr, workingDays: number, source: string): Deadline {
  return { from, workingDays, due: calendar.addWorkingDays(from, workingDays), provisional: calendar.isProvisional(from, workingDays), source };
}

// Persons 20 working days [2017 五(三)], market entities (organizations, individual businesses)
// 15 [2018 四(九)], by the rule in force on the filing day.
export function objectionDeadline(rules: readonly RightsRule[], calendar: Pick<Calendar, 'addWorkingDays' | 'isProvisional'>, filedOn: DateStr, kind: SubjectKind): Deadline {
  const rule = ruleInForce(rules, filedOn);
  const n = kind === 'person' ? rule.objection.personWorkingDays : rule.objection.marketEntityWorkingDays;
  return deadline(calendar, filedOn, n, rule.source);
}

export function repairDeadline(rules: readonly RightsRule[], calendar: Pick<Calendar, 'addWorkingDays' | 'isProvisional'>, filedOn: DateStr): Deadline {
  const rule = ruleInForce(rules, filedOn);
  return deadline(calendar, filedOn, rule.repair.reviewWorkingDays, rule.source);
}

// Overdue: answered after the due day, or still unanswered after it. The due day itself is in time.
export function isOverdue(due: DateStr, decidedOn: DateStr | null, today: DateStr): boolean {
  return compareDates(decidedOn ?? today, due) > 0;
}

// --- repair eligibility ----------------------------------------------------------------------------

export type RepairRecord = {
  category: string;
  categoryName: string;
  publicationRule: 'penalty' | 'license' | 'list' | 'none';
  listKind: 'red' | 'black' | null;
  severity: Severity | null;
  decisionDate: DateStr;
  status: string;
};

export type MissingCode =
  | 'NOT_REPAIRABLE'
  | 'RECORD_NOT_CURRENT'
  | 'MINIMUM_PERIOD'
  | 'OBLIGATIONS_EVIDENCE'
  | 'COMMITMENT'
  | 'REPAIR_PENDING';

export type Missing = { code: MissingCode; zh: string; en: string; date?: DateStr };

export type Repairability =
  | { repairable: true; earliestDate: DateStr; basis: string; basisEn: string }
  | { repairable: false; zh: string; en: string };

// When a record may be repaired at all, and from which day, by the rules in force on its
// decision date. A period "has passed" the day after its last day (民法典 art. 201–202: the
// period's last day is the corresponding day; publication windows count the same way).
export function repairability(r: RepairRecord, publication: readonly PublicationRule[], rights: readonly RightsRule[], today: DateStr): Repairability {
  if (r.publicationRule === 'penalty') {
    const severity = r.severity ?? 'general';
    const end = minimumPeriodEnd(publication, r.decisionDate, severity);
    if (!end)
      return { repairable: false, zh: '轻微失信行为信息不予公示，也不触发惩戒措施，无需信用修复', en: 'Light violations are neither published nor trigger measures: there is nothing to repair' };
    const label = severity === 'serious' ? '严重' : '一般';
    return {
      repairable: true,
      earliestDate: addDays(end, 1),
      basis: `行政处罚信息（${label}失信）最短公示期届满（至 ${end}）后可申请信用修复（信用修复管理办法）`,
      basisEn: `A ${severity} penalty may be repaired once its minimum publication period (through ${end}) has passed`,
    };
  }
  if (r.publicationRule === 'list' && r.listKind === 'black') {
    const rule = ruleInForce(rights, today).repair.lists[r.category];
    if (rule && !rule.repairable) return { repairable: false, zh: rule.how, en: rule.howEn };
    const months = rule?.repairable ? rule.minMonths : 0;
    const end = addMonths(r.decisionDate, months);
    return {
      repairable: true,
      earliestDate: months > 0 ? addDays(end, 1) : addDays(r.decisionDate, 1),
      basis: rule?.repairable ? `${rule.source}（列入满 ${months} 个月，至 ${end}）` : `${r.categoryName}：纠正失信行为、消除不良影响后可申请信用修复`,
      basisEn: months > 0 ? `The entry may be repaired after ${months} months on the list (through ${end})` : 'The entry may be repaired once the dishonest conduct is corrected',
    };
  }
  return { repairable: false, zh: `“${r.categoryName}”不属于失信信息，无需信用修复`, en: `${r.category} is not negative information: there is nothing to repair` };
}

export type EligibilityInput = {
  record: RepairRecord;
  today: DateStr;
  provided: { commitment: boolean; obligationsEvidence: boolean };
  pendingApplication: boolean;
};

export type RepairEligibility = { eligible: boolean; earliestDate: DateStr | null; repairable: boolean; basis: string | null; missing: Missing[] };

// Everything that stands between the subject and an application, each item said exactly.
export function repairEligibility(publication: readonly PublicationRule[], rights: readonly RightsRule[], input: EligibilityInput): RepairEligibility {
  const { record: r, today } = input;
  const rule = ruleInForce(rights, today).repair;
  const missing: Missing[] = [];
  const can = repairability(r, publication, rights, today);
  if (!can.repairable) {
    missing.push({ code: 'NOT_REPAIRABLE', zh: can.zh, en: can.en });
    return { eligible: false, earliestDate: null, repairable: false, basis: null, missing };
  }
  if (r.status === 'revoked' || r.status === 'repaired')
    missing.push({
      code: 'RECORD_NOT_CURRENT',
      zh: r.status === 'revoked' ? '该信息已撤销，无需修复' : '该信息已完成信用修复',
      en: r.status === 'revoked' ? 'The record was revoked: there is nothing to repair' : 'The record was already repaired',
    });
  if (input.pendingApplication)
    missing.push({ code: 'REPAIR_PENDING', zh: '该信息已有待审核的信用修复申请', en: 'A repair application for this record is already under review' });
  if (compareDates(today, can.earliestDate) < 0)
    missing.push({
      code: 'MINIMUM_PERIOD',
      zh: `最短公示期（或名单期限）未满：${can.earliestDate} 起可申请`,
      en: `The minimum period has not passed: apply from ${can.earliestDate}`,
      date: can.earliestDate,
    });
  if (rule.requireObligationsEvidence && !input.provided.obligationsEvidence)
    missing.push({
      code: 'OBLIGATIONS_EVIDENCE',
      zh: '须提交已履行行政处罚决定或认定文书所定义务的证明材料（如缴款凭证、整改报告）',
      en: 'Evidence that the obligations of the decision were fulfilled is required (payment receipt, rectification report)',
    });
  if (rule.requireCommitment && !input.provided.commitment)
    missing.push({ code: 'COMMITMENT', zh: '须作出并公开信用承诺（信用承诺书）', en: 'A public credit commitment (信用承诺书) is required' });
  return { eligible: missing.length === 0, earliestDate: can.earliestDate, repairable: true, basis: can.basis, missing };
}

// --- repair notice (两书同达) ---------------------------------------------------------------------

export type RepairNotice = {
  title: string;
  repairable: boolean;
  earliestDate: DateStr | null;
  basis: string | null;
  conditions: string[];
  materials: string[];
  how: string;
  reviewWorkingDays: number;
  text: string;
};

// The 信用修复告知书 that goes out with each penalty or list decision: when and how the subject
// may apply, from the rules in force.
export function repairNotice(
  r: RepairRecord & { ref: string; departmentName: string; subjectName: string },
  publication: readonly PublicationRule[],
  rights: readonly RightsRule[],
  today: DateStr,
): RepairNotice {
  const can = repairability(r, publication, rights, today);
  const review = ruleInForce(rights, today).repair.reviewWorkingDays;
  const title = '信用修复告知书';
  if (!can.repairable)
    return {
      title,
      repairable: false,
      earliestDate: null,
      basis: null,
      conditions: [],
      materials: [],
      how: can.zh,
      reviewWorkingDays: review,
      text: `${r.subjectName}：${r.departmentName}作出的${r.categoryName}（${r.ref}，${r.decisionDate}）${can.zh}。`,
    };
  const conditions = ['最短公示期（或名单期限）届满', '已履行行政处罚决定或认定文书确定的义务，纠正失信行为、消除不良影响', '作出信用承诺并向社会公开'];
  const materials = ['信用修复申请（信用河北网站在线填写）', '履行义务的证明材料（缴款凭证、整改报告等）', '信用承诺书'];
  const how = `自 ${can.earliestDate} 起，可通过信用河北网站“信用修复”栏目（经身份核验）在线申请，或由${r.departmentName}代为登记；${r.departmentName}自受理之日起 ${review} 个工作日内审核并答复。修复后停止公示，并解除因该信息实施的失信惩戒措施。`;
  return {
    title,
    repairable: true,
    earliestDate: can.earliestDate,
    basis: can.basis,
    conditions,
    materials,
    how,
    reviewWorkingDays: review,
    text: `${r.subjectName}：${r.departmentName}于 ${r.decisionDate} 作出${r.categoryName}（${r.ref}）。依据${can.basis}，${how}申请条件：${conditions.join('；')}。所需材料：${materials.join('；')}。`,
  };
}

// --- identity check ------------------------------------------------------------------------------

export type Contact = { kind: 'mobile' | 'email'; value: string; masked: string };

// A mainland mobile number or an e-mail address, normalized and masked for display.
export function parseContact(raw: string): Contact | undefined {
  const v = raw.trim().replace(/[\s-]/g, '');
  const mobile = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(v);
  if (mobile) return { kind: 'mobile', value: mobile[1]!, masked: `${mobile[1]!.slice(0, 3)}****${mobile[1]!.slice(-4)}` };
  const email = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/.exec(raw.trim().toLowerCase());
  if (email && email[0].length <= 254) return { kind: 'email', value: email[0], masked: `${email[1]!.slice(0, 1)}***@${email[2]}` };
  return undefined;
}

// Names compare without spaces, with full-width ASCII and brackets folded to half-width.
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
}

// Limits on one-time codes. Refusals fall only on the requester (its address): nobody can make
// the platform refuse a subject. Codes per contact and per subject are held back silently when
// over their limits — the answer stays the same, so it tells nobody who is on file — which bounds
// both message flooding and guessing (a challenge without a code can never verify), while the
// subject still has the identity provider, the certificate and the service window.
export type ChallengeCounts = { requesterHour: number; requesterIdentityHour: number; contactHour: number; contactDay: number; subjectDay: number };

export function challengeRefusal(c: Pick<ChallengeCounts, 'requesterHour' | 'requesterIdentityHour'>, rule: RightsRule['identity']): { code: string; zh: string; en: string } | undefined {
  if (c.requesterIdentityHour >= rule.perRequesterPerIdentityPerHour)
    return {
      code: 'IDENTITY_CHALLENGES_EXCEEDED',
      zh: `同一地址一小时内为同一主体获取验证码不能超过 ${rule.perRequesterPerIdentityPerHour} 次，请稍后再试，或使用统一身份认证、数字证书登录`,
      en: `At most ${rule.perRequesterPerIdentityPerHour} codes per hour for one subject from one address; try later, or sign in with the identity provider or a certificate`,
    };
  if (c.requesterHour >= rule.perRequesterPerHour)
    return {
      code: 'IDENTITY_CHALLENGES_EXCEEDED',
      zh: `同一地址一小时内获取验证码不能超过 ${rule.perRequesterPerHour} 次，请稍后再试`,
      en: `At most ${rule.perRequesterPerHour} codes per hour from one address; try again later`,
    };
  return undefined;
}

export function mayDeliver(c: Pick<ChallengeCounts, 'contactHour' | 'contactDay' | 'subjectDay'>, rule: RightsRule['identity']): boolean {
  return c.contactHour < rule.perContactPerHour && c.contactDay < rule.perContactPerDay && c.subjectDay < rule.perSubjectPerDay;
}

export type ChallengeState = { expiresAt: Date; attempts: number; maxAttempts: number; verifiedAt: Date | null };

export function challengeProblem(c: ChallengeState, now: Date): { code: string; zh: string; en: string } | undefined {
  if (c.verifiedAt) return { code: 'IDENTITY_CODE_USED', zh: '验证码已使用，请重新获取', en: 'The code was already used; request a new one' };
  if (c.attempts >= c.maxAttempts) return { code: 'IDENTITY_ATTEMPTS_EXCEEDED', zh: '验证码错误次数过多，请重新获取', en: 'Too many wrong codes; request a new one' };
  if (now.getTime() > c.expiresAt.getTime()) return { code: 'IDENTITY_CODE_EXPIRED', zh: '验证码已过期，请重新获取', en: 'The code has expired; request a new one' };
  return undefined;
}
