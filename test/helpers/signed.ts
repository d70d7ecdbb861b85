// Signed requests to the exchange API through app.inject, as a department system sends them.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parseCredential, signRequest } from '../../src/modules/access/signing.client.ts';

export type SignedInjectOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  json?: unknown; // serialized once: the bytes signed are the bytes sent
  body?: string | Buffer; // raw body (file uploads), with contentType
  contentType?: string;
  now: Date; // the platform's clock (t.p.now()): signatures are checked against it
  nonce?: string;
  headers?: Record<string, string>; // extra or overriding headers (to tamper with)
  sendBody?: string | Buffer; // what is actually sent, if not what was signed
  signedUrl?: string; // what was signed, if not the url sent
};

export async function signedInject(app: FastifyInstance, credential: string, opts: SignedInjectOptions): Promise<LightMyRequestResponse> {
  const method = opts.method ?? (opts.json !== undefined || opts.body !== undefined ? 'POST' : 'GET');
  const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  const signed = signRequest(parseCredential(credential), { method, path: opts.signedUrl ?? opts.url, body, at: opts.now, nonce: opts.nonce });
  const contentType = opts.json !== undefined ? 'application/json' : opts.contentType;
  return app.inject({
    method,
    url: opts.url,
    headers: { ...signed, ...(contentType ? { 'content-type': contentType } : {}), ...opts.headers },
    payload: opts.sendBody ?? body,
  });
}
