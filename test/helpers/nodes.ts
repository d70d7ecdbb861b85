// Several platforms in one test, each on its own database (PGlite instance or PostgreSQL
// database), each listening on a loopback port: the nodes of a federation (docs/exchange.md).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestPlatform, type TestPlatform } from './platform.ts';
import { loadClockOffset, type NodeRole } from '../../src/config.ts';
import { todayIn } from '../../src/kernel/dates.ts';

export type TestNode = TestPlatform & { url: string };

// today: a fixed test clock; 'real': the platform clock (to receive from a node in another process)
export async function startNode(role: NodeRole, region: string, today: string = '2026-11-20'): Promise<TestNode> {
  const t = await createTestPlatform(today === 'real' ? undefined : today);
  t.p.config.node = { role, region };
  if (today === 'real') {
    const offset = loadClockOffset(process.env, false);
    t.p.now = () => new Date(Date.now() + offset);
    t.p.today = () => todayIn(t.p.config.timeZone, t.p.now());
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { ...t, url: `http://127.0.0.1:${port}` };
}

// A link between two nodes that the test can cut (connections dropped) and restore.
// holdMs: each answer is held this long after the parent answered (a slow link: a sender can die mid-batch).
export type Link = { url: string; cut(): void; restore(): void; requests: number; holdMs: number; close(): Promise<void> };

export async function startLink(target: string): Promise<Link> {
  let up = true;
  const link: Link = {
    url: '',
    requests: 0,
    holdMs: 0,
    cut: () => void (up = false),
    restore: () => void (up = true),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = http.createServer((req, res) => {
    if (!up) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      link.requests += 1;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && (k.startsWith('x-xy-') || k === 'content-type')) headers[k] = v;
      try {
        const r = await fetch(target + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const text = await r.text();
        if (link.holdMs) await new Promise((w) => setTimeout(w, link.holdMs));
        if (!up) return void req.socket.destroy(); // cut while the parent was filing: the answer is lost
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  link.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return link;
}
