// What CLI commands share: their input/output (CliIo), opening the platform with the right lock
// label, arguments, output. A command writes only to its io and returns an exit code, so the same
// function runs in its own process or inside a running server (src/cli/admin-channel.ts).
import { parseArgs, format, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openPlatform, type Platform } from '../platform.ts';
import { cliActor, type Actor } from '../kernel/audit.ts';

export type OutStream = NodeJS.WritableStream & { isTTY?: boolean };

export type CliIo = {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream;
  cwd: string; // relative file names are resolved against the caller's directory
  actor: Actor; // who runs the command: the operating-system user and host
  platform?: Platform; // the running server's platform when the command came over the admin channel
  helpAsked?: boolean; // --help, or the command alone: its help is the answer (exit 0), not a usage error
  log(...values: unknown[]): void;
  error(...values: unknown[]): void;
};


export function makeIo(parts: Omit<CliIo, 'log' | 'error'>): CliIo {
  return {
    ...parts,
    log: (...v) => parts.stdout.write(format(...v) + '\n'),
    error: (...v) => parts.stderr.write(format(...v) + '\n'),
  };
}

export function processIo(): CliIo {
  return makeIo({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), actor: cliActor() });
}

export function resolvePath(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file);
}

export async function withPlatform<T>(io: CliIo, command: string, fn: (p: Platform) => Promise<T>): Promise<T> {
  // inside the server: its platform is already open and stays open
  if (io.platform) return fn(io.platform);
  const platform = await openPlatform(loadConfig(), { command });
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function args<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  return parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals, strict: true });
}

export function printJson(io: CliIo, value: unknown): void {
  io.log(JSON.stringify(value));
}

// The command's help: asked for (--help, or the command alone), on stdout with exit 0; otherwise
// the arguments were wrong: what is wrong (the option named where the caller knows it), then the
// help, on stderr with exit 2, as the README says of bad arguments.
export function helpText(io: CliIo, text: string, problem?: { zh: string; en: string }): number {
  if (io.helpAsked !== false && !problem) {
    io.log(text.trim());
    return 0;
  }
  const p = problem ?? { zh: '缺少必需的参数，或参数值无效（用法见下）', en: 'a required argument is missing or a value is invalid (usage below)' };
  io.error(`参数错误：${p.zh}\nBad arguments: ${p.en}\n\n${text.trim()}`);
  return 2;
}

// A value outside its choices, for helpText's problem.
export function invalidChoice(option: string, value: string, allowed: readonly string[]): { zh: string; en: string } {
  return { zh: `--${option} 的值 ${value} 无效，可选：${allowed.join('、')}`, en: `--${option} ${value} is not one of ${allowed.join(', ')}` };
}

// The options of `required` that argv left out, for helpText's problem.
export function missingOptions(values: Record<string, unknown>, required: string[]): { zh: string; en: string } | undefined {
  const missing = required.filter((k) => values[k] === undefined || values[k] === '').map((k) => `--${k}`);
  return missing.length ? { zh: `缺少参数 ${missing.join('、')}`, en: `missing ${missing.join(', ')}` } : undefined;
}
