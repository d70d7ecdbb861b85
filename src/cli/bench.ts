import type { Command } from './commands.ts';
import { helpText } from './shared.ts';

export const benchCommand: Command = {
  summary: '性能测试 Benchmarks: npm run bench -- collect|check|audit|report|search [--json]',
  async run(argv, io) {
    const [name, ...rest] = argv;
    const benches: Record<string, () => Promise<{ run(args: string[]): Promise<number | void> }>> = {
      collect: async () => (await import('../../bench/collect.ts')).collectBench,
      check: async () => (await import('../../bench/check.ts')).checkBench,
      audit: async () => (await import('../../bench/audit.ts')).auditBench,
      report: async () => (await import('../../bench/report.ts')).reportBench,
      search: async () => (await import('../../bench/search.ts')).searchBench,
    };
    if (!name || !benches[name]) return helpText(io, `npm run bench -- <${Object.keys(benches).join('|')}> [--json]`);
    return (await benches[name]!()).run(rest);
  },
};
