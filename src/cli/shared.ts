// What CLI commands share: opening the platform with the right lock label, arguments, output.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../config.ts';
import { openPlatform, type Platform } from '../platform.ts';

export async function withPlatform<T>(command: string, fn: (p: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(loadConfig(), { command });
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

export function args<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  return parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals, strict: true });
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value));
}

export function helpText(text: string): number {
  console.log(text.trim());
  return 0;
}
