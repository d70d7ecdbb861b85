// Credit checks (信用核查) and feedback (反馈): a responding department asks what applies to a
// subject in one scenario; the answer is stored as a snapshot, and the department later says
// what it did with each measure.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { appendAuditsWith, writeAudit, type Actor } from '../../kernel/audit.ts';
import { createBatcher, type Batcher } from '../../kernel/batcher.ts';
import { attachTrace, mark, traceOf, type Trace } from '../../kernel/phase-trace.ts';
import { badRequest, conflict, DomainError, notFound } from '../../kernel/errors.ts';
import type { Department } from '../access/departments.store.ts';
import {
  applicableMeasures,
  eligibilityOf,
  feedbackOwed,
  feedbackProblems,
  isFeedbackLate,
  measuresThatWouldApply,
  readSubjectCode,
  type AppliedMeasure,
  type Eligibility,
  type FileMeasure,
  type FeedbackItem,
  type ListInfo,
  type MatterOutcome,
} from './sanctions.rules.ts';
import { subjectKeyOf } from '../subjects/subjects.rules.ts';
import * as store from './checks.store.ts';
import { nonceClaimsSql, nonceVerdicts, type NonceVerdict } from '../access/clients.store.ts';
import { nonceRefusal, type DeferredNonce } from '../access/signing.ts';
import { publicRecordIdsAmong } from '../publication/publication.store.ts';
import { withholdEligibility, withholdMeasures } from './check-privacy.rules.ts';
import { checkGradeColumn, classificationForCheck, type CheckClassification, type CheckGradeRead } from '../classification/classification.service.ts';
import { inReadScope, type ReadScope } from '../access/personal-data.rules.ts';
import { recordHolderRegions, recordRegionsOf } from '../collection/records.store.ts';

// May the requester see the person's non-public records behind this check, and which? (the
// personal-data rule, decided by the caller, which knows the principal): false — none; a scope —
// the whole file, or only the records held in the requester's region, with the id of the subject's
// authorization the read rests on (banks, agencies; named in the check's audit event). Absent: none.
// recordRegions: the regions of the departments holding the person's current records, read with
// the candidates (recordRegionsOf's answer, without a round trip of its own).
export type DetailsGate = (
  subject: store.CheckedSubject,
  recordRegions: readonly string[],
) => Promise<{ scope: ReadScope; authorization: { id: string; purpose: string } | null } | false>;

// Which of a check's records a reader sees: the public ones, and of the others all (scope whole),
// none (no scope), or (outside the person's own region) those held by departments of the reader's
// region. Used by a check as it runs and by the read of a stored check.
export async function recordsShown(p: Platform, ids: readonly number[], pub: ReadonlySet<number>, scope: ReadScope | false): Promise<ReadonlySet<number>> {
  if (!scope) return pub;
  if (scope.kind === 'whole') return new Set(ids);
  const holders = await recordHolderRegions(p.db, ids);
  return new Set(ids.filter((id) => pub.has(id) || inReadScope(scope, { holderRegion: holders.get(id) })));
}

// The one-code key of a person with a 居民身份证 number (subjects.rules.ts subjectKeyOf).
export const personKey = (p: Platform, idNumber: string): string => subjectKeyOf({ kind: 'person', name: '', idType: 'id_card', idNumber }, p.crypto);

export type CheckInput = { subject: string; scenario: string; matterRef?: string };

export type CheckSubject =
  | { found: true; id: string; kind: string; name: string; code: string | null; maskedId: string | null }
  | { found: false; code: string };

export type CheckAnswer = {
  checkId: string;
  checkedAt: string;
  result: 'checked' | 'no-record';
  department: { uscc: string; name: string };
  scenario: string;
  matterRef: string | null;
  subject: CheckSubject;
  measures: AppliedMeasure[];
  eligibility: Eligibility;
  feedbackDue: DateStr | null;
  // the subject's credit grade and 重点监管对象 flag (a person's only to a requester who may read their non-public records)
  classification: CheckClassification | null;
};

// Categories a check reads, and what the lists are: derived from the catalog.
export function sanctionCategories(p: Platform): { relevant: string[]; black: string[]; listOf: (category: string) => ListInfo | undefined } {
  const defs = p.catalog.all();
  const lists = new Map(defs.filter((d) => d.list).map((d) => [d.code, { kind: d.list!.kind, name: d.name }] as const));
  return {
    relevant: defs.filter((d) => d.list || d.severityField).map((d) => d.code),
    black: [...lists].filter(([, l]) => l.kind === 'black').map(([c]) => c),
    listOf: (c) => lists.get(c),
  };
}

export function scenarioOrThrow(p: Platform, scenario: string): void {
  if (!p.measures.vocabulary.scenarios.some((s) => s.code === scenario))
    throw badRequest(
      'SCENARIO_UNKNOWN',
      `未知业务场景 ${scenario}，可用：${p.measures.vocabulary.scenarios.map((s) => `${s.code}（${s.name}）`).join('、')}`,
      `Unknown scenario ${scenario}; available: ${p.measures.vocabulary.scenarios.map((s) => s.code).join(', ')}`,
    );
}

// The measures a subject's credit file would trigger today (any implementer, any scenario), with
// its green-channel standing: the staff credit query's view. Reads only; nothing is stored.
export async function measuresOfSubject(p: Platform, subjectPublicId: string): Promise<{ measures: FileMeasure[]; eligibility: Eligibility }> {
  const today = p.today();
  const cats = sanctionCategories(p);
  const [measures, found] = await Promise.all([p.measures.current(), store.subjectWithCandidates(p.db, [{ column: 'public_id', value: subjectPublicId }], cats.relevant, cats.black)]);
  const rule = ruleInForce(p.rules.sanctions, today);
  const eligibility = eligibilityOf(found.records, cats.listOf, today, rule.greenChannelYears, found.subject !== undefined);
  const applied = measuresThatWouldApply(measures, found.records, eligibility.greenChannel, today);
  for (const m of applied)
    for (const h of [m.trigger, ...m.triggers]) if (h.category) h.categoryName = p.catalog.find(h.category)?.name ?? h.category;
  return { measures: applied, eligibility };
}

// nonce: a signed request's nonce, recorded with the stored check (one commit; signing.ts).
// trace: the steps of this check, kept only under `bench check --phases` (src/kernel/phase-trace.ts).
export async function runCheck(p: Platform, actor: Actor, department: Department, input: CheckInput, nonce?: DeferredNonce, details?: DetailsGate, trace?: Trace): Promise<CheckAnswer> {
  scenarioOrThrow(p, input.scenario);
  const today = p.today();
  const read = readSubjectCode(input.subject, today);
  if (!read.ok) throw badRequest(read.error.code, `主体代码无效：${read.error.zh}`, `Invalid subject code: ${read.error.en}`, { subject: input.subject });
  const matterRef = input.matterRef?.trim() || null;
  const cats = sanctionCategories(p);
  const lookups = read.readings.map((r) =>
    r.column === 'id_number' ? { column: 'subject_key' as const, value: personKey(p, r.value) } : { column: r.column, value: r.value },
  );
  attachTrace(lookups, trace);
  mark(trace, 'read.queued');
  const [measures, found] = await Promise.all([p.measures.current(), candidateReader(p)(lookups)]);
  mark(trace, 'read.done');
  const rule = ruleInForce(p.rules.sanctions, today);
  const s = found.subject;
  const eligibility = eligibilityOf(found.records, cats.listOf, today, rule.greenChannelYears, s !== undefined);
  const applied = applicableMeasures(measures, {
    departmentKinds: department.kinds,
    departmentId: department.id,
    scenario: input.scenario,
    records: found.records,
    cleanRecord: eligibility.greenChannel,
    today,
  });
  for (const m of applied)
    for (const h of [m.trigger, ...m.triggers]) if (h.category) h.categoryName = p.catalog.find(h.category)?.name ?? h.category;
  // a person's non-public records are shown only to a requester who may read them
  let shownMeasures = applied;
  let shownEligibility = eligibility;
  let nonPublic = 0;
  let withheld = false;
  let withheldCount = 0;
  let scope: ReadScope | false = false;
  let authorization: { id: string; purpose: string } | null = null;
  if (s?.kind === 'person' && found.records.length > 0) {
    const ids = found.records.map((r) => Number(r.id));
    // read with the candidates, as of the batch's day (publicRecordIdsAmong's rule)
    const person = found.person ?? { publicIds: await publicRecordIdsAmong(p.db, ids, today), recordRegions: await recordRegionsOf(p.db, s.id) };
    const pub = person.publicIds;
    nonPublic = ids.filter((id) => !pub.has(id)).length;
    if (nonPublic > 0) {
      const gate = details ? await details(s, person.recordRegions) : false;
      if (gate) ({ scope, authorization } = gate);
      const shown = await recordsShown(p, ids, pub, scope);
      withheldCount = ids.filter((id) => !shown.has(id)).length;
      if (withheldCount > 0) {
        withheld = true;
        shownMeasures = withholdMeasures(applied, shown).value;
        shownEligibility = withholdEligibility(eligibility, shown, scope ? 'out-of-region' : 'unauthorized').value;
      }
    }
  }
  // a person's 诚信积分 rests on their non-public records: shown only where those are
  const classification = s && !(s.kind === 'person' && withheld) ? await classificationForCheck(p, s, found.also as CheckGradeRead) : null;
  mark(trace, 'graded');
  const now = p.now();
  const answer: CheckAnswer = {
    checkId: randomUUID(),
    checkedAt: now.toISOString(),
    result: s ? 'checked' : 'no-record',
    department: { uscc: department.uscc, name: department.name },
    scenario: input.scenario,
    matterRef,
    subject: s
      ? { found: true, id: s.publicId, kind: s.kind, name: s.name, code: s.uscc ?? s.regNo, maskedId: s.idMasked }
      : { found: false, code: read.display },
    measures: shownMeasures,
    eligibility: shownEligibility,
    feedbackDue: feedbackOwed(applied) ? p.calendar.addWorkingDays(today, rule.feedbackWorkingDays) : null,
    classification,
  };
  await checkWriter(p).write(
    {
      id: answer.checkId,
      subjectId: s?.id ?? null,
      subjectCode: s?.kind === 'person' ? (s.idMasked ?? read.display) : read.display,
      departmentId: department.id,
      scenario: input.scenario,
      matterRef,
      actor: actor.id,
      checkedAt: now,
      checkedOn: today,
      snapshot: answer,
      feedbackDue: answer.feedbackDue,
      measures: applied,
      // kept with the check: the subject's access log names the authorization that opened the file
      authorization: nonPublic && authorization ? authorization : null,
    },
    {
      actor,
      target: s ? `subject:${s.publicId}` : `code:${read.display}`,
      detail: {
        checkId: answer.checkId,
        department: department.uscc,
        scenario: input.scenario,
        matterRef,
        measures: applied.map((m) => m.measureId),
        // a person's non-public records the check read, and whether they were withheld from the answer
        // and the scope applied: none (withheld), whole, or own-region-records with the count withheld
        ...(nonPublic ? { nonPublicRecords: nonPublic, withheld, scope: scope ? scope.kind : 'none', withheldRecords: withheldCount } : {}),
        // the subject's authorization the read of those records rested on (banks, agencies)
        ...(nonPublic && authorization ? { authorization: authorization.id, authorizationPurpose: authorization.purpose } : {}),
      },
      // the purpose of the read: a check of a person reads their non-public records (and, as a
      // full report's read does, the authorization it rested on)
      why: `信用核查 credit check: ${input.scenario}${matterRef ? ` ${matterRef}` : ''}${nonPublic && authorization ? `（依据主体授权 ${authorization.id}，授权用途：${authorization.purpose}）` : ''}`,
    },
    nonce,
    trace,
  );
  mark(trace, 'write.done');
  return answer;
}

// The subjects of concurrent checks are read together: while one read is out, the codes that
// arrive queue and go in the next statement (one round trip for many checks).
type Found = Awaited<ReturnType<typeof store.subjectsWithCandidates>>[number];
const READ_BATCH_MAX = 200;
const candidateReader = (p: Platform) => p.modules.sanctions.reader;

function createCandidateReader(p: Platform): Batcher<readonly store.SubjectLookup[], Found> {
  return createBatcher((batch) => {
    const cats = sanctionCategories(p);
    // the subject's grade (with the records of its 重点监管对象 domains) and, for a person, which
    // candidates are public today and where their records are held: in the same statement (one
    // round trip per batch for all)
    for (const l of batch) mark(traceOf(l), 'read.sent', batch.length);
    const read = store.subjectsWithCandidates(p.db, batch, cats.relevant, cats.black, { sql: checkGradeColumn, name: 'grade' }, p.today());
    return traceOf(batch[0]!) ? read.then((r) => (batch.forEach((l) => mark(traceOf(l), 'read.back')), r)) : read;
  }, { max: READ_BATCH_MAX });
}

// Checks are stored with their audit event in one transaction; checks that arrive while a
// transaction is being written wait and go together into the next one (group commit): one
// transaction per check would pay a disk flush per check. (The audit event no longer takes the
// chain's head lock: the sequencer links it after commit, docs/decisions/0019.) A check answers only after it is stored. A signed
// request's nonce is recorded in the same transaction, first: a check whose nonce is refused (a
// replay, or a key revoked meanwhile) is neither stored nor audited, and answers the refusal.
type AuditItem = { actor: Actor; target: string; detail: Record<string, unknown>; why: string };
type Pending = { check: store.NewCheck; audit: AuditItem; nonce: DeferredNonce | undefined; trace?: Trace };
export type CheckWriter = { write(check: store.NewCheck, audit: AuditItem, nonce?: DeferredNonce, trace?: Trace): Promise<void> };

const MAX_BATCH = 200;
const WRITE_BATCHES = 3; // check-writing transactions out at once per process
const checkWriter = (p: Platform): CheckWriter => p.modules.sanctions.writer;

// The sanctions module's own state for one platform (composed in src/platform.ts): the
// candidate reader and the check writer, both group-committing.
export type ChecksState = { reader: Batcher<readonly store.SubjectLookup[], Found>; writer: CheckWriter };

export function createChecksState(p: Platform): ChecksState {
  return { reader: createCandidateReader(p), writer: createCheckWriter(p) };
}

export function createCheckWriter(p: Platform): CheckWriter {
  // the checks stored, and those refused for their nonce with the verdict. One statement, which
  // commits or fails as a whole (no transaction to open and commit: one round trip instead of
  // four): the nonces, then the checks with their audit events, unchained, each written only if
  // its nonce was fresh. (A failing batch, e.g. two processes racing for one nonce key, has its
  // checks retried one by one.)
  const store1 = async (batch: readonly Pending[]): Promise<NonceVerdict[]> => {
    for (const b of batch) mark(b.trace, 'write.sent', batch.length);
    const signed = batch.filter((b) => b.nonce);
    const claims = signed.map((b) => b.nonce!.claim);
    const ordOf = new Map<Pending, number>(signed.map((b, i) => [b, i + 1])); // nonce_input.ord
    const gates = batch.map((b) => ordOf.get(b) ?? null);
    const admitted = claims.length ? 'check_admitted' : undefined;
    const rows = await appendAuditsWith<{ ord: number; valid: boolean; fresh: boolean }>(
      p.db,
      batch.map((b, i) => ({ actor: b.audit.actor, action: 'credit-check.run', target: b.audit.target, detail: b.audit.detail, context: { why: b.audit.why }, gate: gates[i] })),
      (first) => {
        const checks = store.insertChecksSql(batch.map((b) => b.check), claims.length ? first + 2 : first, admitted ? { of: gates, admitted } : undefined);
        if (!claims.length) return checks;
        const nonces = nonceClaimsSql(claims, p.now(), first, false);
        return {
          ctes: `${nonces.ctes}, check_admitted AS (SELECT ord FROM ${nonces.result} WHERE valid AND fresh), ${checks.ctes}`,
          params: [...nonces.params, ...checks.params],
          name: 'sanctions.signed-checks', // (PostgreSQL keeps 63 characters of a name)
          result: nonces.result,
        };
      },
      admitted,
    );
    for (const b of batch) mark(b.trace, 'write.back');
    const v = nonceVerdicts([...rows].sort((a, b) => a.ord - b.ord));
    return batch.map((b) => (ordOf.has(b) ? v[ordOf.get(b)! - 1]! : 'fresh'));
  };
  // a (client, nonce) pair at most once per batch: a second one waits for the next
  const batcher = createBatcher(store1, {
    max: MAX_BATCH,
    key: (b: Pending) => (b.nonce ? `${b.nonce.claim.clientId}:${b.nonce.claim.nonce}` : undefined),
    retryAlone: true, // one bad check must not fail the others
    // no chain-head lock any more: a check that arrives while a batch commits goes out at once in
    // the next one instead of waiting for it (one commit cycle instead of two)
    concurrency: WRITE_BATCHES,
  });
  return {
    async write(check, audit, nonce, trace) {
      mark(trace, 'write.queued');
      const verdict = await batcher({ check, audit, nonce, trace });
      if (nonce) nonce.state = verdict === 'fresh' ? 'spent' : 'refused';
      if (verdict !== 'fresh') throw await nonceRefusal(p, nonce!, verdict);
    },
  };
}

export async function getCheck(p: Platform, id: string): Promise<store.StoredCheck> {
  const c = await store.findCheck(p.db, id);
  if (!c) throw notFound('CHECK_NOT_FOUND', `核查 ${id} 不存在`, `Credit check ${id} not found`);
  return c;
}

export type FeedbackInput = { measures: FeedbackItem[]; matterOutcome: MatterOutcome; note?: string };

export type FeedbackAnswer = {
  checkId: string;
  complete: boolean;
  late: boolean;
  feedbackDue: DateStr | null;
  matterOutcome: string;
  measures: { measureId: string; suspended: boolean; outcome: string | null; reason: string | null }[];
};

// Feedback per measure, once each; the check is complete when every measure that was not
// suspended has an outcome. Only the department that made the check may give it.
export async function giveFeedback(p: Platform, actor: Actor, department: Department, checkId: string, input: FeedbackInput): Promise<FeedbackAnswer> {
  const now = p.now();
  const today = p.today();
  return p.db.tx(async (tx) => {
    const c = await store.findCheck(tx, checkId, true);
    if (!c || c.departmentId !== department.id) throw notFound('CHECK_NOT_FOUND', `核查 ${checkId} 不存在`, `Credit check ${checkId} not found`);
    const names = new Map((await p.measures.current()).map((m) => [m.id, m.name]));
    const problems = feedbackProblems(c.measures, input.measures, (id) => names.get(id));
    if (problems.length) {
      const exists = problems.every((x) => x.code === 'FEEDBACK_EXISTS');
      const zh = problems.map((x) => x.zh).join('；');
      const en = problems.map((x) => x.en).join('; ');
      if (exists) throw new DomainError(409, 'FEEDBACK_EXISTS', zh, en, { problems });
      throw badRequest('FEEDBACK_INVALID', `反馈有误：${zh}`, `The feedback is invalid: ${en}`, { problems });
    }
    const answered = new Map(input.measures.map((m) => [m.measureId, m]));
    const after = c.measures.map((m) => ({ ...m, outcome: m.outcome ?? answered.get(m.measureId)?.outcome ?? null, reason: m.reason ?? answered.get(m.measureId)?.reason?.trim() ?? null }));
    const complete = after.every((m) => m.suspended || m.outcome !== null);
    if (input.measures.length === 0 && c.matterOutcome !== null && c.matterOutcome === input.matterOutcome)
      throw conflict('FEEDBACK_EXISTS', '该核查已反馈事项结果', 'The matter outcome was already given');
    await store.recordFeedback(tx, c.id, input.measures, actor.id, now, { outcome: input.matterOutcome, note: input.note?.trim() || null }, complete);
    const late = c.feedbackDue !== null && isFeedbackLate(c.feedbackDue, today, today);
    await writeAudit(tx, actor, 'credit-check.feedback', `credit-check:${c.id}`, {
      measures: input.measures.map((m) => ({ measureId: m.measureId, outcome: m.outcome })),
      matterOutcome: input.matterOutcome,
      complete,
      late,
    });
    return {
      checkId: c.id,
      complete,
      late,
      feedbackDue: c.feedbackDue,
      matterOutcome: input.matterOutcome,
      measures: after.map((m) => ({ measureId: m.measureId, suspended: m.suspended, outcome: m.outcome, reason: m.reason })),
    };
  });
}
