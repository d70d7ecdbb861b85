// The local admin channel: while `serve` holds the embedded database, CLI commands run inside the
// server instead of opening the database themselves. The server listens on a Unix socket in the
// data directory (mode 0600, so only the directory's owner — and root — can connect); `xinyong`
// finds the lock held by a live serve, sends its argv, working directory and OS user, and gets
// back stdout, stderr and the exit code. The command function is the same one that runs in its
// own process (runCommand), so output and exit codes are the same. Messages are JSON lines.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { chmodSync, lstatSync, statSync, unlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Platform } from '../platform.ts';
import { liveLockHolder } from '../kernel/data-dir-lock.ts';
import { makeIo, type CliIo } from './shared.ts';
import { cliActor, osUser } from '../kernel/audit.ts';
import { runCommand } from './run.ts';

export const ADMIN_SOCKET = 'admin.sock';

// Commands that never go through the server: serve itself, and benches (their own databases).
const LOCAL_ONLY = new Set(['serve', 'bench', 'help', '--help']);

type Hello = { v: 1; argv: string[]; cwd: string; user: string; host: string; stdoutTTY: boolean; stderrTTY: boolean };
type ToServer = { t: 'in'; d: string } | { t: 'in-end' };
type ToClient = { t: 'out' | 'err'; d: string } | { t: 'need-stdin' } | { t: 'exit'; code: number };

type Logger = { info(msg: string): void; warn(msg: string): void; error(obj: unknown, msg?: string): void };

export function socketPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_SOCKET);
}

// Why the channel may not be opened: a data directory others can write to would let them put
// their own socket in its place.
function unsafeDirReason(dataDir: string): string | undefined {
  const st = statSync(dataDir);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `data directory ${dataDir} belongs to uid ${st.uid}, not to this process (uid ${uid})`;
  if ((st.mode & 0o022) !== 0) return `data directory ${dataDir} is writable by group or others (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

export type AdminChannel = { path: string; close(): Promise<void> };

export async function startAdminChannel(platform: Platform, log: Logger): Promise<AdminChannel | undefined> {
  if (process.platform === 'win32') return undefined;
  const dataDir = platform.config.dataDir;
  const unsafe = unsafeDirReason(dataDir);
  if (unsafe) {
    log.warn(`admin channel not opened (CLI commands need the server stopped): ${unsafe}`);
    return undefined;
  }
  const file = socketPath(dataDir);
  // we hold the data-directory lock: a socket left here is from a server that died
  try {
    unlinkSync(file);
  } catch {
    // none
  }
  const server = net.createServer((socket) => serveConnection(platform, socket, log));
  // the socket is created 0600 from the start (umask), not chmod-ed after a window
  const oldMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
  } finally {
    process.umask(oldMask);
  }
  chmodSync(file, 0o600);
  return {
    path: file,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        try {
          unlinkSync(file);
        } catch {
          // gone already
        }
      }),
  };
}

function serveConnection(platform: Platform, socket: net.Socket, log: Logger): void {
  let open = true;
  socket.on('close', () => (open = false));
  socket.on('error', () => (open = false));
  const send = (m: ToClient, cb?: () => void) => {
    if (!open) return cb?.();
    socket.write(JSON.stringify(m) + '\n', () => cb?.());
  };
  let stdin: Readable | undefined;
  let started = false;
  const lines = createInterface({ input: socket, crlfDelay: Infinity });
  lines.on('line', (line) => {
    let msg: Hello | ToServer;
    try {
      msg = JSON.parse(line) as Hello | ToServer;
    } catch {
      socket.destroy();
      return;
    }
    if (!started) {
      started = true;
      const hello = msg as Hello;
      if (hello.v !== 1 || !Array.isArray(hello.argv) || typeof hello.cwd !== 'string') {
        socket.destroy();
        return;
      }
      let asked = false;
      stdin = new Readable({
        read() {
          // stdin is read from the client only when the command asks for it
          if (!asked) {
            asked = true;
            send({ t: 'need-stdin' });
          }
        },
      });
      const out = (t: 'out' | 'err', tty: boolean) =>
        Object.assign(new Writable({ write: (chunk: Buffer, _enc, cb) => send({ t, d: Buffer.from(chunk).toString('base64') }, () => cb()) }), { isTTY: tty });
      const stdout = out('out', Boolean(hello.stdoutTTY));
      const stderr = out('err', Boolean(hello.stderrTTY));
      // everything written goes out before the exit code (writes queue while one is in flight)
      const flushed = () => Promise.all([stdout, stderr].map((w) => new Promise<void>((resolve) => w.end(() => resolve()))));
      const io: CliIo = makeIo({
        stdout,
        stderr,
        stdin,
        cwd: hello.cwd,
        // only the data directory's owner can reach the socket: the user it names is that owner's word
        actor: cliActor(String(hello.user).slice(0, 64), String(hello.host).slice(0, 128)),
        platform,
      });
      const name = hello.argv[0] ?? '';
      if (LOCAL_ONLY.has(name)) {
        io.error(`命令 ${name} 不能经由运行中的服务执行 The command ${name} does not run through the running server`);
        void flushed().then(() => send({ t: 'exit', code: 2 }, () => socket.end()));
        return;
      }
      log.info(`admin channel: xinyong ${name} by ${io.actor.id}`);
      runCommand(hello.argv.map(String), io)
        .catch((err: unknown) => {
          log.error({ err }, 'admin channel command failed');
          return 1;
        })
        .then(async (code) => {
          await flushed();
          send({ t: 'exit', code }, () => socket.end());
        });
      return;
    }
    const m = msg as ToServer;
    if (m.t === 'in') stdin?.push(Buffer.from(m.d, 'base64'));
    else if (m.t === 'in-end') stdin?.push(null);
  });
}

// Client side: the exit code when the command ran in the server, undefined when it should run here
// (PostgreSQL, no server, or a command that never goes through the server).
export async function forwardToServer(argv: string[], dataDir: string | undefined): Promise<number | undefined> {
  const name = argv[0];
  if (!dataDir || !name || LOCAL_ONLY.has(name) || process.platform === 'win32') return undefined;
  const holder = liveLockHolder(dataDir);
  if (!holder || holder.command !== 'serve') return undefined;
  const file = socketPath(dataDir);
  try {
    const st = lstatSync(file);
    const uid = process.getuid?.();
    // talk only to a socket of our own user that no one else can open
    if (!st.isSocket() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) return undefined;
  } catch {
    return undefined;
  }
  return new Promise<number>((resolve) => {
    const socket = net.connect(file);
    let code: number | undefined;
    let stdinPiped = false;
    const hello: Hello = {
      v: 1,
      argv,
      cwd: process.cwd(),
      user: osUser(),
      host: os.hostname(),
      stdoutTTY: Boolean(process.stdout.isTTY),
      stderrTTY: Boolean(process.stderr.isTTY),
    };
    socket.on('connect', () => socket.write(JSON.stringify(hello) + '\n'));
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const m = JSON.parse(line) as ToClient;
      if (m.t === 'out') process.stdout.write(Buffer.from(m.d, 'base64'));
      else if (m.t === 'err') process.stderr.write(Buffer.from(m.d, 'base64'));
      else if (m.t === 'exit') code = m.code;
      else if (m.t === 'need-stdin' && !stdinPiped) {
        stdinPiped = true;
        process.stdin.on('data', (d: Buffer) => socket.write(JSON.stringify({ t: 'in', d: d.toString('base64') } satisfies ToServer) + '\n'));
        process.stdin.on('end', () => socket.write(JSON.stringify({ t: 'in-end' } satisfies ToServer) + '\n'));
      }
    });
    const finish = () => {
      if (stdinPiped) process.stdin.destroy();
      if (code === undefined) {
        process.stderr.write('错误：与运行中的服务的连接中断 Error: the connection to the running server was lost\n');
        resolve(1);
      } else resolve(code);
    };
    socket.on('close', finish);
    socket.on('error', () => {
      // closed right after; finish reports it
    });
  });
}
