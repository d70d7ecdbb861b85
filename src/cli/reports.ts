import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from './commands.ts';
import { args, helpText, printJson, resolvePath, withPlatform, type CliIo } from './shared.ts';
import { issueReport, verifyByCode, verifyFile, type Verification } from '../modules/reports/reports.service.ts';
import { subjectOrThrow } from './objections.ts';

const HELP = `
xinyong reports create --subject CODE --edition public|full [--purpose TEXT] --out FILE.pdf [--json]
  Issues a credit report (信用报告) and writes its PDF; prints {"number","code","sha256",…}.
  The full edition includes non-public records: --purpose is required and the read is audited.
xinyong reports verify --number N --code C [--json]
xinyong reports verify --file FILE.pdf|FILE.json [--json]
  Genuine or not, and whether the subject's information changed since the report was issued.`;

function print(io: CliIo, v: Verification): void {
  io.log(`${v.genuine ? '真实 GENUINE' : '无法核验 NOT GENUINE'}: ${v.zh}`);
  if (v.changes?.length) for (const c of v.changes) io.log(`  ${c.kind} ${c.category} ${c.ref}`);
}

export const reportsCommand: Command = {
  summary: '信用报告 Credit reports: create (PDF), verify',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { subject: { type: 'string' }, edition: { type: 'string' }, purpose: { type: 'string' }, out: { type: 'string' }, number: { type: 'string' }, code: { type: 'string' }, file: { type: 'string' } });
    if (values.help || !sub) return helpText(io, HELP);
    if (sub === 'create') {
      const edition = values.edition ?? 'public';
      if (!values.subject || !values.out || (edition !== 'public' && edition !== 'full')) return helpText(io, HELP);
      return withPlatform(io, 'reports create', async (p) => {
        const r = await issueReport(p, io.actor, { subject: await subjectOrThrow(p, values.subject!), edition, purpose: values.purpose ?? null });
        writeFileSync(resolvePath(io, values.out!), r.pdf);
        const out = { number: r.number, code: r.code, sha256: r.sha256, size: r.size, edition: r.edition, issuedAt: r.issuedAt, hashAlg: r.hashAlg, contentHash: r.contentHash, signature: r.signature, file: values.out };
        if (values.json) printJson(io, out);
        else io.log(`报告编号 ${r.number}  验证码 ${r.code}\nPDF ${values.out} (${r.size} bytes, SHA-256 ${r.sha256})`);
        return 0;
      });
    }
    if (sub === 'verify') {
      if (!values.file && !(values.number && values.code)) return helpText(io, HELP);
      return withPlatform(io, 'reports verify', async (p) => {
        const v = values.file
          ? values.file.toLowerCase().endsWith('.json')
            ? await verifyFile(p, { json: JSON.parse(readFileSync(resolvePath(io, values.file), 'utf8')) as unknown })
            : await verifyFile(p, { pdf: readFileSync(resolvePath(io, values.file)) })
          : await verifyByCode(p, values.number!, values.code!);
        if (values.json) printJson(io, v);
        else print(io, v);
        return v.genuine ? 0 : 1;
      });
    }
    return helpText(io, HELP);
  },
};
