import { loadConfig } from '../config.ts';
import { openDatabase } from '../platform.ts';
import { migrate } from '../kernel/migrate.ts';
import type { Command } from './commands.ts';
import { args, helpText, printJson } from './shared.ts';

export const migrateCommand: Command = {
  summary: '应用数据库迁移 Apply database migrations',
  async run(argv) {
    const { values } = args(argv, {});
    if (values.help) return helpText('xinyong migrate [--json]\n  Applies migrations/*.sql not yet applied (also done at every start).');
    const { db, lock } = await openDatabase(loadConfig(), { command: 'migrate' });
    try {
      const applied = await migrate(db);
      if (values.json) printJson({ applied });
      else console.log(applied.length ? `已应用 Applied: ${applied.join(', ')}` : '数据库已是最新 Database is up to date');
    } finally {
      await db.close();
      lock?.release();
    }
  },
};
