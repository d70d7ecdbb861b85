import { readFileSync } from 'node:fs';
import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform, type CliIo, resolvePath } from './shared.ts';
import { splitPublicKeys } from '../kernel/audit-config.ts';
import { trustedAuditKeys } from '../modules/audit/audit.keys.ts';
import { platformAuditSigner, verifyAuditChain, writeCheckpoint, type AuditVerification } from '../modules/audit/audit.service.ts';

const HELP = `
xinyong audit verify [--public-key FILE]... [--json]
  Walks the audit hash chain in order, recomputes every hash, checks that no seq is missing and
  that every signed checkpoint verifies and matches the chain. Reports the first event that was
  altered, removed or reordered. Exit code: 0 intact, 3 problems found, 1 error.
  --public-key FILE  also trust this public key (PEM, or SM2 hex): an auditor's own copy, or an
                     earlier platform key. Repeatable.
xinyong audit checkpoint [--json]
  Signs a checkpoint of the current chain head now (the server also does so every
  XINYONG_AUDIT_CHECKPOINT_EVERY events or XINYONG_AUDIT_CHECKPOINT_MINUTES minutes).
xinyong audit public-key [--json]
  Prints the public key that checkpoints are signed with, for external auditors.`;

const EXIT_PROBLEMS = 3;
const AUDIT_SUMMARY = '审计日志 Audit trail: verify, checkpoint, public-key';

function printVerification(io: CliIo, v: AuditVerification): void {
  const algs = Object.entries(v.algorithms)
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
  io.log(`审计事件 Events: ${v.events} (seq 1–${v.lastSeq}${algs ? `; ${algs}` : ''})`);
  io.log(`检查点 Checkpoints: ${v.checkpoints}, 签名有效 signature valid: ${v.checkpointsVerified}` + (v.lastCheckpoint ? `; last at seq ${v.lastCheckpoint.seq} (${v.lastCheckpoint.at}, key ${v.lastCheckpoint.keyId})` : ''));
  io.log(`未签名的事件 Events after the last checkpoint: ${v.unsignedEvents}`);
  if (v.ok) {
    io.log('✓ 审计链完整 The audit chain is intact.');
    return;
  }
  io.log(`✗ 发现 ${v.problemCount} 个问题 ${v.problemCount} problem(s) found. 第一个 First:`);
  for (const p of v.problems.slice(0, 20)) io.log(`  [${p.kind}] seq ${p.seq}${p.toSeq ? `–${p.toSeq}` : ''}: ${p.zh}\n      ${p.en}`);
  if (v.problemCount > 20) io.log(`  … ${v.problemCount - 20} more (--json lists up to ${v.problems.length})`);
}

export const auditCommand: Command = {
  summary: AUDIT_SUMMARY,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { 'public-key': { type: 'string', multiple: true } });
    if (values.help || !sub || !['verify', 'checkpoint', 'public-key'].includes(sub)) return helpText(io, HELP);
    return withPlatform(io, `audit ${sub}`, async (p) => {
      if (sub === 'verify') {
        const extra = (values['public-key'] ?? []).flatMap((f) => splitPublicKeys(readFileSync(resolvePath(io, f), 'utf8')));
        const v = await verifyAuditChain(p.db, {
          verifiers: trustedAuditKeys(p.config.audit, extra),
          onProgress: values.json ? undefined : (seq) => seq % 100_000 < 2000 && io.stderr.write(`  … seq ${seq}\r`),
        });
        if (values.json) printJson(io, v);
        else printVerification(io, v);
        return v.ok ? 0 : EXIT_PROBLEMS;
      }
      if (sub === 'checkpoint') {
        const r = await writeCheckpoint(p, io.actor.id);
        if (values.json) printJson(io, { created: r.created, checkpoint: r.checkpoint ?? null });
        else if (!r.checkpoint) io.log('审计链为空，无需签名 The audit chain is empty: nothing to sign.');
        else
          io.log(
            `${r.created ? '已签名检查点 Signed checkpoint' : '没有新事件，最新检查点 No new events; latest checkpoint'}: seq ${r.checkpoint.seq}\n  hash ${r.checkpoint.hash}\n  ${r.checkpoint.sigAlg} key ${r.checkpoint.keyId}, ${r.checkpoint.at.toISOString()}`,
          );
        return 0;
      }
      const s = platformAuditSigner(p);
      if (values.json) printJson(io, { alg: s.alg, keyId: s.keyId, publicKeyPem: s.publicKeyPem, publicKeyHex: s.publicKeyHex ?? null });
      else {
        io.error(`# ${s.alg} audit checkpoint key ${s.keyId}${s.publicKeyHex ? `\n# SM2 hex: ${s.publicKeyHex}` : ''}`);
        io.stdout.write(s.publicKeyPem);
      }
      return 0;
    });
  },
};
