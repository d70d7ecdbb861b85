// The exchange between nodes, upward half (issue 11, docs/exchange.md): child nodes registered at
// a parent, the child's upstream, the relay of the outbox, receiving at the parent through the
// collection logic, offline packages, and the status of both ends.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, conflict, notFound, unauthorized } from '../../kernel/errors.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { canonicalRequest } from '../access/signing.client.ts';
import { timestampInWindow, nonceExpiresAt, SIGNATURE_WINDOW_SECONDS } from '../access/signing.rules.ts';
import { addDepartment, findDepartmentById, findDepartmentByUscc, type Department } from '../access/departments.store.ts';
import { ingestChunk } from '../collection/collection.service.ts';
import { insertBatch, finishBatch } from '../collection/collection.store.ts';
import { currentVersionForUpdate, insertStatusVersion, versionsByIds, type RecordStatus, type StoredVersion } from '../collection/records.store.ts';
import { validateJsonRecord } from '../catalog/catalog.rows.ts';
import { assertListOwner } from '../catalog/catalog.rules.ts';
import type { CategoryDef, FieldError } from '../catalog/catalog.types.ts';
import * as store from './exchange.store.ts';
import { closeResolvedWarning, raiseWarning } from '../warnings/warnings.service.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import {
  ACK_FORMAT,
  EXCHANGE_PATH,
  PACKAGE_FORMAT,
  RELAY_BATCH_MAX,
  FEED_LIMIT_MAX,
  FEED_PATH,
  latest,
  linkSilent,
  type ExchangeRule,
  backoffMs,
  hmac,
  manifestCanonical,
  newNodeKeyId,
  newNodeSecret,
  parseNodeHeaders,
  readPackage,
  regionWithin,
  sha256Hex,
  signNodeRequest,
  signatureMatches,
  type PackageManifest,
  type SigningAlg,
  SIGNING_ALGS,
} from './exchange.rules.ts';
import type { ExchangeAnswer, ExchangeEntry, ExchangeRequest, ExchangeResult, ExchangeStatus, FeedAnswer, FeedEntry, FeedItem } from './exchange.schemas.ts';
import { applyFeedItems, feedPage, noItems, startFeedForChild, type ItemCounts, type ItemEffects } from './feed.service.ts';

export const RELAY_TASK = 'exchange.relay';
export const FEED_TASK = 'exchange.feed';
export const LINK_SWEEP_TASK = 'exchange.link-sweep';
const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

// ---- nodes, at the parent

export type IssuedNodeKey = { nodeId: string; keyId: string; secret: string; region: string; name: string; alg: SigningAlg };

const assertAlg = (alg: string): SigningAlg => {
  if (!SIGNING_ALGS.includes(alg as SigningAlg)) throw badRequest('ALG_UNKNOWN', `签名算法应为 ${SIGNING_ALGS.join('、')}`, `The signing algorithm must be ${SIGNING_ALGS.join(', ')}`);
  return alg as SigningAlg;
};

export async function addNode(p: Platform, actor: Actor, o: { region: string; name: string; alg?: string }): Promise<IssuedNodeKey> {
  const region = findRegion(o.region.trim());
  if (!region) throw badRequest('REGION_UNKNOWN', `行政区划代码 ${o.region} 不是河北省的区划`, `Region code ${o.region} is not a Hebei region`);
  if (!(region.code !== p.config.node.region && regionWithin(p.config.node.region, region.code)) && p.config.node.role !== 'national')
    throw badRequest('NODE_OUTSIDE_REGION', `下级节点 ${region.code} 不在本节点 ${p.config.node.region} 的辖区内`, `Child node ${region.code} is not inside this node's region ${p.config.node.region}`);
  const name = o.name.trim();
  if (!name) throw badRequest('NODE_NAME_REQUIRED', '节点名称不能为空', 'The node name is required');
  const alg = assertAlg(o.alg ?? 'hmac-sha256');
  const keyId = newNodeKeyId();
  const secret = newNodeSecret();
  return p.db.tx(async (tx) => {
    // the first child: feed items are written from now on, and what is on file becomes items
    // (registrations wait for each other here)
    const feedBackfill = await startFeedForChild(p, tx);
    if (await store.activeNodeOfRegion(tx, region.code))
      throw conflict('NODE_EXISTS', `区划 ${region.code} 已有登记的节点（先吊销：xinyong nodes revoke）`, `Region ${region.code} already has a registered node (revoke it first: xinyong nodes revoke)`);
    const node = await store.insertNode(tx, { keyId, regionCode: region.code, name, alg, secretCipher: p.crypto.encrypt(secret), now: p.now() });
    await writeAudit(tx, actor, 'exchange.node-add', `node:${region.code}`, { keyId, name, alg, ...(feedBackfill !== undefined ? { feedBackfill } : {}) });
    return { nodeId: String(node.id), keyId: `${keyId}.s1`, secret, region: region.code, name, alg };
  });
}

async function lockNode(tx: Db, keyOrRegion: string): Promise<store.Node> {
  const k = keyOrRegion.trim().replace(/\.s\d+$/, '');
  const node = /^\d{6}$/.test(k) ? await store.activeNodeOfRegion(tx, k) : await store.findNodeForUpdate(tx, k);
  if (!node) throw notFound('NODE_NOT_FOUND', `节点 ${keyOrRegion} 不存在`, `Node ${keyOrRegion} does not exist`);
  return node;
}

export async function rotateNode(p: Platform, actor: Actor, keyOrRegion: string, overlapDays = 30): Promise<IssuedNodeKey> {
  const secret = newNodeSecret();
  return p.db.tx(async (tx) => {
    const node = await lockNode(tx, keyOrRegion);
    if (node.revokedAt) throw conflict('NODE_REVOKED', `节点 ${node.regionCode} 已吊销`, `Node ${node.regionCode} is revoked`);
    const now = p.now();
    const no = await store.addNodeSecret(tx, node.id, p.crypto.encrypt(secret), now, new Date(now.getTime() + overlapDays * 86_400_000));
    await writeAudit(tx, actor, 'exchange.node-rotate', `node:${node.regionCode}`, { secretId: `s${no}`, overlapDays });
    return { nodeId: String(node.id), keyId: `${node.keyId}.s${no}`, secret, region: node.regionCode, name: node.name, alg: node.alg };
  });
}

export async function revokeNode(p: Platform, actor: Actor, keyOrRegion: string): Promise<void> {
  await p.db.tx(async (tx) => {
    const node = await lockNode(tx, keyOrRegion);
    if (node.revokedAt) return;
    await store.revokeNode(tx, node.id, p.now());
    await writeAudit(tx, actor, 'exchange.node-revoke', `node:${node.regionCode}`, { keyId: node.keyId });
  });
}

export async function listNodes(p: Platform) {
  return (await store.listNodes(p.db)).map((n) => ({
    nodeId: String(n.id),
    keyId: n.keyId,
    region: n.regionCode,
    name: n.name,
    alg: n.alg,
    createdAt: iso(n.createdAt)!,
    revokedAt: iso(n.revokedAt),
    received: n.received,
    rejected: n.rejected,
    lastReceivedAt: iso(n.lastReceivedAt),
  }));
}

// ---- upstream, at the child

export async function setUpstream(p: Platform, actor: Actor, o: { url: string; keyId: string; secret: string; alg?: string }): Promise<{ url: string; keyId: string; queued: number }> {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw badRequest('UPSTREAM_URL_INVALID', `上级平台地址 ${o.url} 无效`, `The upstream URL ${o.url} is invalid`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('UPSTREAM_URL_INVALID', '上级平台地址应为 http(s)://…', 'The upstream URL must be http(s)://…');
  if (!/^xn_[0-9a-f]{16}\.s[1-9]\d*$/.test(o.keyId.trim())) throw badRequest('UPSTREAM_KEY_INVALID', '节点密钥编号应为 xn_<16位十六进制>.s<序号>', 'The node key id reads xn_<16 hex digits>.s<n>');
  if (!o.secret.trim()) throw badRequest('UPSTREAM_SECRET_REQUIRED', '须提供节点密钥', 'The node secret is required');
  const alg = assertAlg(o.alg ?? 'hmac-sha256');
  const base = url.toString().replace(/\/+$/, '');
  return p.db.tx(async (tx) => {
    const queued = await store.setUpstream(tx, { url: base, signingKeyId: o.keyId.trim(), secretCipher: p.crypto.encrypt(o.secret.trim()), alg, now: p.now() });
    await writeAudit(tx, actor, 'exchange.upstream-set', 'upstream', { url: base, keyId: o.keyId.trim(), alg, queued });
    return { url: base, keyId: o.keyId.trim(), queued };
  });
}

// ---- the relay (a job of the job runner)

// An outbox entry with its stored version, ready to send.
export type Outgoing = store.OutboxRow & { v: StoredVersion };

export async function loadOutgoing(p: Platform, rows: readonly store.OutboxRow[]): Promise<Outgoing[]> {
  const versions = await versionsByIds(p.db, rows.map((r) => Number(r.recordId)), p.config.timeZone);
  return rows.map((r) => ({ ...r, v: versions.get(Number(r.recordId))! }));
}

export function toEntry(p: Platform, r: Outgoing): ExchangeEntry {
  const v = r.v;
  const base = {
    id: String(r.recordId),
    category: v.category,
    department: v.department.uscc,
    ref: v.sourceRef,
    version: v.version,
    createdAt: iso(v.receivedAt)!,
    receivedOn: v.receivedOn,
    origin: { region: r.originRegion ?? v.department.regionCode, createdAt: iso(r.originCreatedAt ?? v.receivedAt)! },
  };
  if (v.isStatus) return { ...base, kind: 'status', status: { status: v.status as RecordStatus, on: v.statusOn ?? v.receivedOn, reason: v.statusReason ?? '' } };
  const clear: Record<string, string> = v.sealed ? (JSON.parse(p.crypto.decrypt(v.sealed)) as Record<string, string>) : {};
  return { ...base, kind: 'content', record: { ...v.fields, ...clear } };
}

export function messageOf(p: Platform, rows: readonly Outgoing[]): ExchangeRequest {
  const deps = new Map<string, StoredVersion['department']>();
  for (const r of rows) deps.set(r.v.department.uscc, r.v.department);
  return { node: p.config.node.region, departments: [...deps.values()], entries: rows.map((r) => toEntry(p, r)) };
}

export type RelayResult = { state: 'idle' | 'no-upstream' | 'leased' | 'backing-off' | 'failed' | 'done'; sent: number; accepted: number; duplicate: number; rejected: number; error?: string };

type Sender = (url: string, headers: Record<string, string>, body: string, signal?: AbortSignal) => Promise<{ status: number; text: string }>;

const httpSend: Sender = async (url, headers, body, signal) => {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body, signal: signal ?? AbortSignal.timeout(60_000) });
  return { status: res.status, text: await res.text() };
};

const RELAY_LEASE_MS = 120_000;

// Delivers pending outbox entries, oldest first, a batch at a time, each batch only after the
// previous one was answered; entries are marked only from the parent's answer. Stops when the
// outbox is empty, at `maxBatches`, or at the first failure (then backs off: 1 s, 2 s, … 5 min).
// lingerMs: once empty, keep looking for new entries this long (the job's period: no gap between runs).
export async function relayOnce(
  p: Platform,
  o: { maxBatches?: number; batchSize?: number; signal?: AbortSignal; ignoreBackoff?: boolean; send?: Sender; lingerMs?: number } = {},
): Promise<RelayResult> {
  const result: RelayResult = { state: 'idle', sent: 0, accepted: 0, duplicate: 0, rejected: 0 };
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const up = await store.claimRelay(p.db, owner, p.now(), RELAY_LEASE_MS);
  if (!up) return { ...result, state: (await store.findUpstream(p.db)) ? 'leased' : 'no-upstream' };
  try {
    if (!o.ignoreBackoff && up.nextAttemptAt && new Date(up.nextAttemptAt).getTime() > p.now().getTime()) return { ...result, state: 'backing-off' };
    const cred = { signingKeyId: up.signingKeyId, secret: p.crypto.decrypt(up.secretCipher), alg: up.alg };
    const send = o.send ?? httpSend;
    let failures = up.failures;
    const started = performance.now();
    for (let n = 0; n < (o.maxBatches ?? 1000) && !o.signal?.aborted; n++) {
      const rows = await loadOutgoing(p, await store.pendingOutbox(p.db, o.batchSize ?? RELAY_BATCH_MAX));
      if (rows.length === 0) {
        if (!o.lingerMs || performance.now() - started > o.lingerMs) break;
        await new Promise((r) => setTimeout(r, 100));
        n -= 1;
        continue;
      }
      if (n > 0 && !(await store.claimRelay(p.db, owner, p.now(), RELAY_LEASE_MS))) break; // lease renewed, or lost
      const body = JSON.stringify(messageOf(p, rows));
      const headers = signNodeRequest(cred, { method: 'POST', path: EXCHANGE_PATH, body, at: p.now() });
      let answer: ExchangeAnswer | undefined;
      let error: string | undefined;
      try {
        const res = await send(`${up.url}${EXCHANGE_PATH}`, headers, body, o.signal);
        if (res.status === 200) answer = JSON.parse(res.text) as ExchangeAnswer;
        else error = `HTTP ${res.status}: ${res.text.slice(0, 500)}`;
      } catch (err) {
        error = `${(err as Error).name}: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause?: Error }).cause!.message})` : ''}`;
      }
      result.sent += rows.length;
      if (!answer) {
        failures += 1;
        await store.countAttempt(p.db, rows.map((r) => r.outboxId));
        await store.noteRelayFailure(p.db, error!, p.now(), new Date(p.now().getTime() + backoffMs(failures)));
        return { ...result, state: 'failed', error };
      }
      const byId = new Map(answer.results.map((a) => [a.id, a]));
      const acks: store.Acknowledged[] = [];
      for (const r of rows) {
        const a = byId.get(String(r.recordId));
        if (!a) continue; // not answered: stays pending, sent again
        acks.push({ outboxId: r.outboxId, outcome: a.outcome, errors: a.errors });
        result[a.outcome] += 1;
      }
      await p.db.tx(async (tx) => {
        await store.acknowledge(tx, acks, p.now());
        await store.noteRelaySuccess(tx, p.now());
      });
      failures = 0;
      if (acks.length < rows.length) break; // a partial answer: the rest go in the next run
    }
    result.state = 'done';
    return result;
  } finally {
    await store.releaseRelay(p.db, owner).catch(() => {});
  }
}

// ---- receiving, at the parent

const refusal = (status: 401 | 403, code: string, zh: string, en: string) => new DomainError(status, code, zh, en);

// Verifies a node's signed request: headers, time window, node key, signature, body hash, nonce.
export async function authenticateNode(p: Platform, req: { method: string; url: string; headers: Record<string, string | string[] | undefined>; bodySha256?: string }): Promise<store.Node> {
  const parsed = parseNodeHeaders(req.headers);
  if (!parsed.ok) throw unauthorized(parsed.error.code, parsed.error.zh, parsed.error.en);
  const h = parsed.value;
  const nowSeconds = Math.floor(p.now().getTime() / 1000);
  if (!timestampInWindow(h.timestamp, nowSeconds))
    throw unauthorized(
      'EXCHANGE_SIGNATURE_EXPIRED',
      `请求时间戳 ${h.timestampText} 与平台时间 ${nowSeconds} 相差超过 ${SIGNATURE_WINDOW_SECONDS / 60} 分钟`,
      `Request timestamp ${h.timestampText} is more than ${SIGNATURE_WINDOW_SECONDS / 60} minutes from the platform's time ${nowSeconds}`,
    );
  const key = await store.findNodeKey(p.db, h.keyId, h.secretNo);
  const signingKeyId = `${h.keyId}.s${h.secretNo}`;
  if (!key || !key.secret) throw unauthorized('NODE_UNKNOWN', `节点密钥 ${signingKeyId} 不存在`, `Unknown node key ${signingKeyId}`);
  if (key.node.revokedAt) throw unauthorized('NODE_REVOKED', `节点 ${key.node.regionCode}（${key.node.name}）已吊销`, `Node ${key.node.regionCode} is revoked`);
  if (key.secret.retiredAt || (key.secret.expiresAt && new Date(key.secret.expiresAt).getTime() <= p.now().getTime()))
    throw unauthorized('NODE_SECRET_EXPIRED', `节点密钥 ${signingKeyId} 已停用或过期`, `Node secret ${signingKeyId} is retired or expired`);
  const canonical = canonicalRequest(req.method, req.url, h.timestampText, h.nonce, h.contentSha256);
  if (!signatureMatches(key.node.alg, p.crypto.decrypt(key.secret.cipher), canonical, h.signature))
    throw unauthorized('EXCHANGE_SIGNATURE_MISMATCH', `签名不符（节点 ${key.node.regionCode}，算法 ${key.node.alg}）`, `Signature mismatch (node ${key.node.regionCode}, ${key.node.alg})`);
  if (req.bodySha256 !== undefined && req.bodySha256 !== h.contentSha256)
    throw unauthorized('BODY_HASH_MISMATCH', '请求正文的 SHA-256 与 X-Xy-Content-SHA256 不符', 'The SHA-256 of the body does not match X-Xy-Content-SHA256');
  if (!(await store.recordNodeNonce(p.db, key.node.id, h.nonce, nonceExpiresAt(h.timestamp), p.now())))
    throw unauthorized('NONCE_REUSED', `nonce ${h.nonce} 已使用过（重放被拒绝）`, `Nonce ${h.nonce} was used before (replay refused)`);
  return key.node;
}

export const nodeActor = (node: Pick<store.Node, 'regionCode'>, ip?: string): Actor => ({ id: `node:${node.regionCode}`, kind: 'api-client', ...(ip ? { ip } : {}) });

// Region scope of a whole request: every department and every entry's region of origin inside the
// node's region; refused as a whole otherwise (nothing filed).
async function checkScope(p: Platform, node: store.Node, msg: ExchangeRequest): Promise<void> {
  const out = (what: string) =>
    refusal(403, 'EXCHANGE_OUT_OF_REGION', `节点 ${node.regionCode}（${node.name}）只能报送本辖区的数据：${what} 不在辖区内，整批拒收`, `Node ${node.regionCode} may send only data of its region: ${what} is outside it; the whole batch is refused`);
  if (msg.node !== node.regionCode) throw out(`报文声明的节点 ${msg.node}`);
  const listed = new Set(msg.departments.map((d) => d.uscc));
  for (const d of msg.departments) {
    if (!regionWithin(node.regionCode, d.regionCode)) throw out(`部门 ${d.uscc}（${d.regionCode}）`);
    const here = await findDepartmentByUscc(p.db, d.uscc);
    if (here && !regionWithin(node.regionCode, here.regionCode)) throw out(`部门 ${d.uscc}（本平台登记于 ${here.regionCode}）`);
  }
  for (const e of msg.entries) {
    if (!listed.has(e.department)) throw badRequest('EXCHANGE_MALFORMED', `条目 ${e.id} 的部门 ${e.department} 不在报文的部门列表中`, `Entry ${e.id}'s department ${e.department} is not in the message's departments`);
    if (!regionWithin(node.regionCode, e.origin.region)) throw out(`条目 ${e.id} 的来源区划 ${e.origin.region}`);
  }
}

// The node's departments, registered here once (a department never has to be registered twice).
async function ensureDepartments(p: Platform, node: Pick<store.Node, 'regionCode' | 'name'>, msg: Pick<ExchangeRequest, 'departments'>): Promise<Map<string, Department>> {
  const out = new Map<string, Department>();
  for (const d of msg.departments) {
    let dep = await findDepartmentByUscc(p.db, d.uscc);
    if (!dep) {
      try {
        dep = await addDepartment(p.db, nodeActor(node), { uscc: d.uscc, name: d.name, regionCode: d.regionCode, kinds: d.kinds }, {
          provinceAdmin: true,
          reason: `registered at node ${node.regionCode} (${node.name}), received by exchange`,
          today: p.today(),
        });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'DEPARTMENT_EXISTS') throw err;
        dep = (await findDepartmentByUscc(p.db, d.uscc))!;
      }
    }
    out.set(d.uscc, dep);
  }
  return out;
}

type Pending = { entry: ExchangeEntry; index: number };

// Files a message from a node: duplicates (same node, same origin version id) answered as such,
// content through the collection logic (validation, subject index, versions, publication
// windows), status versions on the current version of their key; one transaction.
export async function receiveEntries(p: Platform, node: store.Node, msg: ExchangeRequest, ip?: string): Promise<ExchangeAnswer> {
  await checkScope(p, node, msg);
  const deps = await ensureDepartments(p, node, msg);
  let results: ExchangeResult[] = [];
  await p.db.tx(async (tx) => {
    // one receive per node at a time: a batch sent again while the first is being filed waits, then is a duplicate
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`exchange:node:${node.id}`]);
    const known = await store.receivedOutcomes(tx, node.id, msg.entries.map((e) => e.id));
    const filed = await fileEntries(p, tx, node, deps, msg.entries, (id) => known.has(id));
    results = filed.results;
    await store.insertReceived(tx, node.id, filed.received, p.now());
    const counts = { accepted: 0, duplicate: 0, rejected: 0 };
    for (const r of results) counts[r.outcome] += 1;
    await writeAudit(tx, nodeActor(node, ip), 'exchange.receive', `node:${node.regionCode}`, { entries: msg.entries.length, ...counts });
  });
  return { results };
}

// Files entries in order (at a parent from a child, or at a child from the parent's feed):
// duplicates (`known`, or twice in the list) answered as such, runs of content through the
// collection logic, status versions on the current version of their key.
async function fileEntries(
  p: Platform,
  tx: Db,
  node: Pick<store.Node, 'regionCode'>,
  deps: Map<string, Department>,
  entries: readonly ExchangeEntry[],
  known: (id: string) => boolean,
): Promise<{ results: ExchangeResult[]; received: store.ReceivedRow[] }> {
  const today = p.today();
  const results: ExchangeResult[] = new Array(entries.length);
  const received: store.ReceivedRow[] = [];
  const seen = new Set<string>();
  const note = (x: Pending, outcome: 'accepted' | 'rejected', recordId: number | null, errors?: FieldError[]) => {
    results[x.index] = { id: x.entry.id, outcome, ...(errors ? { errors } : {}) };
    received.push({
      originVersionId: x.entry.id,
      recordId,
      category: x.entry.category,
      sourceRef: x.entry.ref,
      departmentUscc: x.entry.department,
      originRegion: x.entry.origin.region,
      originCreatedAt: x.entry.origin.createdAt,
      outcome,
      errors: errors ?? null,
    });
  };
  let run: Pending[] = [];
  const flush = async () => {
    if (run.length) await fileContent(p, tx, node, deps.get(run[0]!.entry.department)!, run, today, note);
    run = [];
  };
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (known(entry.id) || seen.has(entry.id)) {
      results[index] = { id: entry.id, outcome: 'duplicate' };
      continue;
    }
    seen.add(entry.id);
    const x = { entry, index };
    if (entry.kind === 'content') {
      const head = run[0]?.entry;
      if (head && (head.department !== entry.department || head.category !== entry.category || head.receivedOn !== entry.receivedOn)) await flush();
      run.push(x);
      continue;
    }
    await flush();
    await fileStatus(p, tx, deps.get(entry.department)!, x, note);
  }
  await flush();
  return { results, received };
}

const entryError = (code: string, zh: string, en: string): FieldError => ({ field: '', code, zh, en });

async function fileContent(
  p: Platform,
  tx: Db,
  node: Pick<store.Node, 'regionCode'>,
  department: Department,
  run: Pending[],
  today: DateStr,
  note: (x: Pending, outcome: 'accepted' | 'rejected', recordId: number | null, errors?: FieldError[]) => void,
): Promise<void> {
  const first = run[0]!.entry;
  let def: CategoryDef;
  try {
    def = p.catalog.get(first.category);
    assertListOwner(def, department);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    for (const x of run) note(x, 'rejected', null, [entryError(err.code, err.zh, err.en)]);
    return;
  }
  const checked = run.map((x, i) => {
    const result = validateJsonRecord(def, x.entry.record ?? {}, today);
    if (result.ok && result.record.ref !== x.entry.ref)
      return { row: i, result: { ok: false as const, errors: [entryError('EXCHANGE_REF_MISMATCH', `记录的文书号 ${result.record.ref} 与条目的 ${x.entry.ref} 不一致`, `The record's reference ${result.record.ref} differs from the entry's ${x.entry.ref}`)] } };
    return { row: i, result };
  });
  const batch = await insertBatch(tx, { departmentId: department.id, category: def.code, categoryVersion: def.version, source: 'api', submittedBy: `node:${node.regionCode}` });
  const outcomes = await ingestChunk(p, tx, { def, department, batchId: batch.id, received: first.receivedOn as DateStr }, checked);
  await finishBatch(tx, batch.id, 'completed');
  outcomes.forEach((o, i) => {
    const x = run[i]!;
    if (o.status === 'rejected') note(x, 'rejected', null, o.errors);
    else note(x, 'accepted', o.recordId === undefined ? null : Number(o.recordId));
  });
}

const STATUSES: readonly RecordStatus[] = ['exited', 'revoked', 'repaired'];

async function fileStatus(
  p: Platform,
  tx: Db,
  department: Department,
  x: Pending,
  note: (x: Pending, outcome: 'accepted' | 'rejected', recordId: number | null, errors?: FieldError[]) => void,
): Promise<void> {
  const s = x.entry.status;
  if (!s || !STATUSES.includes(s.status as RecordStatus) || !/^\d{4}-\d{2}-\d{2}$/.test(s.on))
    return note(x, 'rejected', null, [entryError('EXCHANGE_STATUS_INVALID', `状态版本无效：${s?.status ?? '缺少状态'}`, `Invalid status version: ${s?.status ?? 'status missing'}`)]);
  const cur = await currentVersionForUpdate(tx, { category: x.entry.category, departmentId: department.id, sourceRef: x.entry.ref }, p.config.timeZone);
  if (!cur)
    return note(x, 'rejected', null, [
      entryError('EXCHANGE_BASE_MISSING', `本平台没有 ${x.entry.category} ${x.entry.ref} 的现行版本，无法记录状态 ${s.status}`, `No current version of ${x.entry.category} ${x.entry.ref} here to take the status ${s.status}`),
    ]);
  const v = await insertStatusVersion(tx, cur.id, s.status as RecordStatus, s.on, s.reason);
  note(x, 'accepted', v.id);
}

// ---- rejected entries, at both ends

export async function listRejected(p: Platform) {
  const present = (r: store.RejectedEntry) => ({ id: r.id, category: r.category, ref: r.sourceRef, department: r.department, node: r.node ?? null, errors: (r.errors ?? []) as object[], at: iso(r.at) });
  const usccs = new Map<number, string>();
  const outbox: store.RejectedEntry[] = [];
  for (const r of await store.rejectedOutbox(p.db)) {
    if (!usccs.has(r.departmentId)) usccs.set(r.departmentId, (await findDepartmentById(p.db, r.departmentId))?.uscc ?? String(r.departmentId));
    outbox.push({ ...r, department: usccs.get(r.departmentId)! });
  }
  return { outbox: outbox.map(present), received: (await store.rejectedReceived(p.db)).map(present) };
}

// Dismisses a rejected entry with a note: in this node's outbox, or (with `node`) one received from a child.
export async function dismissRejected(p: Platform, actor: Actor, o: { id: string; note: string; node?: string }): Promise<void> {
  if (!o.note.trim()) throw badRequest('NOTE_REQUIRED', '驳回条目须填写处理说明', 'Dismissing an entry needs a note');
  if (!/^\d{1,18}$/.test(o.id)) throw badRequest('ID_INVALID', `条目编号 ${o.id} 无效`, `Entry id ${o.id} is invalid`);
  await p.db.tx(async (tx) => {
    const done = o.node ? await store.dismissReceived(tx, o.node, o.id, o.note.trim(), p.now()) : await store.dismissOutbox(tx, Number(o.id), o.note.trim());
    if (!done) throw notFound('REJECTED_ENTRY_NOT_FOUND', `没有未处理的被拒条目 ${o.id}`, `No unresolved rejected entry ${o.id}`);
    await writeAudit(tx, actor, 'exchange.dismiss', o.node ? `node:${o.node}:${o.id}` : `outbox:${o.id}`, { note: o.note.trim() });
  });
}

// ---- status

export async function exchangeStatus(p: Platform): Promise<ExchangeStatus> {
  const up = await store.findUpstream(p.db);
  const counts = up ? await store.outboxCounts(p.db) : undefined;
  const nodes = await store.listNodes(p.db);
  return {
    role: p.config.node.role,
    region: p.config.node.region,
    upstream:
      up && counts
        ? {
            url: up.url,
            pending: counts.pending,
            oldestPendingAt: iso(counts.oldestPendingAt),
            delivered: counts.delivered,
            rejected: counts.rejected,
            lastSuccessAt: iso(up.lastSuccessAt),
            lastError: up.lastError, // cleared by the next successful delivery
          }
        : null,
    children: nodes
      .filter((n) => !n.revokedAt)
      .map((n) => ({ region: n.regionCode, name: n.name, received: n.received, rejected: n.rejected, lastReceivedAt: iso(n.lastReceivedAt), feedCursor: n.feedCursor ?? null })),
  };
}

// ---- offline packages (数据拷贝)

export type ExportResult = { file: string; count: number; firstId: string | null; lastId: string | null; manifest: PackageManifest };

// The pending outbox (after `since`, an outbox id), signed with the upstream credential.
export async function exportPackage(p: Platform, o: { since?: number; limit?: number } = {}): Promise<{ text: string; manifest: PackageManifest }> {
  const up = await store.findUpstream(p.db);
  if (!up) throw conflict('UPSTREAM_NOT_SET', '尚未设置上级平台（xinyong upstream set）', 'No upstream is set (xinyong upstream set)');
  const rows = await loadOutgoing(p, await store.pendingOutbox(p.db, o.limit ?? 1_000_000, o.since ?? 0));
  const payload = JSON.stringify({ ...messageOf(p, rows), outbox: rows.map((r) => String(r.outboxId)) });
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    node: p.config.node.region,
    signingKeyId: up.signingKeyId,
    alg: up.alg,
    createdAt: p.now().toISOString(),
    count: rows.length,
    firstId: rows.length ? String(rows[0]!.outboxId) : null,
    lastId: rows.length ? String(rows[rows.length - 1]!.outboxId) : null,
    payloadSha256: sha256Hex(payload),
  };
  const signature = hmac(up.alg, p.crypto.decrypt(up.secretCipher), manifestCanonical(manifest)).toString('base64url');
  return { text: JSON.stringify({ manifest, payload, signature }), manifest };
}

export type Ack = { format: typeof ACK_FORMAT; node: string; packageSha256: string; results: ExchangeResult[]; signature?: string };

const ackCanonical = (a: Omit<Ack, 'signature'>) => JSON.stringify({ format: a.format, node: a.node, packageSha256: a.packageSha256, results: a.results });

// At the parent: verifies and files a package; answers the acknowledgement (signed with the node's secret).
export async function importPackage(p: Platform, actor: Actor, text: string): Promise<Ack> {
  const read = readPackage(text);
  const refuse = (code: string, zh: string, en: string) => badRequest(code, zh, en);
  if (!read.ok) {
    await writeAudit(p.db, actor, 'exchange.package-refused', 'package', { code: read.error.code, en: read.error.en });
    throw refuse(read.error.code, read.error.zh, read.error.en);
  }
  const m = /^(xn_[0-9a-f]{16})\.s(\d+)$/.exec(read.manifest.signingKeyId);
  const key = m ? await store.findNodeKey(p.db, m[1]!, Number(m[2])) : undefined;
  const fail = async (code: string, zh: string, en: string) => {
    await writeAudit(p.db, actor, 'exchange.package-refused', 'package', { code, en, node: read.manifest.node });
    return refuse(code, zh, en);
  };
  if (!key || !key.secret || key.node.revokedAt) throw await fail('NODE_UNKNOWN', `交换包的节点密钥 ${read.manifest.signingKeyId} 不存在或已吊销`, `The package's node key ${read.manifest.signingKeyId} is unknown or revoked`);
  const secret = p.crypto.decrypt(key.secret.cipher);
  if (!signatureMatches(key.node.alg, secret, manifestCanonical(read.manifest), Buffer.from(read.signature, 'base64url')))
    throw await fail('PACKAGE_SIGNATURE_MISMATCH', '交换包签名不符（清单被改动或密钥不符），已拒收', 'The package signature does not match (manifest altered or wrong key); refused');
  const msg = JSON.parse(read.payload) as ExchangeRequest;
  const answer = await receiveEntries(p, key.node, { node: msg.node, departments: msg.departments, entries: msg.entries });
  const ack = { format: ACK_FORMAT, node: key.node.regionCode, packageSha256: sha256Hex(text), results: answer.results } as const;
  return { ...ack, signature: hmac(key.node.alg, secret, ackCanonical(ack)).toString('base64url') };
}

// At the child: the acknowledgement file marks the package's entries delivered or rejected.
export async function applyAck(p: Platform, actor: Actor, text: string): Promise<{ accepted: number; duplicate: number; rejected: number }> {
  const up = await store.findUpstream(p.db);
  if (!up) throw conflict('UPSTREAM_NOT_SET', '尚未设置上级平台（xinyong upstream set）', 'No upstream is set (xinyong upstream set)');
  let ack: Ack;
  try {
    ack = JSON.parse(text) as Ack;
  } catch {
    throw badRequest('ACK_INVALID', '回执不是完整的 JSON', 'The acknowledgement is not complete JSON');
  }
  if (ack?.format !== ACK_FORMAT || !Array.isArray(ack.results) || typeof ack.signature !== 'string') throw badRequest('ACK_INVALID', '回执格式错误', 'The acknowledgement is malformed');
  const { signature, ...rest } = ack;
  if (!signatureMatches(up.alg, p.crypto.decrypt(up.secretCipher), ackCanonical(rest), Buffer.from(signature, 'base64url')))
    throw badRequest('ACK_SIGNATURE_MISMATCH', '回执签名不符，未作处理', 'The acknowledgement signature does not match; nothing marked');
  const ids = ack.results.map((r) => r.id).filter((id) => /^\d{1,18}$/.test(id));
  const map = await p.db.query<{ outboxId: number; recordId: string }>(
    `SELECT id AS "outboxId", record_id::text AS "recordId" FROM exchange_outbox WHERE record_id = ANY($1::bigint[]) AND state = 'pending'`,
    [ids],
  );
  const byRecord = new Map(ack.results.map((r) => [r.id, r]));
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const acks = map.map((m) => {
    const r = byRecord.get(m.recordId)!;
    counts[r.outcome] += 1;
    return { outboxId: Number(m.outboxId), outcome: r.outcome, errors: r.errors };
  });
  await p.db.tx(async (tx) => {
    await store.acknowledge(tx, acks, p.now());
    await writeAudit(tx, actor, 'exchange.ack', 'upstream', counts);
  });
  return counts;
}



// ---- the downward feed (docs/exchange.md "Downward feed")

// At the parent: the page after `after` for a child node (its signed GET). Asking after N
// acknowledges everything up to N (the child's cursor, shown in the parent's status).
export async function feedFor(p: Platform, node: store.Node, q: { after?: string; limit?: number }): Promise<FeedAnswer> {
  const after = q.after ?? '0';
  const limit = Math.min(q.limit ?? FEED_LIMIT_MAX, FEED_LIMIT_MAX);
  await store.noteFeedCursor(p.db, node.id, after, p.now());
  // no lock on record: items are numbered after they commit (decisions/0030)
  const page = await feedPage(p, node, { after, limit });
  const msg = page.records.length ? messageOf(p, await loadOutgoing(p, page.records)) : { node: p.config.node.region, departments: [], entries: [] };
  const entries = msg.entries.map((e, i) => ({ ...e, seq: page.records[i]!.seq }));
  return { ...msg, entries, items: page.items, next: page.next, more: page.more };
}

// accepted/duplicate/rejected: record versions (list entries, revocations); items: the other kinds
export type FeedPullResult = { state: 'no-upstream' | 'failed' | 'done'; pages: number; accepted: number; duplicate: number; rejected: number; items: ItemCounts; cursor: string; error?: string };

type Getter = (url: string, headers: Record<string, string>, signal?: AbortSignal) => Promise<{ status: number; text: string }>;
const httpGet: Getter = async (url, headers, signal) => {
  const res = await fetch(url, { method: 'GET', headers, signal: signal ?? AbortSignal.timeout(60_000) });
  return { status: res.status, text: await res.text() };
};

// A page's record versions and items merged by `seq` into runs (a parent before 0030 sends no
// items and no seq: one run of its entries).
function feedOrder(entries: readonly FeedEntry[], items: readonly FeedItem[]): ({ entries: FeedEntry[]; items?: undefined } | { items: FeedItem[]; entries?: undefined })[] {
  const all: ({ seq: bigint; entry: FeedEntry } | { seq: bigint; item: FeedItem })[] = [
    ...entries.map((entry, i) => ({ seq: entry.seq ? BigInt(entry.seq) : BigInt(i) - 1_000_000_000n, entry })),
    ...items.map((item) => ({ seq: BigInt(item.seq), item })),
  ].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  const parts: ({ entries: FeedEntry[]; items?: undefined } | { items: FeedItem[]; entries?: undefined })[] = [];
  for (const x of all) {
    const last = parts.at(-1);
    if ('entry' in x) {
      if (last?.entries) last.entries.push(x.entry);
      else parts.push({ entries: [x.entry] });
    } else if (last?.items) last.items.push(x.item);
    else parts.push({ items: [x.item] });
  }
  return parts;
}

// At the child (a job of the job runner, every XINYONG_EXCHANGE_FEED_SECONDS): pulls the
// parent's feed from its cursor and files each page in one transaction with the cursor's
// advance, so a page is filed once or not at all; an entry already filed (by parent version id)
// is a duplicate. What is filed from the feed does not enter the outbox (it is the parent's).
export async function pullFeed(p: Platform, o: { maxPages?: number; signal?: AbortSignal; get?: Getter } = {}): Promise<FeedPullResult> {
  const up = await store.findUpstream(p.db);
  const state = await store.feedState(p.db);
  const result: FeedPullResult = { state: 'done', pages: 0, accepted: 0, duplicate: 0, rejected: 0, items: noItems(), cursor: state?.cursor ?? '0' };
  if (!up || !state) return { ...result, state: 'no-upstream' };
  const cred = { signingKeyId: up.signingKeyId, secret: p.crypto.decrypt(up.secretCipher), alg: up.alg };
  const get = o.get ?? httpGet;
  for (let n = 0; n < (o.maxPages ?? 100) && !o.signal?.aborted; n++) {
    const path = `${FEED_PATH}?after=${result.cursor}`;
    const headers = signNodeRequest(cred, { method: 'GET', path, at: p.now() });
    let page: FeedAnswer | undefined;
    let error: string | undefined;
    try {
      const res = await get(`${up.url}${path}`, headers, o.signal);
      if (res.status === 200) page = JSON.parse(res.text) as FeedAnswer;
      else error = `HTTP ${res.status}: ${res.text.slice(0, 500)}`;
    } catch (err) {
      error = `${(err as Error).name}: ${(err as Error).message}`;
    }
    if (!page) {
      await store.noteFeedFailure(p.db, error!, p.now());
      return { ...result, state: 'failed', error };
    }
    result.pages += 1;
    const parent = { regionCode: page.node, name: `上级平台 ${page.node}` };
    const deps = page.entries.length ? await ensureDepartments(p, parent, page) : new Map<string, Department>();
    const actor: Actor = { id: `node:${page.node}`, kind: 'api-client' };
    const items = page.items ?? [];
    const effects: ItemEffects = { measures: false, calendar: false };
    const itemCounts = noItems();
    await p.db.tx(async (tx) => {
      // the versions filed here are the parent's: the outbox trigger leaves them out
      await tx.query("SELECT set_config('xinyong.exchange_feed', 'on', true)");
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['exchange:feed']);
      const known = await store.feedFiledIds(tx, page.entries.map((e) => e.id));
      const counts = { accepted: 0, duplicate: 0, rejected: 0 };
      // in feed order: runs of record versions through collection, the other items through their modules
      for (const part of feedOrder(page.entries, items)) {
        if (part.items) {
          await applyFeedItems(p, tx, actor, page.node, part.items, itemCounts, effects);
          continue;
        }
        const filed = await fileEntries(p, tx, parent, deps, part.entries, (id) => known.has(id));
        await store.insertFeedFiled(tx, filed.received);
        for (const r of filed.results) counts[r.outcome] += 1;
        for (const r of filed.received) known.add(r.originVersionId);
      }
      await store.advanceFeed(tx, page.next, p.now());
      result.accepted += counts.accepted;
      result.duplicate += counts.duplicate;
      result.rejected += counts.rejected;
      if (page.entries.length || items.length)
        await writeAudit(tx, actor, 'exchange.feed-file', `node:${page.node}`, { after: result.cursor, next: page.next, entries: page.entries.length, ...counts, items: itemCounts });
    });
    for (const k of Object.keys(itemCounts) as (keyof ItemCounts)[]) result.items[k] += itemCounts[k];
    if (effects.measures) p.measures.forget();
    if (effects.calendar) await p.reloadCalendar();
    result.cursor = page.next;
    if (!page.more) break;
  }
  return result;
}

// ---- silent links (a job of the job runner; rules/exchange.json)

// Raises `exchange.link-silent` for each link silent beyond the threshold in force: at a parent,
// a child that neither delivered nor pulled; at a child, an upstream neither delivery nor pull
// reached. Idempotent while the warning is not closed (warnings module). A link that spoke again
// closes its warning at the next sweep (audited warning.close, automatic).
export async function sweepSilentLinks(p: Platform, rules: readonly ExchangeRule[]): Promise<{ silent: string[] }> {
  const minutes = ruleInForce(rules, p.today()).silentLinkMinutes;
  const now = p.now();
  const links = await store.linkContacts(p.db);
  const silent: string[] = [];
  const actor: Actor = { id: 'system:exchange', kind: 'system' };
  for (const c of links.children) {
    const last = latest(c.createdAt, c.lastReceivedAt, c.feedLastAt);
    if (!linkSilent(last, now, minutes)) {
      await closeSpokenLink(p, actor, `node:${c.region}`, last);
      continue;
    }
    silent.push(`node:${c.region}`);
    await raiseWarning(p.db, actor, {
      kind: 'exchange.link-silent',
      targetKind: 'region',
      target: `node:${c.region}`,
      targetName: c.name,
      regionCode: c.region,
      reason: { zh: `下级节点 ${c.name}（${c.region}）超过 ${minutes} 分钟未报送也未拉取下行数据`, en: `Child node ${c.region} has neither delivered nor pulled for more than ${minutes} minutes`, figures: { lastContactAt: last.toISOString(), minutes } },
      today: p.today(),
    });
  }
  const up = links.upstream;
  if (up) {
    const last = latest(up.setAt, up.lastSuccessAt, up.feedLastSuccessAt);
    if (!linkSilent(last, now, minutes)) await closeSpokenLink(p, actor, 'upstream', last);
    else {
      silent.push('upstream');
      await raiseWarning(p.db, actor, {
        kind: 'exchange.link-silent',
        targetKind: 'region',
        target: 'upstream',
        targetName: up.url,
        regionCode: p.config.node.region,
        reason: { zh: `与上级平台 ${up.url} 的链路超过 ${minutes} 分钟无成功交换`, en: `No successful exchange with the upstream ${up.url} for more than ${minutes} minutes`, figures: { lastContactAt: last.toISOString(), minutes } },
        today: p.today(),
      });
    }
  }
  return { silent };
}

// A link that exchanged again since it fell silent: its live warning (if any) is closed.
async function closeSpokenLink(p: Platform, actor: Actor, target: string, lastContact: Date): Promise<void> {
  await closeResolvedWarning(p.db, actor, {
    kind: 'exchange.link-silent',
    target,
    note: `链路已恢复：${lastContact.toISOString()} 成功交换 The link spoke again at ${lastContact.toISOString()}`,
    at: p.now(),
  });
}
