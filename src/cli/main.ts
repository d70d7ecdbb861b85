// `xinyong`: the platform's command line. Each command opens the platform, calls services (never
// HTTP), prints a readable result, or one JSON object with --json.
import { DomainError } from '../kernel/errors.ts';
import { commands } from './commands.ts';

const [name, ...rest] = process.argv.slice(2);
const wantsJson = rest.includes('--json');

function usage(): string {
  const lines = Object.entries(commands).map(([n, c]) => `  xinyong ${n.padEnd(18)} ${c.summary}`);
  return `用法 Usage: xinyong <command> [options]\n\n${lines.join('\n')}\n\n每个命令加 --help 查看选项 (each command takes --help).`;
}

const entry = name ? commands[name] : undefined;
if (!entry) {
  if (name && name !== '--help' && name !== 'help') console.error(`未知命令 Unknown command: ${name}\n`);
  console.log(usage());
  process.exit(name && name !== '--help' && name !== 'help' ? 2 : 0);
}

try {
  const command = await entry.load();
  const code = await command.run(rest);
  if (typeof code === 'number' && code !== 0) process.exitCode = code;
} catch (err) {
  if (err instanceof DomainError) {
    if (wantsJson) console.log(JSON.stringify({ error: err.toBody() }));
    else console.error(`错误：${err.zh}\nError: ${err.en}`);
    process.exitCode = 1;
  } else if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`参数错误 Bad arguments: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    console.error(err);
    process.exitCode = 1;
  }
}
