// Loaded into every test process by bin/run-tests.mjs (`--import`, which node:test passes on to
// each file's process): at exit, appends one JSON line to XINYONG_TEST_CPU_FILE with the CPU
// seconds the process used (user + system) and those of the child processes it waited for (the
// CLI runs a test spawns). The wall time of a file on a shared machine says little; its CPU time is
// roughly independent of the load (docs/testing.md, "CPU budget").
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

const out = process.env.XINYONG_TEST_CPU_FILE;
if (out) {
  process.on('exit', () => {
    // a file's own process (node:test sets NODE_TEST_CONTEXT in it), or the runner that started them
    const file = process.env.NODE_TEST_CONTEXT?.startsWith('child') ? process.argv.find((a) => a.endsWith('.test.ts')) : undefined;
    const self = process.cpuUsage();
    let children = 0;
    try {
      // /proc/self/stat: fields 16 and 17 (cutime, cstime), in clock ticks (100 per second on Linux)
      const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      children = (Number(f[13]) + Number(f[14])) / 100;
    } catch { /* not Linux */ }
    const line = {
      file: file ? path.relative(process.cwd(), file) : '(runner)',
      cpuS: +((self.user + self.system) / 1e6).toFixed(2),
      // the runner's children are the test files, counted on their own lines
      childrenCpuS: file ? children : 0,
    };
    try { appendFileSync(out, JSON.stringify(line) + '\n'); } catch { /* the run goes on */ }
  });
}
