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

export function helpText(io: CliIo, text: string): number {
  io.log(text.trim());
  return 0;
}
