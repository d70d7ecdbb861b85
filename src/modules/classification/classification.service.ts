// Credit classification: grades kept current by the job runner (dirty subjects drained, review
// days swept), full runs under a model with progress, and the graded answer with its explanation.
// Grades are derived state: their changes are kept in classification_history (append-only); runs,
// which an operator starts, are audited.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { RULES_DIR } from '../../kernel/rules.ts';
import { addDays, addMonths } from '../../kernel/dates.ts';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { gradingRecordsSql, recordRefsByIds, recordsForGrading, tagKeywordDomains, untaggedSample, type GradingRecordRow } from '../collection/records.store.ts';
import { countSubjects, findSubjectByCode, SUBJECT_KINDS_SQL, SUBJECT_RANGE_SQL, subjectKinds, subjectRangeCuts, subjectRangeEnd, subjectPage, subjectsByIds, type Subject } from '../subjects/subjects.store.ts';
import { compileGrading, keywordTagKey, keywordTagSql } from './classification.compile.ts';
import {
  decisionOf,
  gradeSubject,
  modelInForce,
  modelLabel,
  validateModelFile,
  type ClassificationModel,
  type GradeRecord,
  type Grading,
  type ListKindOf,
  type ModelProblem,
} from './classification.rules.ts';
import * as store from './classification.store.ts';

export const DRAIN_TASK = 'classification.drain';
export const RUN_TASK = 'classification.run';

type Loaded = { entries: ClassificationModel[]; labels: Map<ClassificationModel, string> };
// engine: how drains and runs grade — 'sql' (the compiled model, decisions/0036) or 'js' (the
// reference rules, page by page; kept for comparison and the bench's before figures)
// drain: the drain job of this process while it runs — `pending` is set by a kick that arrives
// meanwhile, `wake` ends its linger (drainWhileKicked)
// runLanes: a full run's lanes on PostgreSQL (decision 0056); laneWorkers: parallel workers per
// lane's grading (max_parallel_workers_per_gather; null: the server's setting; default 0); runJit:
// PostgreSQL's JIT for a partition's statements (RUN_JIT)
export type ClassificationState = Loaded & {
  file: string;
  kicking: boolean;
  engine: 'sql' | 'js';
  runLanes: number;
  laneWorkers: number | null;
  runJit: RunJit;
  drain: { active: boolean; pending: boolean; wake: (() => void) | null };
};

function problemsText(problems: readonly ModelProblem[]): { zh: string; en: string } {
  return { zh: problems.map((x) => `${x.path}：${x.zh}`).join('；'), en: problems.map((x) => `${x.path}: ${x.en}`).join('; ') };
}

// A model file read and validated; refused (CLASSIFICATION_MODEL_INVALID, naming each problem) before use.
export function loadModelFile(path: string): Loaded & { json: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw badRequest('CLASSIFICATION_MODEL_INVALID', `分类模型文件无法读取：${(err as Error).message}`, `The classification model file cannot be read: ${(err as Error).message}`, { file: path });
  }
  const v = validateModelFile(json);
  if (!v.ok) {
    const t = problemsText(v.problems);
    throw badRequest('CLASSIFICATION_MODEL_INVALID', `分类模型有误，未启用：${t.zh}`, `The classification model is refused: ${t.en}`, { file: path, problems: v.problems });
  }
  const labels = new Map(v.entries.map((e) => [e, modelLabel(e, createHash('sha256').update(JSON.stringify(e)).digest('hex'))]));
  return { entries: v.entries, labels, json };
}

// Loaded at start (src/platform.ts): a platform with an invalid model does not start.
export function createClassificationState(file = `${RULES_DIR}classification.json`): ClassificationState {
  const { entries, labels } = loadModelFile(file);
  return { file, entries, labels, kicking: false, engine: 'sql', runLanes: RUN_LANES, laneWorkers: RUN_LANE_WORKERS, runJit: RUN_JIT, drain: { active: false, pending: false, wake: null } };
}

const state = (p: Platform): ClassificationState => p.modules.classification;

export function listKindOf(p: Platform): ListKindOf {
  return (c) => p.catalog.find(c)?.list?.kind;
}

// The model compiled to SQL (classification.compile.ts), once per model entry, catalog and form:
// 'ids' reads the records of gs's subjects through the subject index (drains, reads, small sets)
// and builds the explanation; 'range' reads the records of the subjects lo < id <= hi ($9, $10)
// in one pass (a full run's partition, decision 0042) and grades without the explanation
// (decision 0043: built when the grade is read, explained below).
const compiledCache = { ids: new WeakMap<ClassificationModel, string>(), range: new WeakMap<ClassificationModel, string>(), 'range-parallel': new WeakMap<ClassificationModel, string>() };
export function compiledGrading(p: Platform, entry: ClassificationModel, form: 'ids' | 'range' | 'range-parallel' = 'ids'): string {
  let c = compiledCache[form].get(entry);
  if (c === undefined) {
    const lists = p.catalog.all().filter((x) => x.list);
    c = compileGrading(
      entry,
      { red: lists.filter((x) => x.list!.kind === 'red').map((x) => x.code), black: lists.filter((x) => x.list!.kind === 'black').map((x) => x.code) },
      (kwWhen) => gradingRecordsSql(form === 'ids' ? 'gs' : { lo: '$9::bigint', hi: '$10::bigint' }, entry.keySupervision.keywordFields, kwWhen),
      '$2', // the day of grading: the write's gradedOn
      { explain: form === 'ids', parallel: form === 'range-parallel' },
    ).ctes;
    compiledCache[form].set(entry, c);
  }
  return c;
}

// The keyword domains of every current record version stored under the model's words (decision
// 0042), lazily: only versions not yet tagged under these words (new ones, or all when the words
// changed). Grading tests untagged versions itself, so this is speed, never correctness.
export async function tagRecordKeywords(p: Platform, entry: ClassificationModel): Promise<number> {
  const key = keywordTagKey(entry.keySupervision);
  return key === null ? 0 : tagKeywordDomains(p.db, key, keywordTagSql(entry.keySupervision));
}

// Before a full run (decision 0056): the tagging pass only where a sample of the table's pages
// finds at least 1 % of current versions untagged under the model's words (the words changed, or
// many versions arrived since the last run) or the table is too small for a sample (tagging it is
// cheap). Otherwise the few untagged versions are searched by the run's grading, which is always
// correct (decision 0042: a tag is speed, never correctness): the tagging pass reads the whole
// record table (≈ 16 s of a 76 s run of 1 M subjects at load 7, the table at 10 GB after its first
// tagging) to find a handful of new versions.
export const TAG_SAMPLE_MIN = 1000;
export const TAG_UNTAGGED_SHARE = 0.01;
export async function tagRecordKeywordsIfMany(p: Platform, entry: ClassificationModel): Promise<number | null> {
  const key = keywordTagKey(entry.keySupervision);
  if (key === null) return 0;
  const s = await untaggedSample(p.db, key);
  if (s.sampled >= TAG_SAMPLE_MIN && s.untagged < TAG_UNTAGGED_SHARE * s.sampled) return null;
  return tagRecordKeywords(p, entry);
}

// Grades computed in SQL for the given subjects as of a day, without writing (the equality test
// of both engines, and what a page write would write).
export async function gradesInSql(p: Platform, entry: ClassificationModel, ids: readonly number[], today: string): Promise<store.NewGrade[]> {
  return store.selectGraded(p.db, store.idsSource(ids, SUBJECT_KINDS_SQL), compiledGrading(p, entry), today);
}

// The same in JS (gradeSubject, the reference): what regradeIds and the JS engine write.
export async function gradesInJs(p: Platform, entry: ClassificationModel, ids: readonly number[], today: string): Promise<store.NewGrade[]> {
  const kinds = await subjectKinds(p.db, ids);
  const subjects = ids.flatMap((id) => (kinds.has(id) ? [{ id, kind: kinds.get(id)! }] : []));
  return gradeFiles(p, await readFiles(p, p.db, subjects, entry, today), entry, today).map(newGrade);
}

export type Engine = 'sql' | 'js';

function toGradeRecords(rows: readonly GradingRecordRow[]): Map<number, GradeRecord[]> {
  const out = new Map<number, GradeRecord[]>();
  for (const r of rows) {
    let list = out.get(r.subjectId);
    if (!list) out.set(r.subjectId, (list = []));
    list.push({ id: r.id, category: r.category, ref: r.ref, decisionDate: r.decisionDate, severity: r.severity, status: r.status, validUntil: r.validUntil, disputed: r.disputed, keywordDomains: r.domains });
  }
  return out;
}

function explanationOf(g: Grading): store.StoredExplanation {
  return {
    by: g.decision.by,
    ...(g.decision.rule !== undefined ? { rule: g.decision.rule } : {}),
    f: g.factors.filter((f) => f.points !== 0 || f.count !== 0).map((f) => [f.id, f.points, f.count, f.records.map((r) => Number(r.id))]),
    k: g.keySupervision.domains.map((d) => [d.code, d.records.map((r) => Number(r.id))]),
  };
}

function findModelOfLabel(p: Platform, label: string): ClassificationModel | undefined {
  for (const [e, l] of state(p).labels) if (l === label) return e;
  return undefined;
}

// The model that graded (by its label), else the one in force (the rules file changed since).
function modelOfLabel(p: Platform, label: string): ClassificationModel {
  return findModelOfLabel(p, label) ?? modelInForce(state(p).entries, p.today());
}

type Explained = store.GradeRow & { explanation: store.StoredExplanation };

// Grades with their explanations (decision 0043). A full run writes grades without one: it is a
// pure function of the model, the file and the day, so it is built here by the compiled model that
// graded (explain form, these subjects only) as of the day the grade was computed, and stored. It
// is used only if that grading agrees with the stored grade in every column (grade, score, flag,
// insufficient, review day); otherwise — the file changed without a mark (records loaded with
// triggers off, decision 0032) or the model is gone from the rules file — the subject is graded
// again now (history reason file-changed), so a grade is never shown with an explanation that
// contradicts it.
async function withExplanations(p: Platform, rows: readonly store.GradeRow[]): Promise<Map<number, Explained>> {
  const out = new Map<number, Explained>();
  const regrade: { id: number; scope: string }[] = [];
  const groups = new Map<string, store.GradeRow[]>();
  for (const r of rows) {
    if (r.explanation !== null) out.set(r.subjectId, r as Explained);
    else if (!findModelOfLabel(p, r.model)) regrade.push({ id: r.subjectId, scope: r.scope });
    else groups.set(`${r.model}\u0000${r.gradedOn}`, [...(groups.get(`${r.model}\u0000${r.gradedOn}`) ?? []), r]);
  }
  for (const g of groups.values()) {
    const built = new Map((await gradesInSql(p, findModelOfLabel(p, g[0]!.model)!, g.map((r) => r.subjectId), g[0]!.gradedOn)).map((x) => [x.subjectId, x]));
    for (const r of g) {
      const b = built.get(r.subjectId);
      const agrees = !!b && b.explanation !== null && b.scope === r.scope && b.grade === r.grade && b.score === r.score && b.insufficient === r.insufficient && b.keySupervision === r.keySupervision && b.nextReviewOn === r.nextReviewOn;
      if (!agrees) {
        regrade.push({ id: r.subjectId, scope: r.scope });
        continue;
      }
      await store.storeExplanation(p.db, r, b.explanation!);
      out.set(r.subjectId, { ...r, explanation: b.explanation! });
    }
  }
  if (regrade.length) {
    const ids = regrade.map((x) => x.id);
    // the subjects' dirty marks are taken with them (as gradeOfSubject does): a marked subject —
    // its file changed since the run, the drain not yet come — would otherwise be left to the drain
    // by the write (stale), and the read would have no explained grade to show
    const done = await p.db.tx(async (tx) => {
      await tx.query('DELETE FROM classification_dirty WHERE subject_id = ANY($1::bigint[])', [ids]);
      return regradeIds(p, tx, regrade, 'file-changed');
    });
    const reread = await store.gradesOf(p.db, ids);
    for (const g of done.rows) {
      const r = reread.get(g.subjectId);
      if (r && r.explanation !== null) out.set(g.subjectId, r as Explained);
      // written over since by a full run's partition (without explanation): this read shows the
      // grade it has just computed, with its own explanation, not the stored row
      else out.set(g.subjectId, { ...g, explanation: g.explanation!, model: done.model, gradedOn: done.gradedOn, computedAt: new Date() });
    }
  }
  return out;
}

// The current grades of these subjects with their explanations (built where a full run left none).
export async function explainedGrades(p: Platform, ids: readonly number[]): Promise<Map<number, store.GradeRow>> {
  return withExplanations(p, [...(await store.gradesOf(p.db, ids)).values()]);
}

// A stored explanation in full: every indicator of the model with its points and record ids.
function explain(p: Platform, row: Explained) {
  const entry = modelOfLabel(p, row.model);
  const model = entry.models[row.scope];
  const stored = new Map(row.explanation.f.map((f) => [f[0], f]));
  const def = model.grades.find((g) => g.code === row.grade);
  return {
    scale: model.scale,
    gradeName: def?.name ?? row.grade,
    inspectionRatio: def?.inspectionRatio ?? 1,
    decision: decisionOf(model, row.explanation.by, row.score, row.explanation.rule),
    factors: model.indicators.map((i) => ({ id: i.id, name: i.name, points: stored.get(i.id)?.[1] ?? 0, recordIds: stored.get(i.id)?.[3] ?? [] })),
    keyDomains: row.explanation.k.map(([code, recordIds]) => ({ code, name: entry.keySupervision.domains.find((d) => d.code === code)?.name ?? code, recordIds })),
  };
}

type Graded = { subjectId: number; grading: Grading };
type Subjects = readonly { id: number; kind: string }[];

// What a page of subjects' files holds for grading under one model as of today: their records,
// with the keyword domains tested in SQL (the keyword fields are not read out).
type FilesRead = { subjects: Subjects; records: Map<number, GradeRecord[]>; readAt: Date };

async function readFiles(p: Platform, db: Db, subjects: Subjects, entry: ClassificationModel, today: string): Promise<FilesRead> {
  const ks = entry.keySupervision;
  // keyword domains look only at records in force: within the longest domain window, or list entries
  const months = Math.max(0, ...ks.domains.map((d) => d.withinMonths));
  const lists = p.catalog.all().filter((c) => c.list).map((c) => c.code);
  const { rows, at } = await recordsForGrading(
    db,
    subjects.map((s) => s.id),
    { fields: ks.keywordFields, domains: ks.domains.map((d) => ({ code: d.code, words: d.keywords })) },
    { since: addDays(addMonths(today, -months), -3), always: lists },
  );
  return { subjects, records: toGradeRecords(rows), readAt: at };
}

function gradeFiles(p: Platform, f: FilesRead, entry: ClassificationModel, today: string): Graded[] {
  const kinds = listKindOf(p);
  return f.subjects.map((s) => ({ subjectId: s.id, grading: gradeSubject(entry, s.kind, f.records.get(s.id) ?? [], kinds, today) }));
}

const newGrade = ({ subjectId, grading: g }: Graded): store.NewGrade => ({
  subjectId,
  scope: g.scope,
  grade: g.grade,
  score: g.score,
  insufficient: g.insufficient,
  keySupervision: g.keySupervision.flagged,
  explanation: explanationOf(g),
  nextReviewOn: g.nextReviewOn,
});

// Grades subjects under the model in force and writes what changed (a history row for every
// change of grade, score or the flag), in the caller's transaction.
// Answers the grades computed (rows) with the model's label and the day, as written.
async function regradeIds(p: Platform, tx: Db, taken: readonly { id: number; scope: string | null }[], reason: string): Promise<{ graded: number; changed: number; rows: store.NewGrade[]; model: string; gradedOn: string }> {
  const today = p.today();
  const entry = modelInForce(state(p).entries, today);
  const model = state(p).labels.get(entry)!;
  if (taken.length === 0) return { graded: 0, changed: 0, rows: [], model, gradedOn: today };
  // the scope of a graded subject is its kind's (scopeOf); the kind of one never graded is read
  const unknown = taken.filter((t) => t.scope === null).map((t) => t.id);
  const kinds = unknown.length ? await subjectKinds(tx, unknown) : new Map<number, string>();
  const subjects = taken.flatMap((t) => {
    const kind = t.scope ?? kinds.get(t.id);
    return kind === undefined ? [] : [{ id: t.id, kind }];
  });
  const rows = gradeFiles(p, await readFiles(p, tx, subjects, entry, today), entry, today).map(newGrade);
  const changed = await store.writeGrades(tx, rows, { model, gradedOn: today, reason, runId: null, applies: true, readAt: null });
  return { graded: rows.length, changed, rows, model, gradedOn: today };
}

// After a commit that changed files: the drain job now, through the job runner (a worker of this
// process is woken at once). One waiting job at most (its key); a kick that fails is harmless, the
// periodic drain catches up.
export function kickRegrade(p: Platform): void {
  const s = state(p);
  // the drain job of this process is running or lingering: it drains again at once
  if (s.drain.active) {
    s.drain.pending = true;
    s.drain.wake?.();
    return;
  }
  if (s.kicking) return;
  s.kicking = true;
  p.jobs
    .enqueue(DRAIN_TASK, {}, { key: 'kick' })
    .catch(() => {})
    .finally(() => (s.kicking = false));
}

export type DrainResult = { graded: number; changed: number; reviewed: number };

// The drain job's handler: drains, then lingers up to `lingerMs` (the drain period) for a kick from
// this process (kickRegrade after a commit that changed files) and drains again at once — an
// in-process signal, so a change is graded without waiting for the queue's poll or a new job.
export async function drainWhileKicked(p: Platform, lingerMs: number, signal?: AbortSignal): Promise<DrainResult> {
  const d = state(p).drain;
  const total: DrainResult = { graded: 0, changed: 0, reviewed: 0 };
  if (d.active) return drainDirty(p, 500, signal); // another handler of this process lingers
  d.active = true;
  try {
    for (;;) {
      d.pending = false;
      const r = await drainDirty(p, 500, signal);
      total.graded += r.graded;
      total.changed += r.changed;
      total.reviewed += r.reviewed;
      if (signal?.aborted) return total;
      if (d.pending) continue;
      const woken = await new Promise<boolean>((resolve) => {
        const done = (v: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          d.wake = null;
          resolve(v);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), lingerMs);
        d.wake = () => done(true);
        signal?.addEventListener('abort', onAbort);
      });
      if (!woken && !d.pending) return total;
    }
  } finally {
    d.active = false;
    d.wake = null;
  }
}

// The job: subjects whose file changed (marked by triggers in the changing transaction) and
// grades whose review day has come, graded in batches; each batch commits with its audit event.
export async function drainDirty(p: Platform, batch = 500, signal?: AbortSignal, engine: Engine = state(p).engine): Promise<DrainResult> {
  const total: DrainResult = { graded: 0, changed: 0, reviewed: 0 };
  for (const kind of ['file-changed', 'review-date'] as const) {
    for (;;) {
      if (signal?.aborted) return total;
      const r = engine === 'sql' ? await drainInSql(p, kind, batch) : await p.db.tx(async (tx) => {
        const ids = kind === 'file-changed' ? await store.takeDirty(tx, batch) : await store.dueForReview(tx, p.today(), batch);
        // derived state: each change is a classification_history row in this transaction; not an
        // audit event (the changes that caused it were audited where they were made)
        return regradeIds(p, tx, ids, kind);
      });
      if (kind === 'review-date') total.reviewed += r.graded;
      total.graded += r.graded;
      total.changed += r.changed;
      if (r.graded < batch) break;
    }
  }
  return total;
}

// One statement per batch: the subjects taken (dirty marks deleted, or review days come, SKIP
// LOCKED), their files read, graded by the compiled model and written with their history; it
// commits alone (a failure leaves the marks in place).
async function drainInSql(p: Platform, kind: 'file-changed' | 'review-date', batch: number): Promise<{ graded: number; changed: number }> {
  const today = p.today();
  const entry = modelInForce(state(p).entries, today);
  const src = kind === 'file-changed' ? store.dirtySource(batch, SUBJECT_KINDS_SQL) : store.reviewSource(batch);
  const r = await store.gradeAndWrite(p.db, src, compiledGrading(p, entry), { model: state(p).labels.get(entry)!, gradedOn: today, reason: kind, runId: null, applies: true, readAt: null });
  return { graded: r.n, changed: r.changed };
}

// --- full runs

export type RunView = {
  runId: string;
  model: string;
  source: string;
  applies: boolean;
  status: string;
  total: number;
  done: number;
  startedAt: string;
  finishedAt: string | null;
  failure: string | null;
  distribution: { grade: string; subjects: number }[];
};

// A run of the model in force (its results become the current grades), or of a model from a file
// (a trial: its results are kept beside the current grades, which stay).
export async function startRun(p: Platform, actor: Actor, opts: { modelFile?: string } = {}): Promise<RunView> {
  const today = p.today();
  const loaded = opts.modelFile ? loadModelFile(opts.modelFile) : state(p);
  const entry = modelInForce(loaded.entries, today);
  const label = loaded.labels.get(entry)!;
  const total = await countSubjects(p.db);
  const run = await p.db.tx(async (tx) => {
    const r = await store.insertRun(tx, { model: label, modelJson: entry, source: opts.modelFile ?? 'rules/classification.json', applies: !opts.modelFile, total, requestedBy: actor.id });
    await writeAudit(tx, actor, 'classification.run', `classification-run:${r.id}`, { model: label, source: r.source, applies: r.applies, total });
    return r;
  });
  return getRun(p, run.id);
}

export async function getRun(p: Platform, id: string): Promise<RunView> {
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await store.findRun(p.db, id) : undefined;
  if (!r) throw notFound('CLASSIFICATION_RUN_NOT_FOUND', `分类运行 ${id} 不存在`, `Classification run ${id} not found`);
  return {
    runId: r.id,
    model: r.model,
    source: r.source,
    applies: r.applies,
    status: r.status,
    total: r.total,
    done: r.done,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
    failure: r.failure,
    distribution: await store.runDistribution(p.db, r.id),
  };
}

// Subjects per partition of a full run: each partition reads the record table once, so a run is
// one pass up to this size; more partitions bound a statement's memory and the work a crash loses.
export const RUN_PARTITION = 1_000_000;
// work_mem of a partition's statement on PostgreSQL (per hash node, times hash_mem_multiplier)
export const RUN_WORK_MEM = '256MB';
// Lanes of a full run on PostgreSQL (decision 0056): one per core of the bench machine (2), and no
// parallel workers per lane's grading — the lanes fill the cores, and the workers' partial and
// final aggregates cost ≈ 30 % more CPU than a serial plan (1 M subjects: 39.6 s against 30.5 s
// for both lanes' grading, /proc, session 10).
export const RUN_LANES = 2;
export const RUN_LANE_WORKERS = 0;
// JIT for a partition's statements: 'off'; 'plain' (expressions and tuple deforming compiled,
// without LLVM's inlining and optimization passes); 'full' (the server's thresholds for those)
export type RunJit = 'off' | 'plain' | 'full';
export const RUN_JIT: RunJit = 'off';
const JIT_SETTINGS: Record<RunJit, [string, string][]> = {
  off: [['jit', 'off']],
  plain: [['jit', 'on'], ['jit_above_cost', '0'], ['jit_inline_above_cost', '-1'], ['jit_optimize_above_cost', '-1']],
  full: [['jit', 'on'], ['jit_above_cost', '0']],
};
// The last lane's bound: subjects added while a run goes are graded by its last lane.
const LANE_END = Number.MAX_SAFE_INTEGER;

export type RunProgress = (done: number, total: number) => void;

// Pages of subjects in id order from the run's cursor; each page commits with the cursor, so a
// run taken over after a crash resumes after the last committed page (idempotent). On PostgreSQL
// the next page is read (on another connection) while this one is graded and written; a subject
// whose file changes in between is left to the drain (writeGrades: marked dirty, or graded since).
export async function executeRun(p: Platform, runId: string, progress?: RunProgress, signal?: AbortSignal, pageSize?: number, engine: Engine = state(p).engine): Promise<RunView> {
  const run = await store.findRun(p.db, runId);
  if (!run) throw notFound('CLASSIFICATION_RUN_NOT_FOUND', `分类运行 ${runId} 不存在`, `Classification run ${runId} not found`);
  if (run.status === 'completed' || run.status === 'failed') return getRun(p, runId);
  const entry = run.modelJson as ClassificationModel;
  const today = p.today();
  let done = run.done;
  if (engine === 'sql') {
    // set-based (decision 0042): the records' keyword domains tagged once per model's words, then
    // partitions of up to `pageSize` subjects by id range, each graded in one statement (a
    // sequential pass over record, hash aggregates per subject) into a temporary table and written
    // by a second (what changed, the cursor), committed alone (decision 0049)
    // a trial model's words are not tagged (tagging them, then the model in force's again, would
    // rewrite the table twice): where its words differ, its run searches them
    if (run.applies) await tagRecordKeywordsIfMany(p, entry);
    // the parallel form reads the tags (an untagged record's words would be searched once per word,
    // decision 0049): a run of the model in force has just tagged every current version, or all
    // but fewer than 1 % of them (decision 0056)
    const compiled = compiledGrading(p, entry, run.applies ? 'range-parallel' : 'range');
    const opts = { model: run.model, gradedOn: today, reason: `run:${runId}`, runId, applies: run.applies, readAt: null };
    // lanes (decision 0056): the subjects cut into contiguous id ranges graded and written at the
    // same time, each on its own connection, so that the per-subject stage and the write — single
    // -process within a statement — use every core; planned once per run (a run taken over keeps
    // its lanes) and each with its own cursor. PGlite has one session: one lane, the same statements.
    const s = state(p);
    const want = p.db.kind === 'postgres' ? Math.max(1, s.runLanes) : 1;
    const lanes = run.laneHi && run.laneLast
      ? { laneHi: run.laneHi, laneLast: run.laneLast }
      : await (async () => {
          const cuts = await subjectRangeCuts(p.db, run.lastSubject, want);
          const hi = [...cuts, LANE_END];
          return store.planRunLanes(p.db, runId, hi, [run.lastSubject, ...cuts]);
        })();
    let failure: { err: unknown } | null = null;
    const lane = async (k: number): Promise<void> => {
      let last = lanes.laneLast[k]!;
      const end = lanes.laneHi[k]!;
      for (;;) {
        if (signal?.aborted || failure) return;
        const hi = await subjectRangeEnd(p.db, last, pageSize ?? RUN_PARTITION, end);
        if (hi === null) return;
        const lo = last;
        const r = await p.db.tx(async (tx) => {
          // the partition's hash aggregates spill to disk at the default 4 MB (decision 0042); and
          // no JIT: compiling the ≈ 19 kB statement's 129 functions took 4.2 s of a 246 k-subject
          // partition, more than it saved (decision 0043 §5; 0036 turned it off in the ingest triggers)
          if (p.db.kind === 'postgres') {
            const workers: [string, string][] = s.laneWorkers !== null ? [['max_parallel_workers_per_gather', String(s.laneWorkers)]] : [];
            await store.setLocal(tx, [['work_mem', RUN_WORK_MEM], ...JIT_SETTINGS[s.runJit], ...workers]);
          }
          // graded into a temporary table (a plain query: PostgreSQL may plan it in parallel), then
          // written from it in the same transaction (decision 0049), the lane's cursor with it
          await store.gradeRangeInto(tx, lo, hi, SUBJECT_RANGE_SQL, compiled, today);
          return store.writeGradedRange(tx, lo, hi, opts, k + 1);
        });
        last = hi;
        done += r.n;
        progress?.(done, Math.max(run.total, done));
      }
    };
    // a lane that fails stops the others after their partition in flight; the run fails with it
    await Promise.all(lanes.laneHi.map((_, k) => lane(k).catch((err: unknown) => void (failure ??= { err }))));
    if (failure) return failRun(p, runId, (failure as { err: unknown }).err);
    if (signal?.aborted) return getRun(p, runId);
    try {
      await completeRun(p, runId, run.model, done);
    } catch (err) {
      return failRun(p, runId, err);
    }
    return getRun(p, runId);
  }
  pageSize ??= 1000;
  const readPage = async (after: number): Promise<FilesRead | null> => {
    const page = await subjectPage(p.db, after, pageSize);
    return page.length ? readFiles(p, p.db, page, entry, today) : null;
  };
  const ahead = p.db.kind === 'postgres'; // PGlite has one session: nothing to overlap
  let next: Promise<FilesRead | null> = readPage(run.lastSubject);
  next.catch(() => {}); // awaited below; a failure surfaces there
  try {
    for (;;) {
      if (signal?.aborted) return getRun(p, runId);
      const files = await next;
      if (!files) break;
      const last = files.subjects.at(-1)!.id;
      if (ahead) {
        next = readPage(last);
        next.catch(() => {});
      }
      const graded = gradeFiles(p, files, entry, today);
      await p.db.tx((tx) =>
        store.writeGrades(tx, graded.map(newGrade), {
          model: run.model,
          gradedOn: today,
          reason: `run:${runId}`,
          runId,
          applies: run.applies,
          readAt: files.readAt,
          advance: { lastSubject: last, added: files.subjects.length },
        }),
      );
      if (!ahead) next = readPage(last);
      done += files.subjects.length;
      progress?.(done, Math.max(run.total, done));
    }
    await completeRun(p, runId, run.model, done);
  } catch (err) {
    return failRun(p, runId, err);
  }
  return getRun(p, runId);
}

// A run's end, the same for the one-pass and the paged run: completed and audited in one
// transaction, or marked failed with the error, which is thrown on.
async function completeRun(p: Platform, runId: string, model: string, graded: number): Promise<void> {
  await p.db.tx(async (tx) => {
    await store.finishRun(tx, runId, 'completed', null);
    await writeAudit(tx, SYSTEM_ACTOR, 'classification.run.complete', `classification-run:${runId}`, { model, graded });
  });
}
async function failRun(p: Platform, runId: string, err: unknown): Promise<never> {
  await store.finishRun(p.db, runId, 'failed', (err as Error).message);
  throw err;
}

// --- answers

export type AnswerRecord = { id: string; category: string; categoryName: string; ref: string; department: string; decisionDate: string; severity: string | null; status: string; current: boolean };
export type GradeAnswer = {
  subject: { id: string; kind: string; name: string; code: string | null };
  grade: string;
  gradeName: string;
  scale: 'grades' | 'points';
  score: number;
  insufficient: boolean;
  decision: { by: string; zh: string; en: string };
  factors: { id: string; name: string; points: number; records: AnswerRecord[] }[];
  keySupervision: { flagged: boolean; domains: { code: string; name: string; records: AnswerRecord[] }[] };
  model: string;
  computedAt: string;
  gradedOn: string;
  inspectionRatio: number;
  history: store.HistoryEntry[];
};

// A subject's grade now: the stored one, or graded now if it has none yet or its file changed
// since (still marked dirty), so an answer never lags the file.
// read: the grade and dirty mark as read already by the caller's statement (checkGradeColumn)
export async function gradeOfSubject(
  p: Platform,
  subject: Pick<Subject, 'id' | 'publicId' | 'kind' | 'name' | 'uscc' | 'regNo' | 'idMasked'>,
  withHistory = true,
  read?: CheckGradeRead,
): Promise<GradeAnswer> {
  const found = read ? store.gradeAndDirtyOf(read) : await store.gradeAndDirty(p.db, subject.id);
  let row = found.row;
  const today = p.today();
  // the caller's statement read the records of the stored explanation's 重点监管对象 domains: the
  // answer's, as long as that row and its explanation are the ones shown (not regraded or built here)
  let readRefs = read && row && row.explanation !== null ? (read.refs ?? []) : undefined;
  if (!row || (row.nextReviewOn !== null && row.nextReviewOn <= today) || found.dirty) {
    readRefs = undefined;
    await p.db.tx(async (tx) => {
      await tx.query('DELETE FROM classification_dirty WHERE subject_id = $1', [subject.id]);
      await regradeIds(p, tx, [{ id: subject.id, scope: row?.scope ?? null }], row ? 'file-changed' : 'first-grade');
    });
    row = (await store.gradesOf(p.db, [subject.id])).get(subject.id)!;
  }
  const explained = (await withExplanations(p, [row])).get(subject.id)!;
  if (explained !== row) readRefs = undefined;
  row = explained;
  const e = explain(p, explained);
  // the check (withHistory false) shows only the 重点监管对象 records: one look-up less on its hot path
  const ids = [...new Set([...(withHistory ? e.factors.flatMap((f) => f.recordIds) : []), ...e.keyDomains.flatMap((d) => d.recordIds)])];
  const refs = new Map(
    (readRefs && !withHistory ? readRefs.filter((r) => ids.includes(Number(r.id))) : await recordRefsByIds(p.db, ids)).map((r) => [Number(r.id), r]),
  );
  const rec = (id: number): AnswerRecord => {
    const r = refs.get(id)!;
    return { id: String(id), category: r.category, categoryName: p.catalog.find(r.category)?.name ?? r.category, ref: r.ref, department: r.departmentName, decisionDate: r.decisionDate, severity: r.severity, status: r.status, current: r.current };
  };
  return {
    subject: { id: subject.publicId, kind: subject.kind, name: subject.name, code: subject.uscc ?? subject.regNo ?? subject.idMasked },
    grade: row.grade,
    gradeName: e.gradeName,
    scale: e.scale,
    score: row.score,
    insufficient: row.insufficient,
    decision: e.decision,
    factors: e.factors.map((f) => ({ id: f.id, name: f.name, points: f.points, records: f.recordIds.filter((i) => refs.has(i)).map(rec) })),
    keySupervision: { flagged: row.keySupervision, domains: e.keyDomains.map((d) => ({ code: d.code, name: d.name, records: d.recordIds.filter((i) => refs.has(i)).map(rec) })) },
    model: row.model,
    computedAt: new Date(row.computedAt).toISOString(),
    gradedOn: row.gradedOn,
    inspectionRatio: e.inspectionRatio,
    history: withHistory ? await store.historyOf(p.db, subject.id) : [],
  };
}


export async function gradeByCode(p: Platform, code: string): Promise<{ subject: Subject; answer: GradeAnswer }> {
  const subject = await findSubjectByCode(p.db, code, p.crypto);
  if (!subject) throw notFound('SUBJECT_NOT_FOUND', `平台无主体 ${code} 的记录`, `No subject ${code} on the platform`);
  return { subject, answer: await gradeOfSubject(p, subject) };
}

// Is the grade of this kind of subject public under the model in force? (persons: never)
export function isGradePublic(p: Platform, kind: string): boolean {
  if (kind === 'person') return false;
  return modelInForce(state(p).entries, p.today()).models.organization.public;
}

// What a credit check shows beside the measures: the grade, the inspection ratio and the
// 重点监管对象 flag with its reason and records.
export type CheckClassification = {
  grade: string;
  gradeName: string;
  scale: 'grades' | 'points';
  score: number;
  insufficient: boolean;
  inspectionRatio: number;
  model: string;
  computedAt: string;
  keySupervision: { flagged: boolean; domains: { code: string; name: string; records: { id: string; category: string; ref: string; decisionDate: string }[] }[] };
};

// The check reads the subject's grade in the statement that reads the subject (one round trip
// less per check): checkGradeColumn(subject id expression) is the column's SQL, and its value is
// what classificationForCheck takes as `read`. A grade due or marked dirty is recomputed here as
// before.
export const checkGradeColumn = store.gradeAndDirtyColumn;
export type CheckGradeRead = store.GradeAndDirtyJson;

export async function classificationForCheck(
  p: Platform,
  subject: Pick<Subject, 'id' | 'publicId' | 'kind' | 'name' | 'uscc' | 'regNo' | 'idMasked'>,
  read?: CheckGradeRead,
): Promise<CheckClassification> {
  const a = await gradeOfSubject(p, subject, false, read);
  return {
    grade: a.grade,
    gradeName: a.gradeName,
    scale: a.scale,
    score: a.score,
    insufficient: a.insufficient,
    inspectionRatio: a.inspectionRatio,
    model: a.model,
    computedAt: a.computedAt,
    keySupervision: { flagged: a.keySupervision.flagged, domains: a.keySupervision.domains.map((d) => ({ code: d.code, name: d.name, records: d.records.map((r) => ({ id: r.id, category: r.category, ref: r.ref, decisionDate: r.decisionDate })) })) },
  };
}

export type Stats = {
  asOf: string;
  model: string;
  byGrade: { scope: string; grade: string; subjects: number }[];
  byRegion: { region: string | null; scope: string; grade: string; subjects: number }[];
  keySupervision: number;
  insufficient: number;
  pending: number;
};

export async function gradeStatistics(p: Platform): Promise<Stats> {
  const rows = await store.gradeStats(p.db);
  const byGrade = new Map<string, { scope: string; grade: string; subjects: number }>();
  for (const r of rows) {
    const k = `${r.scope}\u0000${r.grade}`;
    const g = byGrade.get(k) ?? { scope: r.scope, grade: r.grade, subjects: 0 };
    g.subjects += r.subjects;
    byGrade.set(k, g);
  }
  const entry = modelInForce(state(p).entries, p.today());
  return {
    asOf: p.today(),
    model: state(p).labels.get(entry)!,
    byGrade: [...byGrade.values()],
    byRegion: rows.map((r) => ({ region: r.region, scope: r.scope, grade: r.grade, subjects: r.subjects })),
    keySupervision: rows.reduce((s, r) => s + r.keySupervision, 0),
    insufficient: rows.reduce((s, r) => s + r.insufficient, 0),
    pending: await store.countDirty(p.db),
  };
}

// 监测看板: organizations' grades per city under the model in force (counts only; persons are
// not counted — their grades are never shown outside their own file and the personal-data rule).
// Staff of a city see their city.
export async function gradeDistribution(p: Platform, scope: string, regionName: (code: string) => string | undefined, inScope: (city: string) => boolean) {
  const rows = (await store.gradeStats(p.db)).filter((r) => r.scope === 'organization' && (r.region === null ? scope === '130000' : inScope(r.region)));
  const entry = modelInForce(state(p).entries, p.today());
  const grades = entry.models.organization.grades.map((g) => ({ code: g.code, name: g.name }));
  const cities = new Map<string | null, { region: string | null; regionName: string; total: number; counts: Map<string, number>; keySupervision: number }>();
  for (const r of rows) {
    let c = cities.get(r.region);
    if (!c) cities.set(r.region, (c = { region: r.region, regionName: (r.region && regionName(r.region)) || '未识别地区', total: 0, counts: new Map(), keySupervision: 0 }));
    c.total += r.subjects;
    c.keySupervision += r.keySupervision;
    c.counts.set(r.grade, (c.counts.get(r.grade) ?? 0) + r.subjects);
  }
  return {
    asOf: p.today(),
    model: state(p).labels.get(entry)!,
    scope: 'organization' as const,
    grades,
    cities: [...cities.values()]
      .sort((a, b) => (a.region ?? '999999').localeCompare(b.region ?? '999999'))
      .map((c) => ({ ...c, counts: grades.map((g) => ({ grade: g.code, subjects: c.counts.get(g.code) ?? 0 })) })),
    pending: await store.countDirty(p.db),
  };
}

// 重点监管对象 among organizations and individual businesses, newest grading first.
export async function keySupervisionList(p: Platform, page: number, pageSize: number) {
  const { rows: stored, total } = await store.keySupervisionPage(p.db, 'organization', (page - 1) * pageSize, pageSize);
  const explained = await withExplanations(p, stored);
  const rows = stored.map((r) => explained.get(r.subjectId)!);
  const subjects = await subjectsByIds(p.db, rows.map((r) => r.subjectId));
  return {
    items: rows.map((r) => {
      const s = subjects.get(r.subjectId)!;
      return {
        subject: { id: s.publicId, kind: s.kind, name: s.name, code: s.uscc ?? s.regNo },
        domains: explain(p, r).keyDomains.map((d) => ({ code: d.code, name: d.name, records: d.recordIds.length })),
        grade: r.grade,
        computedAt: new Date(r.computedAt).toISOString(),
      };
    }),
    total,
    page,
    pageSize,
  };
}
