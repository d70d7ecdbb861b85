// A real PostgreSQL 15 streaming replica of the test server (127.0.0.1:5432) for the read-replica
// and cluster tests (issue 14; docs/operations.md "A read replica"): `pg_basebackup -R` into a
// temporary directory, started on a free port with its own configuration, waited for until it
// streams and has replayed what the primary had, and stopped and removed afterwards (its
// replication slot dropped on the primary). Replay can be paused to simulate lag.
//
// What the primary must allow (checked here; on a machine where it is missing the helper says why
// and the caller skips):
// - wal_level replica or logical and max_wal_senders > 0 (Debian's defaults; changing them needs a
//   restart, which a test never does);
// - a pg_hba.conf line admitting replication connections from 127.0.0.1. Debian's file has none
//   (`all` does not cover `replication`). When the file is writable (CI and these machines run as
//   root) the helper appends `host replication all 127.0.0.1/32 trust` once, marked, and reloads
//   the configuration: idempotent, the same trust the server already gives every database there.
//
// A replica copies the whole cluster (every database on the server, bench databases included):
// its start time grows with the server's size (docs/operations.md has the measured figures).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, appendFileSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { adminPgUrl } from './db.ts';
import { freePort } from './servers.ts';

export const PG_BIN = process.env.XINYONG_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SLOT_PREFIX = 'xy_test_replica_';
const HBA_MARK = '# xinyong test replica (test/helpers/replica.ts): replication connections from this host';
const HBA_LINE = 'host replication all 127.0.0.1/32 trust';

export type Replica = {
  port: number;
  dir: string;
  slot: string;
  // the same database on the replica
  urlFor(primaryUrl: string): string;
  // the primary's current flush position, then wait until the replica has replayed it
  catchUp(timeoutMs?: number): Promise<void>;
  pause(): Promise<void>; // pg_wal_replay_pause(): the replica stops applying WAL (it still receives it)
  resume(): Promise<void>;
  replayLsn(): Promise<string>;
  stop(): Promise<void>;
};

async function adminQuery<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

function asPostgres(cmd: string, args: string[]): SpawnSyncReturns<string> {
  // the server refuses to run as root: as root, run its tools as the postgres user
  const root = process.getuid?.() === 0;
  return root
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
}

function postgresIds(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

async function replicationAdmitted(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, replication: 'true' } as pg.ClientConfig);
  try {
    await c.connect();
    await c.query('IDENTIFY_SYSTEM'); // physical replication (replication=true): what pg_basebackup and the standby use
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => {});
  }
}

// Why a replica cannot be made here, or undefined when it can (after allowing replication
// connections in pg_hba.conf if that was all that was missing and the file is writable).
export async function replicaUnavailable(url = adminPgUrl()): Promise<string | undefined> {
  if (process.env.XINYONG_TEST_REPLICA === '0') return 'XINYONG_TEST_REPLICA=0';
  for (const bin of ['pg_basebackup', 'pg_ctl']) if (!existsSync(path.join(PG_BIN, bin))) return `${path.join(PG_BIN, bin)} not found (XINYONG_TEST_PG_BIN)`;
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') return `the test server ${host} is not on this machine`;
  let settings: { wal_level: string; max_wal_senders: string; hba: string; super: boolean };
  try {
    const [row] = await adminQuery<{ wal_level: string; max_wal_senders: string; hba: string; super: boolean }>(
      url,
      "SELECT current_setting('wal_level') AS wal_level, current_setting('max_wal_senders') AS max_wal_senders, current_setting('hba_file') AS hba, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super",
    );
    settings = row!;
  } catch (err) {
    return `the test server cannot be queried: ${(err as Error).message}`;
  }
  if (!settings.super) return 'the test user is not a superuser';
  if (settings.wal_level === 'minimal') return 'wal_level is minimal on the test server (a replica needs replica or logical; changing it needs a restart)';
  if (Number(settings.max_wal_senders) < 1) return 'max_wal_senders is 0 on the test server (changing it needs a restart)';
  // the copy is the whole cluster (and the WAL written meanwhile): it must fit in the temp directory
  const [{ bytes }] = (await adminQuery<{ bytes: string }>(url, 'SELECT sum(pg_database_size(oid))::text AS bytes FROM pg_database')) as [{ bytes: string }];
  const fs = statfsSync(os.tmpdir());
  const free = fs.bavail * fs.bsize;
  if (Number(bytes) * 1.2 + 2 ** 30 > free) return `the server's databases (${gb(Number(bytes))}) do not fit in ${os.tmpdir()} (${gb(free)} free)`;
  if (process.getuid?.() === 0 && !postgresIds()) return 'running as root and there is no postgres user to run the replica as';
  let refused = await replicationAdmitted(url);
  if (refused && /pg_hba\.conf/.test(refused)) {
    try {
      accessSync(settings.hba, constants.W_OK);
    } catch {
      return `replication connections are refused (${refused}) and ${settings.hba} is not writable: add "${HBA_LINE}" and reload`;
    }
    if (!readFileSync(settings.hba, 'utf8').includes(HBA_LINE)) appendFileSync(settings.hba, `\n${HBA_MARK}\n${HBA_LINE}\n`);
    await adminQuery(url, 'SELECT pg_reload_conf()');
    for (let i = 0; i < 50 && refused; i++) {
      await new Promise((r) => setTimeout(r, 100));
      refused = await replicationAdmitted(url);
    }
  }
  return refused ? `replication connections are refused: ${refused}` : undefined;
}

const gb = (n: number) => `${(n / 2 ** 30).toFixed(1)} GB`;

// How big a copy a replica of the test server is now (for the log: the start time grows with it).
export async function clusterSize(url = adminPgUrl()): Promise<string> {
  const [{ bytes }] = (await adminQuery<{ bytes: string }>(url, 'SELECT sum(pg_database_size(oid))::text AS bytes FROM pg_database')) as [{ bytes: string }];
  return gb(Number(bytes));
}

function slotPid(slot: string): number | undefined {
  const m = new RegExp(`^${SLOT_PREFIX}(\\d+)_`).exec(slot);
  return m ? Number(m[1]) : undefined;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Replicas left by a test process that was killed (SIGKILL: no exit handler ran): stopped and
// removed; then slots left by dead test processes, which would keep WAL on the primary for ever.
async function removeLeftovers(url: string): Promise<void> {
  for (const e of readdirSync(os.tmpdir())) {
    if (!e.startsWith('xinyong-replica-')) continue;
    const dir = path.join(os.tmpdir(), e);
    let owner: { pid: number } | undefined;
    try {
      owner = JSON.parse(readFileSync(path.join(dir, 'owner.json'), 'utf8')) as { pid: number };
    } catch {
      continue;
    }
    if (alive(owner.pid)) continue;
    if (existsSync(path.join(dir, 'data', 'postmaster.pid'))) asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  }
  await dropStaleSlots(url);
}

async function dropStaleSlots(url: string): Promise<void> {
  const slots = await adminQuery<{ slot_name: string }>(url, `SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE '${SLOT_PREFIX}%' AND NOT active`);
  for (const { slot_name } of slots) {
    const pid = slotPid(slot_name);
    if (pid !== undefined && !alive(pid)) await adminQuery(url, 'SELECT pg_drop_replication_slot($1)', [slot_name]).catch(() => {});
  }
}

export async function startReplica(opts: { url?: string; log?: (s: string) => void } = {}): Promise<Replica> {
  const url = opts.url ?? adminPgUrl();
  const log = opts.log ?? (() => {});
  await removeLeftovers(url);
  log(`copying the test server's cluster (${await clusterSize(url)}) with pg_basebackup`);
  const primary = new URL(url);
  const [limits] = await adminQuery<Record<string, string>>(
    url,
    `SELECT current_setting('max_connections') AS max_connections, current_setting('max_worker_processes') AS max_worker_processes,
            current_setting('max_wal_senders') AS max_wal_senders, current_setting('max_prepared_transactions') AS max_prepared_transactions,
            current_setting('max_locks_per_transaction') AS max_locks_per_transaction`,
  );
  const port = await freePort();
  const slot = `${SLOT_PREFIX}${process.pid}_${port}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-replica-'));
  writeFileSync(path.join(dir, 'owner.json'), JSON.stringify({ pid: process.pid, slot })); // for removeLeftovers
  const data = path.join(dir, 'data');
  const ids = process.getuid?.() === 0 ? postgresIds() : undefined;
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  let started = false;
  const cleanupSync = () => {
    if (started) asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    started = false;
    spawnSync('psql', [url, '-Atqc', `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '${slot}' AND NOT active`], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanupSync); // a test that dies leaves no server, slot or directory behind
  try {
    const t0 = Date.now();
    const bb = asPostgres(path.join(PG_BIN, 'pg_basebackup'), [
      '-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username || 'postgres'),
      '-D', data, '-R', '-X', 'stream', '-c', 'fast', '-C', '-S', slot, '--no-sync', '--no-manifest',
    ]);
    if (bb.status !== 0) throw new Error(`pg_basebackup failed: ${bb.stderr || bb.stdout}`);
    log(`pg_basebackup: ${Date.now() - t0} ms`);
    // the server's own configuration lives in /etc on Debian: the copy gets one of its own
    const conf = [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'hot_standby = on',
      'hot_standby_feedback = on',
      "wal_receiver_status_interval = '1s'",
      ...Object.entries(limits!).map(([k, v]) => `${k} = ${v}`), // a hot standby needs at least the primary's
      "shared_buffers = '64MB'",
      'fsync = off',
      'autovacuum = off',
      'logging_collector = off',
      "cluster_name = 'xinyong_test_replica'",
    ].join('\n');
    writeFileSync(path.join(data, 'postgresql.conf'), conf + '\n');
    writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    writeFileSync(path.join(data, 'pg_ident.conf'), '');
    if (ids) for (const f of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) chownSync(path.join(data, f), ids.uid, ids.gid);
    const st = asPostgres(pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '300', 'start']);
    started = true;
    if (st.status !== 0) throw new Error(`the replica did not start: ${st.stderr || st.stdout}\n${readLog(dir)}`);
    const replica: Replica = {
      port,
      dir,
      slot,
      urlFor(primaryUrl: string) {
        const u = new URL(primaryUrl);
        u.hostname = '127.0.0.1';
        u.port = String(port);
        return u.toString();
      },
      async catchUp(timeoutMs = 300_000) {
        const [{ lsn }] = (await adminQuery<{ lsn: string }>(url, 'SELECT pg_current_wal_flush_lsn()::text AS lsn')) as [{ lsn: string }];
        const end = Date.now() + timeoutMs;
        for (;;) {
          const [r] = await adminQuery<{ caught: boolean; status: string | null }>(
            replica.urlFor(url),
            'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught, (SELECT status FROM pg_stat_wal_receiver) AS status',
            [lsn],
          ).catch(() => [{ caught: false, status: null }]);
          if (r?.caught && r.status === 'streaming') return;
          if (Date.now() > end) throw new Error(`the replica did not replay ${lsn} within ${timeoutMs} ms (receiver ${r?.status ?? 'none'})\n${readLog(dir)}`);
          await new Promise((res) => setTimeout(res, 50));
        }
      },
      async pause() {
        await adminQuery(replica.urlFor(url), 'SELECT pg_wal_replay_pause()');
        // pausing takes effect at the next record: wait until it has
        for (;;) {
          const [r] = await adminQuery<{ s: string }>(replica.urlFor(url), 'SELECT pg_get_wal_replay_pause_state() AS s');
          if (r?.s === 'paused') return;
          await new Promise((res) => setTimeout(res, 20));
        }
      },
      async resume() {
        await adminQuery(replica.urlFor(url), 'SELECT pg_wal_replay_resume()');
      },
      async replayLsn() {
        const [r] = await adminQuery<{ lsn: string }>(replica.urlFor(url), 'SELECT pg_last_wal_replay_lsn()::text AS lsn');
        return r!.lsn;
      },
      async stop() {
        process.removeListener('exit', cleanupSync);
        cleanupSync();
        // the slot is inactive once the receiver has gone; drop it if the quick try above was early
        for (let i = 0; i < 100; i++) {
          const left = await adminQuery(url, 'SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot]);
          if (left.length === 0) return;
          await adminQuery(url, 'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [slot]).catch(() => {});
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error(`replication slot ${slot} could not be dropped`);
      },
    };
    await replica.catchUp();
    log(`replica streaming on port ${port}: ${Date.now() - t0} ms from the start of the copy`);
    return replica;
  } catch (err) {
    process.removeListener('exit', cleanupSync);
    cleanupSync();
    throw err;
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'server.log'), 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
