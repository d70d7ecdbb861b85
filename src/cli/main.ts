// `xinyong`: the platform's command line. Each command opens the platform, calls services (never
// HTTP), prints a readable result, or one JSON object with --json. While `serve` holds the
// embedded database, commands run inside it over the admin channel (src/cli/admin-channel.ts).
import path from 'node:path';
import { processIo } from './shared.ts';
import { runCommand } from './run.ts';
import { forwardToServer } from './admin-channel.ts';

const argv = process.argv.slice(2);
// embedded database only: with PostgreSQL every process opens the database itself
const dataDir = process.env.DATABASE_URL ? undefined : path.resolve(process.env.XINYONG_DATA_DIR ?? './data');
const forwarded = await forwardToServer(argv, dataDir);
process.exitCode = forwarded ?? (await runCommand(argv, processIo()));
