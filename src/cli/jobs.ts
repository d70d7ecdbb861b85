import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { countJobs, listFailedJobs } from '../kernel/jobs.ts';
import { badRequest } from '../kernel/errors.ts';

const HELP = `
xinyong jobs [--failed] [--task NAME] [--limit N] [--json]
  Background jobs (file imports, sweeps, checkpoints) by task and state; with --failed, the jobs
  that used up their retries, newest first, with the error of their last attempt.
  On the embedded database run it while the server is stopped (one process at a time).`;

export const jobsCommand: Command = {
  summary: '后台任务 Background jobs: counts by task and state, failed jobs with their errors',
  async run(argv) {
    const { values } = args(argv, { failed: { type: 'boolean' }, task: { type: 'string' }, limit: { type: 'string' } });
    if (values.help) return helpText(HELP);
    const limit = Number(values.limit ?? '20');
    if (!Number.isInteger(limit) || limit < 1) throw badRequest('LIMIT_INVALID', '--limit 应为正整数', '--limit must be a positive integer');
    return withPlatform('jobs', async (p) => {
      if (values.failed) {
        const failed = await listFailedJobs(p.db, limit, values.task);
        if (values.json) return printJson({ failed });
        if (failed.length === 0) return console.log('没有失败的任务 No failed jobs');
        for (const f of failed)
          console.log(`${f.failedOn?.toISOString() ?? '-'}  ${f.task}  ${f.id}  尝试 attempts ${f.attempts}  ${JSON.stringify(f.data)}\n    ${f.error ?? ''}`);
        return;
      }
      const counts = (await countJobs(p.db)).filter((c) => !values.task || c.task === values.task);
      if (values.json) return printJson({ counts });
      if (counts.length === 0) return console.log('没有任务 No jobs');
      for (const c of counts) console.log(`${c.task.padEnd(20)} ${c.state.padEnd(10)} ${c.jobs}`);
    });
  },
};
