import { loadConfig } from '../config.ts';
import { openDatabase } from '../platform.ts';
import { migrate } from '../kernel/migrate.ts';
import type { Command } from './commands.ts';
import { args, helpText, printJson } from './shared.ts';

export const migrateCommand: Command = {
  summary: '应用数据库迁移 Apply database migrations',
  async run(argv, io) {
    const { values } = args(argv, {});
    if (values.help) return helpText(io, 'xinyong migrate [--json]\n  Applies migrations/*.sql not yet applied (also done at every start).');
    // inside a running server the migrations were applied at its start; this applies any added since
    const { db, lock } = io.platform ? { db: io.platform.db, lock: undefined } : await openDatabase(loadConfig(), { command: 'migrate' });
    try {
      const applied = await migrate(db);
      if (values.json) printJson(io, { applied });
      else io.log(applied.length ? `已应用 Applied: ${applied.join(', ')}` : '数据库已是最新 Database is up to date');
    } finally {
      if (!io.platform) {
        await db.close();
        lock?.release();
      }
    }
  },
};
