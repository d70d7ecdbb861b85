// PGlite has no lock between processes: two writers on one directory lose rows silently
// (STACK-FACTS). The platform holds its own exclusive lock file on the data directory.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from './errors.ts';

export type LockInfo = { pid: number; command: string; startedAt: string; url?: string };
export type DataDirLock = { release(): void; path: string };

export function lockDataDir(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'xinyong.lock');
  const me: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), ...info };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const held = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
          if (held.pid === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release, path: file };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw lockedError(dataDir, holder);
      // stale lock from a process that died (crash, SIGKILL): take it over
      try {
        unlinkSync(file);
      } catch {
        // someone else removed it first; retry the exclusive create
      }
    }
  }
  const holder = readHolder(file);
  throw lockedError(dataDir, holder ?? { pid: 0, command: 'unknown', startedAt: '' });
}

// The live process holding the lock on dataDir, if any (the CLI uses it to find a running serve).
export function liveLockHolder(dataDir: string): LockInfo | undefined {
  const holder = readHolder(path.join(dataDir, 'xinyong.lock'));
  return holder && holder.pid !== process.pid && isAlive(holder.pid) ? holder : undefined;
}

function readHolder(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(dataDir: string, h: LockInfo): DomainError {
  const where = h.url ? ` (${h.url})` : '';
  return new DomainError(
    409,
    'DATA_DIR_LOCKED',
    `嵌入式数据库目录 ${dataDir} 正被进程 ${h.pid}（xinyong ${h.command}${where}）使用。嵌入式数据库同一时间只允许一个进程写入：请先停止该进程，或通过其 API 操作，或改用 PostgreSQL（设置 DATABASE_URL）。`,
    `The embedded database in ${dataDir} is in use by process ${h.pid} (xinyong ${h.command}${where}). Only one process may use it at a time: stop that process, use its API, or run on PostgreSQL (set DATABASE_URL).`,
  );
}
