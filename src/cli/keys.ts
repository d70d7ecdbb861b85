import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { badRequest } from '../kernel/errors.ts';
import { loadConfig } from '../config.ts';
import { appendKeyVersion, newKeyBase64, KEY_FILE_NAME } from '../kernel/keyring.ts';
import { keyStatus, reencryptAll } from '../modules/access/keys.service.ts';
import path from 'node:path';

const HELP = `
xinyong keys status [--json]
  Active algorithm and key version, loaded key versions, the blind-index scheme, and how many
  sealed values each column holds under each key version (which old keys can be removed).
xinyong keys reencrypt [--batch-size N] [--json]
  Re-encrypts every sealed value (ID numbers, sealed record fields, API client secrets) under the
  active key version and algorithm, in set-based chunks, one audit event per chunk. Safe to
  interrupt and to run again: it continues with what is not yet under the active key.
xinyong keys new [--append]
  Prints a new random key as the next version ("N:<base64>"). With --append (embedded mode, keys
  from ${KEY_FILE_NAME} in the data directory) adds it to that file; it becomes active at the next start.

Keys come from XINYONG_KEYS / XINYONG_KEY_FILE / XINYONG_MASTER_KEY (docs/operations.md, "Keys").`;

export const keysCommand: Command = {
  summary: '字段加密密钥 Field-encryption keys: status, re-encrypt under the active key, new key',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { 'batch-size': { type: 'string' }, append: { type: 'boolean' } });
    if (values.help) return helpText(io, HELP);
    switch (sub) {
      case 'status':
        return withPlatform(io, 'keys status', async (p) => {
          const s = await keyStatus(p);
          if (values.json) printJson(io, s);
          else {
            io.log(`算法 Suite: ${s.suite === 'aes' ? 'AES-256-GCM + HMAC-SHA256' : 'SM4-CBC + HMAC-SM3'}  活动密钥 active key: ${s.activeKey} (${s.activePrefix})`);
            io.log(`已加载 Loaded key versions: ${s.loadedKeys.join(', ')}  from ${s.keySource}`);
            io.log(`盲索引 Blind index / content MAC: ${s.indexScheme.suite === 'aes' ? 'HMAC-SHA256' : 'HMAC-SM3'}, key ${s.indexScheme.keyVersion} (fixed at install)`);
            for (const c of s.columns)
              io.log(`  ${c.column.padEnd(32)} ${Object.entries(c.byPrefix).map(([k, n]) => `${k}: ${n}`).join('  ') || '—'}${c.stale ? `  (${c.stale} to re-encrypt)` : ''}`);
            io.log(s.removableKeys.length ? `可移除 Key versions no longer needed: ${s.removableKeys.join(', ')}` : '没有可移除的密钥 No key version can be removed yet');
          }
          return 0;
        });
      case 'reencrypt': {
        const batchSize = values['batch-size'] === undefined ? 1000 : Number(values['batch-size']);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
          throw badRequest('BATCH_SIZE_INVALID', '--batch-size 应为 1–50000', '--batch-size must be 1–50000');
        return withPlatform(io, 'keys reencrypt', async (p) => {
          const started = Date.now();
          const r = await reencryptAll(p, io.actor, {
            batchSize,
            onProgress: values.json ? undefined : (column, done) => io.stderr.write(`\r  ${column}: ${done}`),
          });
          if (!values.json) io.stderr.write('\n');
          const seconds = (Date.now() - started) / 1000;
          if (values.json) printJson(io, { ...r, seconds });
          else {
            io.log(`重新加密完成 Re-encrypted under ${r.activePrefix} in ${seconds.toFixed(1)} s`);
            for (const c of r.columns)
              io.log(
                `  ${c.column.padEnd(32)} ${c.reencrypted} re-encrypted` +
                  (Object.keys(c.from).length ? ` (from ${Object.entries(c.from).map(([k, n]) => `${k}: ${n}`).join(', ')})` : '') +
                  (c.changedMeanwhile ? `, ${c.changedMeanwhile} changed meanwhile (run again)` : '') +
                  (c.failed ? `, ${c.failed} FAILED (ids ${c.failedKeys.join(', ')})` : ''),
              );
          }
          return r.failed > 0 ? 1 : 0;
        });
      }
      case 'new': {
        const config = loadConfig();
        const next = Math.max(...config.keyring.keys.keys()) + 1;
        const key = newKeyBase64();
        const embeddedFile = path.join(config.dataDir, KEY_FILE_NAME);
        if (values.append) {
          if (config.keyring.source !== embeddedFile)
            throw badRequest('KEYS_NOT_EMBEDDED', `密钥来自 ${config.keyring.source}，请在那里添加`, `Keys come from ${config.keyring.source}: add the new version there`);
          appendKeyVersion(embeddedFile, next, key);
        }
        if (values.json) printJson(io, { version: next, key, appended: Boolean(values.append) });
        else
          io.log(
            `${next}:${key}\n` +
              (values.append
                ? `已加入 ${embeddedFile}；重启后生效，然后运行 xinyong keys reencrypt。Added; restart, then run xinyong keys reencrypt.`
                : `加入 XINYONG_KEYS（逗号分隔）并设 XINYONG_ACTIVE_KEY=${next}，重启后运行 xinyong keys reencrypt。\nAdd it to XINYONG_KEYS (comma-separated), set XINYONG_ACTIVE_KEY=${next}, restart, then run xinyong keys reencrypt.`),
          );
        return 0;
      }
      default:
        if (sub && sub !== 'help') throw badRequest('SUBCOMMAND_UNKNOWN', `未知子命令 ${sub}`, `Unknown subcommand ${sub}`);
        return helpText(io, HELP);
    }
  },
};
