import type { Command } from './commands.ts';
import { args, helpText } from './shared.ts';
import { loadConfig } from '../config.ts';
import { openPlatform } from '../platform.ts';
import { buildApp } from '../app.ts';
import { startBackgroundWork } from '../jobs.ts';
import { loadDemoIfEmpty } from '../modules/demo/demo.service.ts';
import { setOidcProvider } from '../modules/rights/identity-oidc.service.ts';
import { startAdminChannel, type AdminChannel } from './admin-channel.ts';
import { enablePhaseTrace } from '../kernel/phase-trace.ts';

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
    // bench check --phases only: the steps of each credit check, dumped on SIGUSR2
    enablePhaseTrace(process.env.XINYONG_PHASE_TRACE);
    const app = await buildApp(platform, { logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } });
    if (values['demo-if-empty']) {
      const loaded = await loadDemoIfEmpty(platform, (msg) => app.log.info(msg));
      if (loaded) app.log.info(`demo data loaded: ${JSON.stringify(loaded)}`);
    }
    // outside production without XINYONG_OIDC_ISSUER: the labelled demonstration identity provider
    // (oidc-provider, 0.4 CPU s to load, only then: docs/decisions/0045)
    const demoIdp = config.identity.demoOidc
      ? await (await import('../modules/rights/oidc-demo-provider.ts')).startDemoOidcProvider({ port: config.identity.demoOidc.port, redirectUris: [`http://localhost:${config.port}/rights/verify/oidc`, `http://127.0.0.1:${config.port}/rights/verify/oidc`] })
      : undefined;
    if (demoIdp) {
      setOidcProvider(platform, demoIdp.settings);
      app.log.warn(`演示身份提供方 DEMONSTRATION identity provider at ${demoIdp.issuer}: it verifies nobody; production refuses it (set XINYONG_OIDC_* for the real one)`);
    }
    // background work (file imports, sweeps, checkpoints) on the cluster's one job queue: with
    // several processes each job runs once, each sweep once per period (src/jobs.ts)
    try {
      await startBackgroundWork(platform, app.log);
    } catch (err) {
      await demoIdp?.close();
      await platform.close(); // stops the workers already started, so the process can exit
      throw err;
    }
    // public reads on the replica (DATABASE_READ_URL) while it is within the lag bound: measured from here on
    platform.reads.start();
    if (platform.reads.status().configured) app.log.info(`public reads: read replica while it lags at most ${config.readReplica.maxLagMs / 1000} s, else the primary`);
    let admin: AdminChannel | undefined;
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info(`${signal}: shutting down`);
      // every step is tried even when one before it failed; a failure is logged with its step and
      // makes the exit code 1 (nothing is lost either way: an import's lease runs out and another
      // process, or the next start, resumes it)
      let failed = false;
      const step = async (what: string, fn: () => Promise<unknown> | undefined) => {
        try {
          await fn();
        } catch (err) {
          failed = true;
          app.log.error({ err }, `${signal}: ${what} failed`);
        }
      };
      await step('closing the demonstration identity provider', () => demoIdp?.close());
      await step('closing the admin channel', () => admin?.close());
      await step('closing the HTTP server', () => app.close());
      await step('stopping the job workers', () => platform.jobs.stop()); // running imports stop after their chunk and give up their lease
      await step('closing the database', () => platform.close());
      process.exit(failed ? 1 : 0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    // the embedded database is ours alone: CLI commands reach it through this channel
    if (platform.db.kind === 'pglite') admin = await startAdminChannel(platform, app.log);
    io.log(`信用河北 Xinyong is running at ${url} (${platform.db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
    await new Promise(() => {});
  },
};
