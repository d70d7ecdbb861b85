import type { Command } from './commands.ts';
import { helpText } from './shared.ts';

export const benchCommand: Command = {
  summary: '性能测试 Benchmarks: npm run bench -- collect|prepare|check|audit|report|search|subject-page|evaluation|classify|exchange|replica [--json]',
  async run(argv, io) {
    const [name, ...rest] = argv;
    const benches: Record<string, () => Promise<{ run(args: string[]): Promise<number | void> }>> = {
      collect: async () => (await import('../../bench/collect.ts')).collectBench,
      prepare: async () => (await import('../../bench/prepare.ts')).prepareBench, // the importer's per-row JavaScript alone (decision 0044)
      check: async () => (await import('../../bench/check.ts')).checkBench,
      audit: async () => (await import('../../bench/audit.ts')).auditBench,
      report: async () => (await import('../../bench/report.ts')).reportBench,
      search: async () => (await import('../../bench/search.ts')).searchBench,
      'subject-page': async () => (await import('../../bench/subject-page.ts')).subjectPageBench,
      evaluation: async () => (await import('../../bench/evaluation.ts')).evaluationBench,
      classify: async () => (await import('../../bench/classify.ts')).classifyBench,
      exchange: async () => (await import('../../bench/exchange.ts')).exchangeBench,
      replica: async () => (await import('../../bench/replica.ts')).replicaBench, // a real streaming replica of the test server (test/helpers/replica.ts)
    };
    if (!name || !benches[name]) return helpText(io, `npm run bench -- <${Object.keys(benches).join('|')}> [--json]`);
    return (await benches[name]!()).run(rest);
  },
};
