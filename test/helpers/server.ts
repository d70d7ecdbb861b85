// A real HTTP server on a free loopback port over a fresh test database, serving the built web app.
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createTestPlatform, TEST_PLUGIN_TIMEOUT_MS, type TestPlatform } from './platform.ts';
import { buildApp } from '../../src/app.ts';
import type { FastifyInstance } from 'fastify';

export type TestServer = TestPlatform & { url: string; server: FastifyInstance };

export async function startTestServer(today?: string): Promise<TestServer> {
  const t = await createTestPlatform(today);
  let server: FastifyInstance;
  try {
    server = await buildApp(t.p, { webDist: fileURLToPath(new URL('../../web/dist/', import.meta.url)), pluginTimeoutMs: TEST_PLUGIN_TIMEOUT_MS, schemas: 'on-first-use' });
    await server.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    await t.close().catch(() => undefined); // else the platform's job workers keep the process alive
    throw err;
  }
  const { port } = server.server.address() as AddressInfo;
  return {
    ...t,
    server,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      await t.close();
    },
  };
}
