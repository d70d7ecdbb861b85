import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS_HASH, linkHash, type AuditHashAlg } from '../../kernel/audit-chain.ts';
import { checkpointDue, checkpointStatement, createChainChecker, type ChainRow, type CheckpointRow } from './audit.rules.ts';
import { parseAuditSigningKey, type AuditSigner } from './audit.keys.ts';

const ED_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'; // RFC 8032 test 1
const SM2_KEY = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8'; // GB/T 32918.5 example

function chain(n: number, alg: AuditHashAlg = 'sha256'): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      at: new Date(Date.UTC(2026, 10, 20, 4, 0, seq)),
      actor: `staff:user${seq % 3}`,
      actorKind: 'staff',
      action: seq % 2 ? 'department.add' : 'personal-data.read',
      target: `subject:${seq}`,
      detail: { n: seq, name: '石家庄' },
      ip: '10.0.0.1',
      why: seq % 2 ? null : '行政许可审查',
      alg,
    };
    const hash = linkHash(prev, e);
    rows.push({ ...e, seq, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function checkpoint(signer: AuditSigner, rows: ChainRow[], seq: number, prevSeq: number, id = seq): CheckpointRow {
  const cp = { seq, hash: rows.find((r) => r.seq === seq)!.hash!, prevSeq, at: new Date('2026-11-20T05:00:00Z') };
  return { id, ...cp, sigAlg: signer.alg, keyId: signer.keyId, signature: signer.sign(checkpointStatement(cp)) };
}

async function verify(rows: ChainRow[], opts: { cps?: CheckpointRow[]; signer?: AuditSigner; head?: { seq: number; hash: string | null } | null } = {}) {
  const signer = opts.signer ?? parseAuditSigningKey('ed25519', ED_SEED);
  const byHash = new Map(rows.map((r) => [r.hash, r.seq]));
  const checker = createChainChecker({ verifiers: new Map([[signer.keyId, signer]]), seqOfHash: async (h) => byHash.get(h) });
  checker.addCheckpoints(opts.cps ?? []);
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  for (const r of sorted) await checker.event(r);
  const last = sorted[sorted.length - 1];
  const head = opts.head === undefined ? (last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: null }) : opts.head ?? undefined;
  return checker.finish(head);
}

describe('chain verification', () => {
  for (const alg of ['sha256', 'sm3'] as const)
    test(`an intact ${alg} chain with checkpoints verifies`, async () => {
      const signer = parseAuditSigningKey(alg === 'sm3' ? 'sm2' : 'ed25519', alg === 'sm3' ? SM2_KEY : ED_SEED);
      const rows = chain(12, alg);
      const r = await verify(rows, { signer, cps: [checkpoint(signer, rows, 5, 0), checkpoint(signer, rows, 12, 5)] });
      assert.deepEqual(r.problems, []);
      assert.equal(r.events, 12);
      assert.equal(r.checkpointsVerified, 2);
      assert.deepEqual(r.algorithms, { [alg]: 12 });
    });

  test('an empty chain verifies', async () => {
    const r = await verify([]);
    assert.equal(r.problemCount, 0);
    assert.equal(r.events, 0);
  });

  test('an altered field is reported at its seq, and only there', async () => {
    const rows = chain(8);
    rows[4] = { ...rows[4]!, why: '随便看看' };
    const r = await verify(rows);
    assert.equal(r.problemCount, 1);
    assert.deepEqual([r.problems[0]!.kind, r.problems[0]!.seq], ['altered', 5]);
  });

  test('a time changed below the millisecond is an alteration too', async () => {
    const rows = chain(3);
    rows[1] = { ...rows[1]!, subMs: true };
    const r = await verify(rows);
    assert.deepEqual([r.problems[0]!.kind, r.problems[0]!.seq], ['altered', 2]);
  });

  test('an event altered and re-hashed is reported at its own seq (the next one recorded the old hash)', async () => {
    const rows = chain(6);
    const e = { ...rows[2]!, detail: { n: 3, name: '保定' } };
    rows[2] = { ...e, hash: linkHash(e.prevHash!, { ...e, alg: 'sha256' }) };
    const r = await verify(rows);
    assert.deepEqual([r.problems[0]!.kind, r.problems[0]!.seq], ['altered', 3]);
  });

  test('a removed event is a gap at its seq; a removed tail shows against the head', async () => {
    const rows = chain(8);
    const r = await verify(rows.filter((x) => x.seq !== 4), { head: { seq: 8, hash: rows[7]!.hash } });
    assert.equal(r.problemCount, 1);
    assert.deepEqual([r.problems[0]!.kind, r.problems[0]!.seq, r.problems[0]!.toSeq], ['removed', 4, undefined]);
    const tail = await verify(rows.slice(0, 6), { head: { seq: 8, hash: rows[7]!.hash } });
    assert.deepEqual([tail.problems[0]!.kind, tail.problems[0]!.seq, tail.problems[0]!.toSeq], ['removed', 7, 8]);
    const first = await verify(rows.slice(2));
    assert.deepEqual([first.problems[0]!.kind, first.problems[0]!.seq, first.problems[0]!.toSeq], ['removed', 1, 2]);
  });

  test('two swapped events are reported as reordered at the first of them', async () => {
    const rows = chain(8);
    const a = rows[3]!;
    const b = rows[4]!;
    rows[3] = { ...b, seq: 4 };
    rows[4] = { ...a, seq: 5 };
    const r = await verify(rows);
    assert.equal(r.problems[0]!.kind, 'reordered');
    assert.equal(r.problems[0]!.seq, 4);
    assert.ok(r.problems.every((p) => p.kind === 'reordered'));
  });

  test('a chain rewritten with fresh hashes passes link by link but not the signed checkpoint', async () => {
    const signer = parseAuditSigningKey('ed25519', ED_SEED);
    const rows = chain(10);
    const cps = [checkpoint(signer, rows, 4, 0), checkpoint(signer, rows, 8, 4)];
    // rewrite from seq 6 on, recomputing every hash after it
    let prev = rows[4]!.hash!;
    for (let i = 5; i < rows.length; i++) {
      const e = i === 5 ? { ...rows[i]!, actor: 'staff:someone-else' } : rows[i]!;
      const hash = linkHash(prev, { ...e, alg: 'sha256' });
      rows[i] = { ...e, prevHash: prev, hash };
      prev = hash;
    }
    const r = await verify(rows, { cps });
    assert.equal(r.problemCount, 1);
    assert.deepEqual([r.problems[0]!.kind, r.problems[0]!.seq, r.problems[0]!.toSeq], ['rewritten', 5, 8]);
  });

  test('a forged checkpoint signature, an unknown key and a removed checkpoint are reported', async () => {
    const signer = parseAuditSigningKey('ed25519', ED_SEED);
    const rows = chain(10);
    const good = [checkpoint(signer, rows, 3, 0), checkpoint(signer, rows, 6, 3), checkpoint(signer, rows, 9, 6)];
    const forged = { ...good[1]!, signature: Buffer.alloc(64, 1).toString('base64') };
    const r1 = await verify(rows, { cps: [good[0]!, forged, good[2]!] });
    assert.deepEqual(r1.problems.map((p) => [p.kind, p.seq]), [['checkpoint-forged', 6]]);
    // a forged checkpoint claiming another hash is not taken for a rewrite of the chain
    const lying = { ...good[1]!, hash: 'f'.repeat(64) };
    const r2 = await verify(rows, { cps: [good[0]!, lying, good[2]!] });
    assert.deepEqual(r2.problems.map((p) => [p.kind, p.seq]), [['checkpoint-forged', 6]]);
    const other = parseAuditSigningKey('ed25519', 'aa'.repeat(32));
    const r3 = await verify(rows, { cps: [good[0]!, checkpoint(other, rows, 6, 3), good[2]!] });
    assert.deepEqual(r3.problems.map((p) => [p.kind, p.seq]), [['checkpoint-unknown-key', 6]]);
    const r4 = await verify(rows, { cps: [good[0]!, good[2]!] });
    assert.deepEqual(r4.problems.map((p) => [p.kind, p.seq]), [['checkpoint-removed', 9]]);
  });

  test('a checkpoint beyond the end of the chain shows the removed tail even when the head was moved back', async () => {
    const signer = parseAuditSigningKey('ed25519', ED_SEED);
    const rows = chain(10);
    const cps = [checkpoint(signer, rows, 9, 0)];
    const r = await verify(rows.slice(0, 7), { cps, head: { seq: 7, hash: rows[6]!.hash } });
    assert.deepEqual([r.problems[0]!.kind, r.problems[0]!.seq, r.problems[0]!.toSeq], ['removed', 8, 9]);
  });

  test('events from before the chain (not yet hashed) are reported as unsealed', async () => {
    const rows = chain(3).map((r) => ({ ...r, alg: null, prevHash: null, hash: null }));
    const r = await verify(rows, { head: { seq: 3, hash: null } });
    assert.deepEqual(r.problems.map((p) => [p.kind, p.seq]), [['unsealed', 1], ['unsealed', 2], ['unsealed', 3]]);
  });
});

describe('checkpoint sweep', () => {
  const cfg = { checkpointEvery: 100, checkpointMinutes: 10 };
  const now = new Date('2026-11-20T04:10:00Z');
  test('signs when N events are unsigned, or after M minutes with any unsigned event, and never for nothing', () => {
    assert.equal(checkpointDue(0, undefined, now, cfg), false);
    assert.equal(checkpointDue(1, undefined, now, cfg), true);
    const last = { seq: 50, at: new Date('2026-11-20T04:00:00.001Z') };
    assert.equal(checkpointDue(50, last, now, cfg), false);
    assert.equal(checkpointDue(149, last, now, cfg), false); // 99 unsigned, 9 min 59.999 s
    assert.equal(checkpointDue(150, last, now, cfg), true); // 100 unsigned
    assert.equal(checkpointDue(51, { ...last, at: new Date('2026-11-20T04:00:00Z') }, now, cfg), true); // 10 minutes exactly
  });
});
