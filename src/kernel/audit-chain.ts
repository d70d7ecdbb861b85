// The audit hash chain, pure: canonical form of an event and the link hash. Shared by the writer
// (src/kernel/audit.ts) and the verifier (src/modules/audit/), and specified in docs/security.md
// so that an external auditor can recompute it.
import { createHash, getHashes } from 'node:crypto';
import { sm3 } from 'sm-crypto-v2';
import { canonicalJson } from './crypto.ts';

export type AuditHashAlg = 'sha256' | 'sm3';
export const AUDIT_HASH_ALGS: readonly AuditHashAlg[] = ['sha256', 'sm3'];

// prev_hash of the first event
export const GENESIS_HASH = '0'.repeat(64);

// The fields a link covers: everything stored about the event except its position (seq, id),
// which the chain itself fixes: an event moved elsewhere stays intact but no longer links.
export type ChainedEvent = {
  at: Date;
  actor: string;
  actorKind: string;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
  why: string | null;
  alg: AuditHashAlg;
};

// Node's OpenSSL may be built without SM3; sm-crypto-v2 gives the same digest.
const nodeHasSm3 = getHashes().includes('sm3');

export function digestHex(alg: AuditHashAlg, data: string): string {
  if (alg === 'sm3' && !nodeHasSm3) return sm3(data);
  return createHash(alg).update(data, 'utf8').digest('hex');
}

// Detail as PostgreSQL jsonb will give it back: what JSON can hold (no undefined, Dates as strings).
export function normalizeDetail(detail: unknown): unknown {
  return detail === undefined ? {} : JSON.parse(JSON.stringify(detail));
}

export function canonicalEvent(e: ChainedEvent): string {
  return canonicalJson({
    v: 1,
    at: e.at.toISOString(),
    actor: e.actor,
    actorKind: e.actorKind,
    action: e.action,
    target: e.target,
    detail: e.detail,
    ip: e.ip,
    why: e.why,
    alg: e.alg,
  });
}

// hash = H(prev_hash || "\n" || canonical(event)), hex.
export function linkHash(prevHash: string, e: ChainedEvent): string {
  return digestHex(e.alg, `${prevHash}\n${canonicalEvent(e)}`);
}

export function isAuditHashAlg(v: string): v is AuditHashAlg {
  return (AUDIT_HASH_ALGS as readonly string[]).includes(v);
}
