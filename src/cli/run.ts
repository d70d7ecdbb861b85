// Runs one CLI command against an io and turns what it throws into the documented output and exit
// code. Used by `xinyong` in its own process and by the server's admin channel alike, so both
// print the same and exit the same.
import { inspect } from 'node:util';
import { DomainError } from '../kernel/errors.ts';
import { commands } from './commands.ts';
import type { CliIo } from './shared.ts';

export function usage(): string {
  const lines = Object.entries(commands).map(([n, c]) => `  xinyong ${n.padEnd(18)} ${c.summary}`);
  return `用法 Usage: xinyong <command> [options]\n\n${lines.join('\n')}\n\n每个命令加 --help 查看选项 (each command takes --help).`;
}

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const entry = name ? commands[name] : undefined;
  if (!entry) {
    const unknown = Boolean(name && name !== '--help' && name !== 'help');
    if (unknown) io.error(`未知命令 Unknown command: ${name}\n`);
    io.log(usage());
    return unknown ? 2 : 0;
  }
  try {
    const command = await entry.load();
    const helpAsked = rest.length === 0 || rest.includes('--help') || rest.includes('-h');
    const code = await command.run(rest, { ...io, helpAsked });
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof DomainError) {
      if (rest.includes('--json')) io.log(JSON.stringify({ error: err.toBody() }));
      else io.error(`错误：${err.zh}\nError: ${err.en}`);
      return 1;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.error(`参数错误 Bad arguments: ${err.message}\n`);
      return 2;
    }
    io.error(inspect(err));
    return 1;
  }
}
