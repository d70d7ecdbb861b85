import type { Command } from './commands.ts';
import { args, helpText } from './shared.ts';
import { loadConfig } from '../config.ts';
import { openPlatform } from '../platform.ts';
import { buildApp } from '../app.ts';
import { resumeFileBatches } from '../modules/collection/collection.service.ts';
import { startCheckpointSweep } from '../modules/audit/audit.service.ts';
import { startRightsSweep } from '../modules/rights/deadlines.service.ts';
import { findDepartmentById } from '../modules/access/departments.store.ts';
import { loadDemoIfEmpty } from '../modules/demo/demo.service.ts';
import { startAdminChannel, type AdminChannel } from './admin-channel.ts';

const HELP = `
xinyong serve [--port N] [--demo-if-empty]
  Serves the API (/api/v1), the OpenAPI document (/api/v1/openapi.json) and the web app.
  Without DATABASE_URL it runs on embedded PGlite in XINYONG_DATA_DIR (default ./data), and
  other xinyong commands run inside it over DATA_DIR/admin.sock (owner only) while it runs.
  --demo-if-empty loads a small demo data set when the database has no departments.`;

export const serveCommand: Command = {
  summary: '启动平台服务 Serve the API and the web app',
  async run(argv, io) {
    const { values } = args(argv, { port: { type: 'string' }, 'demo-if-empty': { type: 'boolean' } });
    if (values.help) return helpText(io, HELP);
    const config = loadConfig(values.port ? { ...process.env, PORT: values.port } : process.env);
    const url = `http://localhost:${config.port}`;
    const platform = await openPlatform(config, { command: 'serve', url });
    const app = await buildApp(platform, { logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } });
    if (values['demo-if-empty']) {
      const loaded = await loadDemoIfEmpty(platform, (msg) => app.log.info(msg));
      if (loaded) app.log.info(`demo data loaded: ${JSON.stringify(loaded)}`);
    }
    // signed audit checkpoints every N events or M minutes
    const stopCheckpoints = startCheckpointSweep(platform, app.log);
    // overdue objections and repair reviews escalated, notices delivered, every minute
    const stopRights = startRightsSweep(platform, app.log);
    let admin: AdminChannel | undefined;
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      stopCheckpoints();
      stopRights();
      await admin?.close();
      app.log.info(`${signal}: shutting down`);
      await app.close();
      await platform.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    // the embedded database is ours alone: CLI commands reach it through this channel
    if (platform.db.kind === 'pglite') admin = await startAdminChannel(platform, app.log);
    io.log(`信用河北 Xinyong is running at ${url} (${platform.db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
    // file imports interrupted by a crash or restart carry on where they stopped
    resumeFileBatches(platform, (id) => findDepartmentById(platform.db, id))
      .then((done) => done.length && app.log.info(`resumed ${done.length} interrupted file import(s)`))
      .catch((err) => app.log.error({ err }, 'resuming file imports failed'));
    await new Promise(() => {});
  },
};
