// The platform's runtime context: database, keys, catalog, calendar and rules, opened once by
// `serve` and by each CLI command, and passed down explicitly.
import type { Config } from './config.ts';
import { openPglite, openPostgres, type Db } from './kernel/db.ts';
import { migrate } from './kernel/migrate.ts';
import { lockDataDir, type DataDirLock } from './kernel/data-dir-lock.ts';
import { createFieldCrypto, type FieldCrypto } from './kernel/crypto.ts';
import { REGIONS } from './kernel/codes/region.ts';
import { createCalendar, type Calendar } from './kernel/calendar.ts';
import { todayIn, type DateStr } from './kernel/dates.ts';
import { loadRuleFile } from './kernel/rules.ts';
import { createJobs, type Jobs } from './kernel/jobs.ts';
import { createReadRouter, primaryOnly, type ReadRouter } from './kernel/read-replica.ts';
import { directoryBlobStore, postgresBlobStore, type BlobStore } from './kernel/blob-store.ts';
import { loadCatalogFiles } from './modules/catalog/catalog.load.ts';
import { syncCatalog, type Catalog } from './modules/catalog/catalog.store.ts';
import { openMeasures, type MeasureRegistry } from './modules/sanctions/measures.store.ts';
import type { SanctionsRule } from './modules/sanctions/sanctions.rules.ts';
import { chainAuditEvents, setAuditHashAlg } from './kernel/audit.ts';
import { createAuditSequencer, type AuditSequencer } from './kernel/audit-sequencer.ts';
import { ensureIndexScheme } from './modules/access/keys.store.ts';
import type { PublicationRule } from './modules/publication/publication.rules.ts';
import { reloadPublicationRules } from './modules/publication/publication-rules.store.ts';
import type { AccessRule } from './modules/access/access.rules.ts';
import type { RightsRule } from './modules/rights/rights.rules.ts';
import { validateCommitmentRules, type CommitmentRule } from './modules/commitments/commitments.rules.ts';
import { createSigningState, type SigningState } from './modules/access/signing.ts';
import { createChecksState, type ChecksState } from './modules/sanctions/checks.service.ts';
import { createRightsChannels, type RightsChannels } from './modules/rights/rights.channels.ts';
import { createReportsState, type ReportsState } from './modules/reports/reports.state.ts';
import { createClassificationState, type ClassificationState } from './modules/classification/classification.service.ts';
import { createMonitoringState, type MonitoringState } from './modules/monitoring/evaluation.service.ts';
import { createTipsState, type TipsState } from './modules/tips/tips.state.ts';
import { tipsRuleProblems, type TipsRule } from './modules/tips/tips.rules.ts';
import { validateExemplarsRules, type ExemplarsRule } from './modules/exemplars/exemplars.rules.ts';
import { validateSubscriptionsRules, type SubscriptionsRule } from './modules/subscriptions/subscriptions.rules.ts';
import { listLifecycleProblems, type ListLifecycleRule } from './modules/catalog/list-lifecycle.rules.ts';
import { departmentKindList } from './modules/access/departments.store.ts';

export type TimelinessRule = { effectiveFrom: string; workingDays: number; source: string };

// What any module may read: the database, field crypto, the calendar, the config and the clock.
// Code that needs only these takes a Context (or a Pick of it) rather than the whole Platform.
export type Context = {
  config: Config;
  db: Db;
  crypto: FieldCrypto;
  calendar: Calendar;
  now(): Date;
  today(): DateStr;
};

// Per-module state (caches, group-commit writers, delivery channels), each made by its module's
// factory in openPlatform, the composition root: no module keeps a registry keyed by the platform.
export type ModuleState = {
  access: SigningState;
  sanctions: ChecksState;
  rights: RightsChannels;
  reports: ReportsState;
  classification: ClassificationState;
  tips: TipsState;
  monitoring: MonitoringState;
};

// The context composed with the rest: catalog, measures, rules and the modules' own state.
export type Platform = Context & {
  catalog: Catalog;
  measures: MeasureRegistry;
  rules: { publication: PublicationRule[]; timeliness: TimelinessRule[]; access: AccessRule[]; sanctions: SanctionsRule[]; rights: RightsRule[]; commitments: CommitmentRule[]; tips: TipsRule[]; exemplars: ExemplarsRule[]; subscriptions: SubscriptionsRule[]; listLifecycle: ListLifecycleRule[] };
  modules: ModuleState;
  jobs: Jobs; // background work (src/kernel/jobs.ts): serve starts the workers, anyone enqueues
  auditChain: AuditSequencer; // links committed audit events into the chain: serve starts it
  blobs: BlobStore; // original files and generated documents: in PostgreSQL when the database is, else config.blobDir
  reads: ReadRouter; // public reads: the replica (DATABASE_READ_URL) while fresh, else db (src/kernel/read-replica.ts); serve starts its sampling
  reloadCalendar(): Promise<void>;
  close(): Promise<void>;
};

export type OpenOptions = { command: string; url?: string; db?: Db; readDb?: Db; now?: () => Date };

export async function openDatabase(config: Config, opts: OpenOptions): Promise<{ db: Db; lock?: DataDirLock }> {
  if (opts.db) return { db: opts.db };
  if (config.databaseUrl) return { db: await openPostgres(config.databaseUrl) };
  const lock = lockDataDir(config.dataDir, { command: opts.command, url: opts.url });
  try {
    const { db } = await openPglite(`${config.dataDir}/pglite`);
    return { db, lock };
  } catch (err) {
    lock.release();
    throw err;
  }
}

export async function openPlatform(config: Config, opts: OpenOptions): Promise<Platform> {
  const { db, lock } = await openDatabase(config, opts);
  let readDb: Db | undefined;
  try {
    readDb = opts.readDb ?? (config.databaseReadUrl && db.kind === 'postgres' ? await openPostgres(config.databaseReadUrl, 10, { verify: false }) : undefined);
    await migrate(db);
    await setAuditHashAlg(db, config.audit.hash);
    await syncRegions(db);
    const catalog = await syncCatalog(db, loadCatalogFiles());
    // XINYONG_CLOCK (tests only, src/config.ts) shifts the real clock
    const offset = config.clockOffsetMs;
    const now = opts.now ?? (offset ? () => new Date(Date.now() + offset) : () => new Date());
    const platform: Platform = {
      config,
      db,
      crypto: createFieldCrypto(config.keyring, await ensureIndexScheme(db, config.keyring)),
      catalog,
      measures: await openMeasures(db, catalog.all(), now),
      calendar: await loadCalendar(db),
      jobs: createJobs(db, { pollSeconds: config.jobs.pollSeconds }),
      auditChain: createAuditSequencer(db, { intervalMs: config.audit.chainIntervalMs }),
      blobs: openBlobStore(config, db),
      reads: readDb ? createReadRouter(db, readDb, config.readReplica) : primaryOnly(db),
      rules: { publication: loadRuleFile<PublicationRule>('publication'), timeliness: loadRuleFile<TimelinessRule>('timeliness'), access: loadRuleFile<AccessRule>('access'), sanctions: loadRuleFile<SanctionsRule>('sanctions'), rights: loadRuleFile<RightsRule>('rights'), commitments: loadCommitmentRules(), tips: loadRuleFile<TipsRule>('tips'), exemplars: loadExemplarsRules(), subscriptions: loadSubscriptionsRules(), listLifecycle: loadRuleFile<ListLifecycleRule>('list-lifecycle') },
      now,
      today: () => todayIn(config.timeZone, now()),
      modules: undefined as unknown as ModuleState, // composed just below, before anyone can use it
      async reloadCalendar() {
        platform.calendar = await loadCalendar(db);
      },
      async close() {
        await platform.jobs.stop();
        await platform.auditChain.stop();
        await platform.reads.stop();
        if (readDb && !opts.readDb) await readDb.close();
        // a last pass: a one-shot command leaves its own events chained (a sequencer busy in
        // another process takes them instead)
        await chainAuditEvents(db).catch(() => {});
        if (!opts.db) await db.close();
        lock?.release();
      },
    };
    const lifecycleProblems = listLifecycleProblems(platform.rules.listLifecycle, catalog.all());
    if (lifecycleProblems.length > 0) throw new Error(lifecycleProblems.join('\n'));
    const tipProblems = tipsRuleProblems(platform.rules.tips, new Set(departmentKindList(platform.today()).kinds.map((k) => k.code)));
    if (tipProblems.length > 0) throw new Error(tipProblems.join('\n'));
    platform.modules = composeModules(platform);
    await reloadPublicationRules(platform); // with the periods province staff set since
    return platform;
  } catch (err) {
    if (!opts.db) await db.close().catch(() => {});
    if (readDb && !opts.readDb) await readDb.close().catch(() => {});
    lock?.release();
    throw err;
  }
}

// Every server of a cluster must read every original file: with PostgreSQL they live in the
// database (docs/decisions/0022), files stored on disk before still read from XINYONG_BLOB_DIR; the
// embedded database is one process and keeps its directory.
export function openBlobStore(config: Config, db: Db): BlobStore {
  return db.kind === 'postgres' ? postgresBlobStore(db, `${config.blobDir}/tmp`, undefined, config.blobDir) : directoryBlobStore(config.blobDir);
}

// The composition root of the modules' own state. The factories only build (no I/O): what they
// make reads the platform when it is used.
function composeModules(p: Platform): ModuleState {
  return {
    access: createSigningState(p),
    sanctions: createChecksState(p),
    rights: createRightsChannels(p.config),
    reports: createReportsState(p),
    classification: createClassificationState(),
    tips: createTipsState(p.config),
    monitoring: createMonitoringState(),
  };
}

async function loadCalendar(db: Db): Promise<Calendar> {
  const overrides = await db.query<{ date: string; workingDay: boolean; note: string | null }>(
    'SELECT date::text AS date, working_day AS "workingDay", note FROM calendar_override ORDER BY date',
  );
  const years = await db.query<{ year: number }>('SELECT year FROM calendar_official_year');
  return createCalendar({
    overrides: overrides.map((o) => ({ date: o.date, workingDay: o.workingDay, note: o.note ?? undefined })),
    officialYears: years.map((y) => y.year),
  });
}

async function syncRegions(db: Db): Promise<void> {
  const order = { province: 0, city: 1, county: 2 } as const;
  const sorted = [...REGIONS].sort((a, b) => order[a.level] - order[b.level]);
  await db.query(
    `INSERT INTO region (code, name, level, parent_code, virtual, members)
     SELECT code, name, level, NULLIF(parent, ''), virtual, coalesce(string_to_array(NULLIF(members, ''), ','), '{}')
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[]) AS t(code, name, level, parent, virtual, members)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
       virtual = EXCLUDED.virtual, members = EXCLUDED.members`,
    [
      sorted.map((r) => r.code),
      sorted.map((r) => r.name),
      sorted.map((r) => r.level),
      sorted.map((r) => r.parent ?? ''),
      sorted.map((r) => Boolean(r.virtual)),
      sorted.map((r) => (r.members ?? []).join(',')),
    ],
  );
}

// rules/commitments.json, checked at start: a mistake stops the start-up with the entry named
function loadExemplarsRules(): ExemplarsRule[] {
  const entries = loadRuleFile<ExemplarsRule>('exemplars');
  validateExemplarsRules(entries);
  return entries;
}

function loadSubscriptionsRules(): SubscriptionsRule[] {
  const entries = loadRuleFile<SubscriptionsRule>('subscriptions');
  validateSubscriptionsRules(entries);
  return entries;
}

function loadCommitmentRules(): CommitmentRule[] {
  const entries = loadRuleFile<CommitmentRule>('commitments');
  validateCommitmentRules(entries);
  return entries;
}
