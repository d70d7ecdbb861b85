import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { countJobs, listFailedJobs } from '../kernel/jobs.ts';
import { badRequest } from '../kernel/errors.ts';

const HELP = `
xinyong jobs [--failed] [--task NAME] [--limit N] [--json]
  Background jobs (file imports, sweeps, checkpoints) by task and state; with --failed, the jobs
  that used up their retries, newest first, with the error of their last attempt.
  Beside a running server on the embedded database it runs inside the server (admin channel).`;

export const jobsCommand: Command = {
  summary: '后台任务 Background jobs: counts by task and state, failed jobs with their errors',
  async run(argv, io) {
    const { values } = args(argv, { failed: { type: 'boolean' }, task: { type: 'string' }, limit: { type: 'string' } });
    if (values.help) return helpText(io, HELP);
    const limit = Number(values.limit ?? '20');
    if (!Number.isInteger(limit) || limit < 1) throw badRequest('LIMIT_INVALID', '--limit 应为正整数', '--limit must be a positive integer');
    return withPlatform(io, 'jobs', async (p) => {
      if (values.failed) {
        const failed = await listFailedJobs(p.db, limit, values.task);
        if (values.json) return printJson(io, { failed });
        if (failed.length === 0) return io.log('没有失败的任务 No failed jobs');
        for (const f of failed)
          io.log(`${f.failedOn?.toISOString() ?? '-'}  ${f.task}  ${f.id}  尝试 attempts ${f.attempts}  ${JSON.stringify(f.data)}\n    ${f.error ?? ''}`);
        return;
      }
      const counts = (await countJobs(p.db)).filter((c) => !values.task || c.task === values.task);
      if (values.json) return printJson(io, { counts });
      if (counts.length === 0) return io.log('没有任务 No jobs');
      for (const c of counts) io.log(`${c.task.padEnd(20)} ${c.state.padEnd(10)} ${c.jobs}`);
    });
  },
};
