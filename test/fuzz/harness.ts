// The fuzzing harness (issue 16): generates malformed inputs by mutation and by grammar, sends
// them to a running platform (in process, through app.inject, on PGlite or PostgreSQL) and checks
// invariants after every case. Every case has its own seed: `--seed <case seed> --cases 1` replays
// it exactly (on a database in the state the run had built up to then, so first on a fresh one).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import type { LightMyRequestResponse } from 'fastify';
import type { TestPlatform } from '../helpers/platform.ts';
import { uscc } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { importFile } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';

export const TARGETS = ['json', 'csv', 'xlsx', 'public', 'signed', 'staff'] as const;
export type Target = (typeof TARGETS)[number];

// --- a small seeded PRNG (mulberry32): the same seed gives the same case -----------------------
export type Rng = { next(): number; int(n: number): number; pick<T>(a: readonly T[]): T; chance(p: number): boolean };
export function rng(seed: number): Rng {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)]!, chance: (p) => next() < p };
}
export const caseSeed = (seed: number, i: number) => (Math.imul(seed ^ 0x9e3779b9, 2654435761) + i * 40503) >>> 0;

// --- grammar of hostile values ----------------------------------------------------------------
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b', '\u001f', '\ud800', '\udfff', '\ufffd', '\u0000\u0000'];
function hostileString(r: Rng, base: string): string {
  switch (r.int(12)) {
    case 0: return base.slice(0, r.int(base.length + 1)) + r.pick(CONTROL) + base.slice(r.int(base.length + 1));
    case 1: return '';
    case 2: return ' '.repeat(r.int(5));
    case 3: return 'x'.repeat(r.pick([256, 4096, 70_000]));
    case 4: return "'; DROP TABLE record; --";
    case 5: return '<script>alert(1)</script>';
    case 6: return '\ufeff' + base;
    case 7: return base.normalize('NFD') + '\u0301';
    case 8: return '𠀀🙂' + base;
    case 9: return base.split('').reverse().join('');
    case 10: return String(r.int(1e9));
    default: return base + '\r\n\t';
  }
}
function hostileValue(r: Rng, base: string): unknown {
  switch (r.int(10)) {
    case 0: return r.int(1e6);
    case 1: return r.pick([null, true, false, 1e309 /* becomes null in JSON */, -0, 1.5e300]);
    case 2: return [base];
    case 3: return { v: base };
    case 4: { let d: unknown = base; for (let i = 0; i < 40; i++) d = [d]; return d; }
    default: return hostileString(r, base);
  }
}

// A record: valid, or mutated in 1–3 fields (or its keys). `valid` says whether it was left alone.
function record(r: Rng, tag: string, i: number): { rec: Record<string, unknown>; valid: boolean } {
  const n = i + 1;
  const rec: Record<string, unknown> = penaltyRow({ CF_WSH: `冀fz${tag}罚〔2026〕${n}号`, CF_XDR_MC: `沧州模糊${tag}${n}有限公司`, CF_XDR_SHXYM: uscc(`91130900MA${String((Number.parseInt(tag, 36) * 97 + n) % 10_000_000).padStart(7, '0')}`) });
  if (r.chance(0.5)) return { rec, valid: true };
  const keys = Object.keys(rec);
  for (let k = 0, m = 1 + r.int(3); k < m; k++) {
    const key = r.pick(keys);
    switch (r.int(6)) {
      case 0: delete rec[key]; break;
      case 1: rec[`unknown_${r.int(100)}`] = hostileValue(r, 'x'); break;
      case 2: rec[`${key} `] = hostileValue(r, String(rec[key])); break; // a duplicate spelling of the key
      default: rec[key] = hostileValue(r, String(rec[key]));
    }
  }
  return { rec, valid: false };
}

// --- invariants ---------------------------------------------------------------------------------
export type Outcome = { label: string; failure?: string };
export type Limits = { maxMs: number; maxRssBytes: number };

function errorBodyProblem(res: LightMyRequestResponse): string | undefined {
  let body: { error?: { code?: unknown; zh?: unknown; en?: unknown } };
  try {
    body = res.json();
  } catch {
    return `${res.statusCode} answer is not JSON`;
  }
  const e = body.error;
  if (!e || typeof e.code !== 'string' || typeof e.zh !== 'string' || typeof e.en !== 'string' || !e.zh || !e.en) return `${res.statusCode} error without code, zh and en: ${res.body.slice(0, 200)}`;
  return undefined;
}

// No 5xx; every error a code with zh and en.
export function checkResponse(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 400) return errorBodyProblem(res);
  return undefined;
}

type Counts = { rows: number; created: number; updated: number; unchanged: number; rejected: number };
export function countsProblem(c: Counts): string | undefined {
  return c.created + c.updated + c.unchanged + c.rejected === c.rows ? undefined : `counts do not add up: ${JSON.stringify(c)}`;
}

// --- the targets ------------------------------------------------------------------------------
export type FuzzContext = {
  t: TestPlatform;
  dep: Department;
  credential: string; // a department client with the collect scope
  staffCookie: string; // a platform administrator's session
  dir: string; // scratch files
  routes?: { public?: string[]; batches?: string }; // other routes to probe instead (the harness's own test points them at broken ones)
};

// Batches of the fuzz department started in the last minute (through its index on
// (department_id, started_at)): compared before and after a refused request, it sees any batch the
// request wrote, and costs the same in case 100,000 as in case 1 (a count(*) of the whole table
// grew with every batch the run had written). Batches of other departments: checked once at the
// end of the run (strayBatches), as no case submits for another department.
// `since`: one instant for both counts of a case, a minute before it started.
const recentBatches = async (c: FuzzContext, since: Date) =>
  (await c.t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch WHERE department_id = $1 AND started_at >= $2', [c.dep.id, since], 'fuzz.recent-batches'))!.n;
const strayBatches = async (c: FuzzContext) => (await c.t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch WHERE department_id <> $1', [c.dep.id]))!.n;

async function fuzzJson(c: FuzzContext, r: Rng, seed: number): Promise<Outcome> {
  const tag = seed.toString(36);
  const n = 1 + r.int(20);
  const recs = Array.from({ length: n }, (_, i) => record(r, tag, i));
  let body: unknown = { category: 'penalty', records: recs.map((x) => x.rec) };
  let raw: string | undefined;
  const shape = r.int(10);
  if (shape === 0) body = { category: r.pick(['penalty\u0000', 'nope', '', 42]), records: recs.map((x) => x.rec) };
  else if (shape === 1) raw = JSON.stringify(body).slice(0, r.int(200)); // truncated
  else if (shape === 2) raw = '\ufeff' + JSON.stringify(body); // a BOM
  else if (shape === 3) raw = '['.repeat(50_000) + ']'.repeat(50_000);
  else if (shape === 4) raw = JSON.stringify(body).replace('"category"', '"category":"license","category"'); // duplicate keys
  const since = new Date(Date.now() - 60_000);
  const batchesBefore = await recentBatches(c, since);
  const url = c.routes?.batches ?? '/api/v1/batches';
  const send = () => signedInject(c.t.app, c.credential, raw !== undefined ? { url, body: raw, contentType: 'application/json', now: c.t.p.now() } : { url, json: body, now: c.t.p.now() });
  const res = await send();
  const bad = checkResponse(res);
  if (bad) return { label: String(res.statusCode), failure: bad };
  if (res.statusCode !== 200) {
    if ((await recentBatches(c, since)) !== batchesBefore) return { label: String(res.statusCode), failure: 'a refused request wrote a batch' };
    return { label: `${res.statusCode} ${res.json().error.code}` };
  }
  const b = res.json() as { counts: Counts; results: { index: number; status: string; ref?: string; errors?: { code: string; zh: string; en: string }[] }[] };
  const problem = countsProblem(b.counts) ?? (raw === undefined && b.counts.rows !== n ? `${n} records sent, ${b.counts.rows} counted` : undefined);
  if (problem) return { label: '200', failure: problem };
  for (const x of b.results) {
    for (const e of x.errors ?? []) if (!e.code || !e.zh || !e.en) return { label: '200', failure: `record ${x.index}: an error without code, zh and en` };
    if (raw === undefined && recs[x.index]?.valid && x.status === 'rejected') return { label: '200', failure: `valid record ${x.index} rejected: ${JSON.stringify(x.errors)}` };
  }
  // re-sending the same batch answers unchanged for everything that landed
  if (raw === undefined) {
    const again = await send();
    if (again.statusCode !== 200) return { label: '200', failure: `re-send answered ${again.statusCode}: ${again.body.slice(0, 200)}` };
    const a = again.json() as typeof b;
    // A ref that landed more than once in the batch with a change (a row 'updated' by a later row of
    // the same batch) is a sequence of versions in row order, and re-sending the batch files them
    // again (spine.test.ts: "a ref repeated within one batch"): such rows are not held to
    // 'unchanged'. Two records whose decision numbers were both `false` hit this (seed 2629072357),
    // before booleans were refused as values.
    const changedInBatch = new Set(b.results.filter((x) => x.status === 'updated' && x.ref !== undefined && b.results.some((z) => z.index < x.index && z.ref === x.ref && z.status !== 'rejected')).map((x) => x.ref));
    for (const x of b.results) {
      const y = a.results.find((z) => z.index === x.index);
      if (x.ref !== undefined && changedInBatch.has(x.ref)) continue;
      if (x.status !== 'rejected' && y?.status !== 'unchanged') return { label: '200', failure: `re-sent record ${x.index} was ${y?.status}, not unchanged` };
    }
  }
  return { label: b.counts.rejected ? '200 with rejections' : '200 all landed' };
}

async function fileOutcome(c: FuzzContext, file: string, rows: { valid: boolean }[] | undefined): Promise<Outcome> {
  let s;
  const since = new Date(Date.now() - 60_000);
  const before = await recentBatches(c, since);
  try {
    s = await importFile(c.t.p, { file, category: 'penalty', department: c.dep, actor: SYSTEM_ACTOR });
  } catch (err) {
    // a file refused before its batch exists (FILE_NOT_TABULAR: the upload route answers it as a
    // 400): a refusal with code, zh and en that wrote nothing, and no valid row the case tracks
    const e = err as { code?: unknown; zh?: unknown; en?: unknown; status?: unknown };
    if (e instanceof DomainError && typeof e.code === 'string' && e.zh && e.en && e.status === 400) {
      if ((await recentBatches(c, since)) !== before) return { label: `refused ${e.code}`, failure: 'a refused file wrote a batch' };
      if (rows?.some((x) => x.valid)) return { label: `refused ${e.code}`, failure: `the file was refused whole (${e.code}) with valid rows in it` };
      return { label: `refused ${e.code}` };
    }
    return { label: 'threw', failure: `importFile threw: ${(err as Error).stack?.slice(0, 400)}` };
  }
  const problem = countsProblem(s);
  if (problem) return { label: s.status, failure: problem };
  if (s.status === 'failed' && !(s.failure?.code && s.failure.zh && s.failure.en)) return { label: 'failed', failure: 'a failed batch without code, zh and en' };
  if (s.status === 'running') return { label: 'running', failure: 'the import ended with the batch still running' };
  for (const e of s.errors) if (!e.code || !e.zh || !e.en) return { label: s.status, failure: `row ${e.row}: an error without code, zh and en` };
  if (rows && s.status === 'completed') {
    const rejectedRows = new Set(s.errors.map((e) => e.row));
    const lost = rows.findIndex((x, i) => x.valid && rejectedRows.has(i + 2));
    if (lost >= 0) return { label: s.status, failure: `valid row ${lost + 2} rejected: ${JSON.stringify(s.errors.filter((e) => e.row === lost + 2))}` };
  }
  return { label: s.status === 'failed' ? `failed ${s.failure?.code}` : s.rejected ? 'completed with rejections' : 'completed' };
}

async function fuzzCsv(c: FuzzContext, r: Rng, seed: number): Promise<Outcome> {
  const tag = seed.toString(36);
  const recs = Array.from({ length: 1 + r.int(15) }, (_, i) => record(r, tag, i));
  const rows = recs.map((x) => Object.fromEntries(Object.entries(x.rec).map(([k, v]) => [k.trim(), typeof v === 'string' ? v : JSON.stringify(v) ?? '']))) as Record<string, string>[];
  const header = Object.keys(penaltyRow());
  let text = csv(rows, header);
  let bytes: Buffer;
  let track: { valid: boolean }[] | undefined = recs;
  switch (r.int(9)) {
    case 0: text = text.replace(/"/, ''); track = undefined; break; // broken quoting
    case 1: text = text.slice(0, r.int(text.length)); track = undefined; break; // truncated
    case 2: text = header.join(',') + ','.repeat(r.pick([2000, 1_000_000])) + '\n' + text.split('\n').slice(1).join('\n'); track = undefined; break; // very wide header
    case 3: text = text.replace('\n', '\n' + '"' + 'y'.repeat(5_000_000) + '\n'); track = undefined; break; // an extremely long line
    case 4: text = '\ufeff' + text; break;
    default: break;
  }
  if (r.chance(0.15)) {
    bytes = Buffer.from(text, 'utf8');
    bytes[r.int(bytes.length)] = r.pick([0x00, 0xff, 0xc3, 0x80]); // mixed encodings: one bad byte
    track = undefined;
  } else bytes = Buffer.from(text, 'utf8');
  const file = path.join(c.dir, `fz-${seed}.csv`);
  writeFileSync(file, bytes);
  return fileOutcome(c, file, track);
}

const bombs = new Map<number, Uint8Array>();
function zipBomb(mb: number): Uint8Array {
  let b = bombs.get(mb);
  if (!b) bombs.set(mb, (b = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/worksheets/sheet1.xml': new Uint8Array(mb * 1024 * 1024) }, { level: 9 })));
  return b;
}

async function fuzzXlsx(c: FuzzContext, r: Rng, seed: number): Promise<Outcome> {
  const file = path.join(c.dir, `fz-${seed}.xlsx`);
  const kind = r.int(5);
  if (kind === 0) {
    // a zip bomb: a sheet of zeros, megabytes from kilobytes (the same bytes every time for a size:
    // compressed once per process, not per case, which cost ~0.3 s of every xlsx case on average)
    writeFileSync(file, zipBomb(r.pick([8, 64])));
    return fileOutcome(c, file, undefined);
  }
  const tag = seed.toString(36);
  const recs = Array.from({ length: 1 + r.int(10) }, (_, i) => record(r, tag, i));
  const header = Object.keys(penaltyRow());
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  // control characters as Excel stores them (_xHHHH_); exceljs would drop raw ones
  const cellOf = (v: unknown) => (typeof v === 'string' ? v.replace(/[\u0000-\u001f]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).padStart(4, '0')}_`) : typeof v === 'number' ? v : v === null || v === undefined ? null : JSON.stringify(v));
  for (const x of recs) ws.addRow(header.map((h) => cellOf(x.rec[h])));
  // The same bytes for the same seed at any time: exceljs stamps the workbook (docProps) and every
  // zip entry with the time of writing, so a byte corrupted at a seeded offset hit other content in
  // another run, and 112 xlsx cases of the 100,000-case runs ended differently on the two databases
  // (session 7). Fixed stamps, and the archive rebuilt with fixed entry times.
  wb.created = wb.modified = FIXED_STAMP;
  const written = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  const buf = Buffer.from(zipSync(Object.fromEntries(Object.entries(written).map(([name, data]) => [name, [data, { mtime: FIXED_STAMP }]]))));
  if (kind === 1) {
    for (let k = 0; k < 1 + r.int(20); k++) buf[r.int(buf.length)] = r.int(256); // corrupt bytes
    writeFileSync(file, buf);
    return fileOutcome(c, file, undefined);
  }
  if (kind === 2) {
    writeFileSync(file, buf.subarray(0, r.int(buf.length))); // truncated archive
    return fileOutcome(c, file, undefined);
  }
  writeFileSync(file, buf);
  return fileOutcome(c, file, recs.map((x) => ({ valid: x.valid && !Object.values(x.rec).some((v) => typeof v === 'string' && v.includes('\ufffd')) })));
}

const FIXED_STAMP = new Date(Date.UTC(2026, 0, 1, 4));

const PUBLIC_ROUTES = ['/api/v1/public/subjects', '/api/v1/public/publications', '/api/v1/public/subjects/{x}', '/api/v1/public/lists', '/api/v1/public/lists/{x}/entries', '/api/v1/public/lists/{x}/entries/{x}', '/api/v1/public/lists/{x}/exits', '/api/v1/public/regions'];
function hostileQueryValue(r: Rng): string {
  return r.pick(['%00', '%ED%A0%80', '%FF', '1e309', 'Infinity', '-1', '0', '9007199254740993', '%E4%BF%9D%E5%AE%9A', 'a'.repeat(r.pick([10, 101, 5000])), "%27%20OR%201%3D1--", '%3Cscript%3E', '', '%C0%AF', '2026-02-30', encodeURIComponent('𠀀\u0001')]);
}

async function fuzzPublic(c: FuzzContext, r: Rng): Promise<Outcome> {
  const routes = c.routes?.public ?? PUBLIC_ROUTES;
  const route = r.pick(routes).replace(/\{x\}/g, () => hostileQueryValue(r) || 'x');
  const params = ['q', 'page', 'pageSize', 'category', 'from', 'to', 'x'];
  const qs = Array.from({ length: r.int(5) }, () => `${r.pick(params)}=${hostileQueryValue(r)}`).join('&');
  const res = await c.t.app.inject({ method: 'GET', url: qs ? `${route}?${qs}` : route });
  const bad = checkResponse(res);
  return { label: res.statusCode >= 400 && !bad ? `${res.statusCode} ${res.json().error.code}` : String(res.statusCode), ...(bad ? { failure: `GET ${(route + '?' + qs).slice(0, 300)}: ${bad}` } : {}) };
}

async function fuzzSigned(c: FuzzContext, r: Rng, seed: number): Promise<Outcome> {
  const body = { category: 'penalty', records: [record(r, seed.toString(36), 0).rec] };
  const json = JSON.stringify(body);
  const now = new Date(c.t.p.now().getTime() + r.pick([0, -301, 301, -3600, 86_400]) * 1000 * (r.chance(0.5) ? 1 : 0));
  const opts: Parameters<typeof signedInject>[2] = { url: '/api/v1/batches', body: json, contentType: 'application/json', now };
  const alter = r.int(5);
  if (alter === 0) opts.sendBody = json.replace('penalty', 'penaltz'); // body altered after signing
  else if (alter === 1) opts.headers = { 'x-xy-signature': 'AAAA' + 'x'.repeat(r.int(60)) };
  else if (alter === 2) opts.signedUrl = '/api/v1/batches?x=1';
  else if (alter === 3) opts.headers = { 'x-xy-key-id': r.pick(['', 'xk_0000', 'x'.repeat(300), 'xk_\u00e9']) };
  const since = new Date(Date.now() - 60_000);
  const before = await recentBatches(c, since);
  const res = await signedInject(c.t.app, c.credential, opts);
  const bad = checkResponse(res);
  if (bad) return { label: String(res.statusCode), failure: bad };
  if (res.statusCode >= 400 && (await recentBatches(c, since)) !== before) return { label: String(res.statusCode), failure: 'a refused request wrote a batch' };
  return { label: res.statusCode >= 400 ? `${res.statusCode} ${res.json().error.code}` : String(res.statusCode) };
}

async function fuzzStaff(c: FuzzContext, r: Rng): Promise<Outcome> {
  const forms: { method: 'POST' | 'PATCH'; url: string; body: Record<string, unknown> }[] = [
    { method: 'POST', url: '/api/v1/auth/sign-in', body: { username: 'admin', password: 'x' } },
    { method: 'POST', url: '/api/v1/admin/users', body: { username: 'fz-user', displayName: '模糊', role: 'operator', regionCode: '130000' } },
    { method: 'PATCH', url: '/api/v1/admin/users/{id}', body: { displayName: '模糊' } },
    { method: 'POST', url: '/api/v1/admin/departments', body: { uscc: uscc('11130900MB0000001'), name: '沧州模糊局', regionCode: '130900' } },
    { method: 'POST', url: '/api/v1/public/identity/challenges', body: { code: uscc('91130900MA0000001'), name: '沧州', contact: '13800000000' } },
  ];
  const f = r.pick(forms);
  const body: Record<string, unknown> = { ...f.body };
  for (const k of Object.keys(body)) if (r.chance(0.6)) body[k] = hostileValue(r, String(body[k]));
  if (r.chance(0.2)) body[hostileString(r, 'extra')] = 1;
  const url = f.url.replace('{id}', r.pick(['1', '0', '-1', '1e309', '%00', 'abc', '99999999999999999999']));
  const res = await c.t.app.inject({ method: f.method, url, headers: { 'x-requested-with': 'xinyong' }, cookies: { xy_session: c.staffCookie }, payload: body });
  const bad = checkResponse(res);
  return { label: res.statusCode >= 400 && !bad ? `${res.statusCode} ${res.json().error.code}` : String(res.statusCode), ...(bad ? { failure: `${f.method} ${url}: ${bad}` } : {}) };
}

export async function runCase(c: FuzzContext, target: Target, seed: number): Promise<Outcome> {
  const r = rng(seed);
  switch (target) {
    case 'json': return fuzzJson(c, r, seed);
    case 'csv': return fuzzCsv(c, r, seed);
    case 'xlsx': return fuzzXlsx(c, r, seed);
    case 'public': return fuzzPublic(c, r);
    case 'signed': return fuzzSigned(c, r, seed);
    case 'staff': return fuzzStaff(c, r);
  }
}

export type FuzzReport = {
  cases: number;
  outcomes: Record<string, Record<string, number>>; // target -> label -> count
  failures: { target: Target; seed: number; failure: string }[];
  ms: number;
  peakRss: number;
  msByTarget: Record<string, number>; // time spent in each target's cases (summed over workers)
  workers?: { cases: number; ms: number; peakRss: number }[]; // a merged report: one entry per worker
  wallMs?: number; // a merged report: the run's wall time, start-up included
  slowest: { target: Target; seed: number; ms: number }[]; // the slowest cases, slowest first (where the time goes)
  // CPU seconds the cases used: this process (the platform in process, the harness; on PGlite the
  // database too), and on PostgreSQL the server backends of the run's database. Unlike cases/s, it
  // hardly depends on how many other processes share the cores: a quiet 2-core machine runs at most
  // about 2 / (cpu per case) cases/s with two workers.
  cpu: { node: number; server: number };
};
const SLOWEST = 5;
function noteSlow(list: FuzzReport['slowest'], c: FuzzReport['slowest'][number]): void {
  if (list.length >= SLOWEST && c.ms <= list[list.length - 1]!.ms) return;
  list.push(c);
  list.sort((a, b) => b.ms - a.ms);
  list.length = Math.min(list.length, SLOWEST);
}

// CPU seconds of the PostgreSQL backends serving the run's database (utime + stime from
// /proc/<pid>/stat; the backends run on this machine). Sampled every 2 s and at the end, keeping
// each backend's last figure, since the pool closes idle connections: a backend that ends between
// two samples loses at most its last 2 s. Zero on PGlite (the database runs in this process).
async function backendMeter(c: FuzzContext): Promise<{ stop(): Promise<number> }> {
  if (c.t.p.db.kind !== 'postgres') return { stop: async () => 0 };
  const cpuOf = (pid: number): number | undefined => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
    } catch {
      return undefined;
    }
  };
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async () => {
    const rows = await c.t.p.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()').catch(() => []);
    for (const { pid } of rows) {
      const s = cpuOf(pid);
      if (s === undefined) continue;
      if (!first.has(pid)) first.set(pid, s);
      last.set(pid, s);
    }
  };
  await sample();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void sample().finally(() => (busy = false));
  }, 2000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      let sum = 0;
      for (const [pid, s] of last) sum += s - first.get(pid)!;
      return sum;
    },
  };
}

// Runs `cases` cases spread over the targets. A case slower than limits.maxMs or a process above
// limits.maxRssBytes after a case is a failure too; so is an exception escaping a case.
// shard {index, count}: a worker's share of a parallel run (test/fuzz/fuzz.ts --workers): the
// cases in rounds of one case per target (case i has target i mod targets), round r to worker
// r mod count, so every worker gets every target alike. (Case i to worker i mod count gave one of
// two workers the json, xlsx and signed cases and the other csv, public and staff: the first took
// twice as long.) Case i has the same target and seed whichever worker runs it.
export async function runFuzz(c: FuzzContext, o: { targets: readonly Target[]; cases: number; seed: number; limits: Limits; shard?: { index: number; count: number }; onCase?: (i: number, report: FuzzReport, out: { target: Target; seed: number; label: string; ms: number }) => void }): Promise<FuzzReport> {
  const report: FuzzReport = { cases: 0, outcomes: {}, failures: [], ms: 0, peakRss: 0, msByTarget: {}, slowest: [], cpu: { node: 0, server: 0 } };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const backends = await backendMeter(c);
  const shard = o.shard ?? { index: 0, count: 1 };
  if (!(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) throw new Error(`bad shard ${JSON.stringify(shard)}`);
  for (let i = 0; i < o.cases; i++) {
    if (Math.floor(i / o.targets.length) % shard.count !== shard.index) continue;
    const target = o.targets[i % o.targets.length]!;
    const seed = o.cases === 1 ? o.seed : caseSeed(o.seed, i);
    const t0 = performance.now();
    let out: Outcome;
    // a case that never answers is a failure with its seed, not a run that hangs
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ label: 'no answer', failure: `no answer within ${o.limits.maxMs * 4} ms` }), o.limits.maxMs * 4);
    });
    try {
      out = await Promise.race([runCase(c, target, seed), hung]);
    } catch (err) {
      out = { label: 'exception', failure: `the case threw: ${(err as Error).stack?.slice(0, 400)}` };
    } finally {
      clearTimeout(timer);
    }
    const ms = performance.now() - t0;
    report.msByTarget[target] = (report.msByTarget[target] ?? 0) + ms;
    noteSlow(report.slowest, { target, seed, ms: Math.round(ms) });
    const rss = process.memoryUsage().rss;
    report.peakRss = Math.max(report.peakRss, rss);
    if (!out.failure && ms > o.limits.maxMs) out = { label: out.label, failure: `took ${Math.round(ms)} ms (bound ${o.limits.maxMs} ms)` };
    if (!out.failure && rss > o.limits.maxRssBytes) out = { label: out.label, failure: `memory ${Math.round(rss / 2 ** 20)} MB (bound ${Math.round(o.limits.maxRssBytes / 2 ** 20)} MB)` };
    const byTarget = (report.outcomes[target] ??= {});
    byTarget[out.label] = (byTarget[out.label] ?? 0) + 1;
    if (out.failure) report.failures.push({ target, seed, failure: out.failure });
    report.cases += 1;
    o.onCase?.(i, report, { target, seed, label: out.label, ms });
  }
  // the one set-based check left for the end: no case submits for another department
  const stray = await strayBatches(c);
  if (stray) report.failures.push({ target: 'json', seed: o.seed, failure: `after the run: ${stray} batches of another department than the fuzz client's` });
  report.ms = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  report.cpu = { node: (used.user + used.system) / 1e6, server: await backends.stop() };
  return report;
}

// Merges the workers' reports of one parallel run. ms: the cases' time, that of the slowest worker
// (they run side by side), comparable with a one-process run's; wallMs: the whole run's, start-up
// of the template and the workers' platforms included (given by the caller).
export function mergeReports(parts: FuzzReport[], wallMs: number): FuzzReport {
  const ms = Math.max(0, ...parts.map((r) => r.ms));
  const merged: FuzzReport = { cases: 0, outcomes: {}, failures: [], ms, wallMs, peakRss: 0, msByTarget: {}, workers: [], slowest: [], cpu: { node: 0, server: 0 } };
  for (const r of parts) {
    merged.cases += r.cases;
    merged.peakRss = Math.max(merged.peakRss, r.peakRss);
    for (const [target, labels] of Object.entries(r.outcomes)) {
      const into = (merged.outcomes[target] ??= {});
      for (const [label, n] of Object.entries(labels)) into[label] = (into[label] ?? 0) + n;
    }
    for (const [target, t] of Object.entries(r.msByTarget)) merged.msByTarget[target] = (merged.msByTarget[target] ?? 0) + t;
    merged.failures.push(...r.failures);
    for (const x of r.slowest ?? []) noteSlow(merged.slowest, x);
    merged.cpu.node += r.cpu?.node ?? 0;
    merged.cpu.server += r.cpu?.server ?? 0;
    merged.workers!.push({ cases: r.cases, ms: r.ms, peakRss: r.peakRss });
  }
  merged.failures.sort((a, b) => a.seed - b.seed);
  return merged;
}

export function formatReport(r: FuzzReport): string {
  const perWorker = r.workers ? `, ${r.workers.length} workers (peak RSS per worker process; ${((r.wallMs ?? 0) / 1000).toFixed(1)} s wall with start-up)` : '';
  const lines = [`${r.cases} cases in ${(r.ms / 1000).toFixed(1)} s (${(r.cases / (r.ms / 1000)).toFixed(2)} cases/s), peak RSS ${Math.round(r.peakRss / 2 ** 20)} MB, ${r.failures.length} failures${perWorker}`];
  for (const [target, labels] of Object.entries(r.outcomes)) {
    const total = Object.values(labels).reduce((a, b) => a + b, 0);
    const each = r.msByTarget[target] !== undefined ? ` (${Math.round(r.msByTarget[target]! / total)} ms/case)` : '';
    lines.push(`  ${target.padEnd(7)} ${String(total).padStart(7)}${each}  ` + Object.entries(labels).sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l}: ${n}`).join(', '));
  }
  if (r.cases) lines.push(`  CPU per case: ${((1000 * r.cpu.node) / r.cases).toFixed(1)} ms in the platform and harness process${r.cpu.server ? ` + ${((1000 * r.cpu.server) / r.cases).toFixed(1)} ms in PostgreSQL backends` : ''}`);
  if (r.slowest.length) lines.push(`  slowest: ${r.slowest.map((x) => `${x.target} ${x.seed} ${x.ms} ms`).join(', ')}`);
  for (const f of r.failures) lines.push(`FAIL ${f.target} seed ${f.seed} (replay: --target ${f.target} --seed ${f.seed} --cases 1): ${f.failure}`);
  return lines.join('\n');
}

