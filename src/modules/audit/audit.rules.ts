// Verification of the audit chain, without I/O: the caller feeds events in seq order (a page at a
// time) and the checkpoints, and gives a look-up "which seq holds this hash" for classifying a
// broken link. Finds what was altered, removed or reordered, and reports the first such event.
import { GENESIS_HASH, isAuditHashAlg, linkHash, type ChainedEvent } from '../../kernel/audit-chain.ts';
import type { AuditVerifier } from './audit.keys.ts';

export type ChainRow = Omit<ChainedEvent, 'alg'> & {
  seq: number;
  alg: string | null;
  prevHash: string | null;
  hash: string | null;
  subMs?: boolean; // stored time has digits below the millisecond the hash covers
};

export type CheckpointRow = {
  id: number;
  seq: number;
  hash: string;
  at: Date;
  prevSeq: number;
  sigAlg: string;
  keyId: string;
  signature: string;
};

export type AuditProblemKind =
  | 'removed' // events missing: a gap in seq, or the chain ends before the head or a checkpoint
  | 'altered' // an event's stored content or hash no longer matches
  | 'reordered' // an intact event sits at another position than the one it was written at
  | 'unsealed' // an event from before the chain (migration 0004) was never hashed
  | 'rewritten' // the chain is self-consistent but differs from a signed checkpoint
  | 'checkpoint-forged' // a checkpoint's signature does not verify
  | 'checkpoint-unknown-key' // signed by a key the verifier does not trust
  | 'checkpoint-removed' // a checkpoint is missing from the signed sequence
  | 'head-mismatch'; // the chain-head row disagrees with the last event

export type AuditProblem = { kind: AuditProblemKind; seq: number; toSeq?: number; checkpointId?: number; zh: string; en: string };

export const MAX_PROBLEMS = 100;

// The statement a checkpoint signs (UTF-8, lines joined by \n, no trailing newline).
export function checkpointStatement(cp: { seq: number; hash: string; prevSeq: number; at: Date }): string {
  return ['xinyong-audit-checkpoint/v1', `seq=${cp.seq}`, `hash=${cp.hash}`, `prev-seq=${cp.prevSeq}`, `at=${cp.at.toISOString()}`].join('\n');
}

// The sweep signs when `every` events are unsigned, or when unsigned events wait and the last
// checkpoint is `minutes` old (or there is none).
export function checkpointDue(
  headSeq: number,
  last: { seq: number; at: Date } | undefined,
  now: Date,
  cfg: { checkpointEvery: number; checkpointMinutes: number },
): boolean {
  const unsigned = headSeq - (last?.seq ?? 0);
  if (unsigned <= 0) return false;
  if (unsigned >= cfg.checkpointEvery || !last) return true;
  return now.getTime() - last.at.getTime() >= cfg.checkpointMinutes * 60_000;
}

export type ChainSummary = {
  events: number;
  lastSeq: number;
  lastHash: string | null;
  algorithms: Record<string, number>;
  checkpoints: number;
  checkpointsVerified: number;
  lastCheckpoint?: { id: number; seq: number; at: string; keyId: string };
  problems: AuditProblem[];
  problemCount: number;
};

export type ChainChecker = {
  // events in seq order; checkpoints in seq order, each given once before or with its event
  addCheckpoints(cps: readonly CheckpointRow[]): void;
  event(row: ChainRow): Promise<void>;
  finish(head: { seq: number; hash: string | null } | undefined): ChainSummary;
};

export function createChainChecker(opts: {
  verifiers: ReadonlyMap<string, AuditVerifier>;
  seqOfHash: (hash: string) => Promise<number | undefined>;
}): ChainChecker {
  let expectedSeq = 1;
  let prevHash: string | null = GENESIS_HASH; // null: unknown (after an unsealed event)
  let lastHash: string | null = null;
  let events = 0;
  let lastSeq = 0;
  let lastCheckpointSeq = 0;
  let checkpoints = 0;
  let checkpointsVerified = 0;
  let lastCheckpoint: ChainSummary['lastCheckpoint'];
  let removedThrough = 0; // removals reported up to this seq
  const algorithms: Record<string, number> = {};
  const pending: CheckpointRow[] = [];
  const problems: AuditProblem[] = [];
  let problemCount = 0;

  const report = (p: AuditProblem) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const removed = (from: number, to: number) => {
    if (to < from || to <= removedThrough) return;
    from = Math.max(from, removedThrough + 1);
    removedThrough = to;
    const range = from === to ? `${from}` : `${from}–${to}`;
    report({
      kind: 'removed',
      seq: from,
      ...(to !== from ? { toSeq: to } : {}),
      zh: `审计事件 ${range} 已被删除（序号不连续）`,
      en: `Audit event${from === to ? '' : 's'} ${range} ${from === to ? 'was' : 'were'} removed (gap in the sequence)`,
    });
  };

  const checkpoint = (cp: CheckpointRow, eventHash: string | undefined) => {
    checkpoints += 1;
    const v = opts.verifiers.get(cp.keyId);
    let signed = false;
    if (!v || v.alg !== cp.sigAlg)
      report({
        kind: 'checkpoint-unknown-key',
        seq: cp.seq,
        checkpointId: cp.id,
        zh: `序号 ${cp.seq} 的检查点由未受信任的密钥 ${cp.keyId}（${cp.sigAlg}）签名`,
        en: `The checkpoint at seq ${cp.seq} is signed by key ${cp.keyId} (${cp.sigAlg}), which is not trusted`,
      });
    else if (!v.verify(checkpointStatement(cp), cp.signature))
      report({
        kind: 'checkpoint-forged',
        seq: cp.seq,
        checkpointId: cp.id,
        zh: `序号 ${cp.seq} 的检查点签名无效（检查点被伪造或篡改）`,
        en: `The signature of the checkpoint at seq ${cp.seq} does not verify (forged or altered checkpoint)`,
      });
    else {
      signed = true;
      checkpointsVerified += 1;
    }
    if (cp.prevSeq !== lastCheckpointSeq)
      report({
        kind: 'checkpoint-removed',
        seq: cp.seq,
        checkpointId: cp.id,
        zh: `序号 ${cp.seq} 的检查点声明其前一个检查点在序号 ${cp.prevSeq}，实际为 ${lastCheckpointSeq || '无'}（检查点被删除）`,
        en: `The checkpoint at seq ${cp.seq} names its predecessor at seq ${cp.prevSeq}, but the previous one found is at ${lastCheckpointSeq || 'none'} (a checkpoint was removed)`,
      });
    if (signed && eventHash !== undefined && eventHash !== cp.hash) {
      const from = lastCheckpointSeq + 1;
      report({
        kind: 'rewritten',
        seq: from,
        toSeq: cp.seq,
        checkpointId: cp.id,
        zh: `审计事件 ${from}–${cp.seq} 被改写并重新计算了哈希：与序号 ${cp.seq} 的签名检查点不符`,
        en: `Audit events ${from}–${cp.seq} were altered and re-hashed: the chain no longer matches the signed checkpoint at seq ${cp.seq}`,
      });
    }
    lastCheckpointSeq = cp.seq;
    lastCheckpoint = { id: cp.id, seq: cp.seq, at: cp.at.toISOString(), keyId: cp.keyId };
  };

  // checkpoints whose seq lies before `seq` have no event of their own (it was removed)
  const flushCheckpointsBefore = (seq: number) => {
    while (pending.length && pending[0]!.seq < seq) {
      const cp = pending.shift()!;
      removed(cp.seq, cp.seq);
      checkpoint(cp, undefined);
    }
  };

  const rehash = (row: ChainRow, prev: string) =>
    row.alg !== null && isAuditHashAlg(row.alg) ? linkHash(prev, { ...row, alg: row.alg }) : undefined;

  return {
    addCheckpoints(cps) {
      pending.push(...cps);
    },

    async event(row) {
      flushCheckpointsBefore(row.seq);
      if (row.seq < expectedSeq) {
        report({ kind: 'altered', seq: row.seq, zh: `序号 ${row.seq} 重复出现`, en: `Seq ${row.seq} appears twice` });
        return;
      }
      const gap = row.seq > expectedSeq;
      if (gap) removed(expectedSeq, row.seq - 1);
      events += 1;
      if (row.alg) algorithms[row.alg] = (algorithms[row.alg] ?? 0) + 1;

      if (row.hash === null || row.prevHash === null) {
        report({
          kind: 'unsealed',
          seq: row.seq,
          zh: `审计事件 ${row.seq} 尚未纳入哈希链（0004 迁移之前写入；运行 xinyong audit checkpoint 封存）`,
          en: `Audit event ${row.seq} is not hashed yet (written before migration 0004; run xinyong audit checkpoint to seal it)`,
        });
        prevHash = null;
      } else {
        const selfOk = !row.subMs && rehash(row, row.prevHash) === row.hash;
        if (!selfOk)
          report({
            kind: 'altered',
            seq: row.seq,
            zh: `审计事件 ${row.seq} 被篡改：内容与其哈希不符`,
            en: `Audit event ${row.seq} was altered: its content does not match its hash`,
          });
        else if (!gap && prevHash !== null && row.prevHash !== prevHash) {
          // intact, but not linked to its predecessor: moved here, or the predecessor was re-hashed
          const t = await opts.seqOfHash(row.prevHash);
          if (t !== undefined && t !== row.seq - 1)
            report({
              kind: 'reordered',
              seq: row.seq,
              zh: `审计事件顺序被调换：序号 ${row.seq} 的事件是接在现序号 ${t} 的事件之后写入的，而不是 ${row.seq - 1}`,
              en: `Audit events were reordered: the event at seq ${row.seq} was written after the event now at seq ${t}, not after seq ${row.seq - 1}`,
            });
          else
            report({
              kind: 'altered',
              seq: row.seq - 1,
              zh: `审计事件 ${row.seq - 1} 被篡改并重新计算了哈希：与事件 ${row.seq} 记录的前一哈希不符`,
              en: `Audit event ${row.seq - 1} was altered and re-hashed: its hash differs from the one event ${row.seq} recorded`,
            });
        }
        prevHash = row.hash;
      }
      lastHash = row.hash;
      lastSeq = row.seq;
      expectedSeq = row.seq + 1;
      while (pending.length && pending[0]!.seq === row.seq) checkpoint(pending.shift()!, row.hash ?? undefined);
    },

    finish(head) {
      const tail = pending.splice(0);
      for (const cp of tail) {
        removed(lastSeq + 1, cp.seq);
        checkpoint(cp, undefined);
      }
      if (head) {
        if (head.seq > lastSeq) removed(lastSeq + 1, head.seq);
        else if (head.seq < lastSeq)
          report({
            kind: 'head-mismatch',
            seq: head.seq + 1,
            zh: `链头记录序号 ${head.seq}，但存在序号至 ${lastSeq} 的事件（绕过链头写入）`,
            en: `The chain head says seq ${head.seq}, but events up to seq ${lastSeq} exist (written around the chain head)`,
          });
        else if (head.hash !== null && lastHash !== null && head.hash !== lastHash)
          report({
            kind: 'altered',
            seq: lastSeq,
            zh: `审计事件 ${lastSeq} 被篡改并重新计算了哈希：与链头记录的哈希不符`,
            en: `Audit event ${lastSeq} was altered and re-hashed: its hash differs from the one the chain head recorded`,
          });
      }
      problems.sort((a, b) => a.seq - b.seq);
      return { events, lastSeq, lastHash, algorithms, checkpoints, checkpointsVerified, lastCheckpoint, problems, problemCount };
    },
  };
}
