// Opaque public identifiers: a row's sequential id, enciphered (SM4, one block, with a per-kind
// check value) under a key derived from the platform's blind-index key, so public ids cannot be
// enumerated or guessed, need no extra column, and stay stable across restarts and key rotations
// of the field encryption (the blind-index key is fixed once data exists).
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { FieldCrypto } from './crypto.ts';

export type OpaqueKind = 'record' | 'list-entry';

const KEYS = new WeakMap<FieldCrypto, Buffer>();

function keyOf(crypto: FieldCrypto): Buffer {
  let key = KEYS.get(crypto);
  if (!key) {
    key = Buffer.from(crypto.blindIndex('xinyong/opaque-id/v1'), 'base64url').subarray(0, 16);
    KEYS.set(crypto, key);
  }
  return key;
}

const CHECKS: Record<OpaqueKind, Buffer> = {
  record: createHash('sha256').update('xinyong/opaque-id/record').digest().subarray(0, 8),
  'list-entry': createHash('sha256').update('xinyong/opaque-id/list-entry').digest().subarray(0, 8),
};
const check = (kind: OpaqueKind) => CHECKS[kind];

function cipher(key: Buffer, block: Buffer, decrypt: boolean): Buffer {
  // one block with a zero IV: ECB on a single block (Node has no sm4-ecb on every build)
  const c = (decrypt ? createDecipheriv : createCipheriv)('sm4-cbc', key, Buffer.alloc(16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

export function encodeOpaque(crypto: FieldCrypto, kind: OpaqueKind, id: number): string {
  const block = Buffer.alloc(16);
  block.writeBigUInt64BE(BigInt(id), 0);
  check(kind).copy(block, 8);
  return cipher(keyOf(crypto), block, false).toString('base64url');
}

// The id behind an opaque identifier of this kind; undefined for anything else.
export function decodeOpaque(crypto: FieldCrypto, kind: OpaqueKind, value: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{22}$/.test(value)) return undefined;
  const block = cipher(keyOf(crypto), Buffer.from(value, 'base64url'), true);
  if (!block.subarray(8).equals(check(kind))) return undefined;
  const id = block.readBigUInt64BE(0);
  return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
}
