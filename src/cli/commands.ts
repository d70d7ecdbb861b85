// The command table: one entry per command, each in its own file.
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { departmentsCommand } from './departments.ts';
import { clientsCommand } from './clients.ts';
import { importCommand } from './import.ts';
import { demoCommand } from './demo.ts';
import { benchCommand } from './bench.ts';

export type Command = { summary: string; run(args: string[]): Promise<number | void> };

export const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  departments: departmentsCommand,
  clients: clientsCommand,
  import: importCommand,
  demo: demoCommand,
  bench: benchCommand,
};
