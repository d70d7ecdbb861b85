import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { loadDemo } from '../modules/demo/demo.service.ts';

const HELP = `
xinyong demo [--subjects N] [--records M] [--seed S] [--json]
  Generates realistic synthetic Hebei data (valid codes and check characters, departments,
  penalties and licenses) and imports it through the normal collection path. Deterministic per seed.`;

export const demoCommand: Command = {
  summary: '生成演示数据 Load synthetic demo data',
  async run(argv, io) {
    const { values } = args(argv, { subjects: { type: 'string' }, records: { type: 'string' }, seed: { type: 'string' } });
    if (values.help) return helpText(io, HELP);
    const num = (v: string | undefined, d: number, name: string) => {
      if (v === undefined) return d;
      if (!/^\d+$/.test(v)) throw new TypeError(`--${name} must be a non-negative integer`);
      return Number(v);
    };
    const subjects = num(values.subjects, 1000, 'subjects');
    const records = num(values.records, 5000, 'records');
    if (subjects < 1) throw new TypeError('--subjects must be at least 1');
    return withPlatform(io, 'demo', async (p) => {
      const r = await loadDemo(p, { subjects, records, seed: num(values.seed, 20261128, 'seed'), actor: io.actor }, values.json ? undefined : (m) => io.error(m));
      if (values.json) printJson(io, r);
      else io.log(`演示数据已加载 Demo data loaded: ${r.departments} departments, ${r.subjects} subjects, ${r.rows} rows (created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected})`);
      return 0;
    });
  },
};
