#!/usr/bin/env node
// A department system calling the Xinyong exchange API with a signed request (Node ≥ 18, no packages).
//   XINYONG_URL=http://localhost:8080 XINYONG_CREDENTIAL='xk_….s1:secret' \
//     node docs/examples/sign-request.mjs POST /api/v1/batches batch.json
//     node docs/examples/sign-request.mjs GET '/api/v1/batches?page=1'
//     node docs/examples/sign-request.mjs POST '/api/v1/batches/files?category=penalty&filename=p.csv' p.csv text/csv
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export async function signedFetch(baseUrl, credential, method, path, body, contentType = 'application/json') {
  method = method.toUpperCase();
  const [keyId, secret] = [credential.slice(0, credential.indexOf(':')), credential.slice(credential.indexOf(':') + 1)];
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const contentSha256 = createHash('sha256').update(body ?? '').digest('hex');
  const canonical = [method, path, timestamp, nonce, contentSha256].join('\n');
  const signature = createHmac('sha256', secret).update(canonical).digest('base64url');
  const headers = { 'X-Xy-Key-Id': keyId, 'X-Xy-Timestamp': timestamp, 'X-Xy-Nonce': nonce, 'X-Xy-Content-SHA256': contentSha256, 'X-Xy-Signature': signature };
  if (body !== undefined) headers['Content-Type'] = contentType;
  return fetch(baseUrl + path, { method, headers, body });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [method = 'GET', path = '/api/v1/batches', file, contentType] = process.argv.slice(2);
  const res = await signedFetch(process.env.XINYONG_URL ?? 'http://localhost:8080', process.env.XINYONG_CREDENTIAL, method, path, file ? readFileSync(file) : undefined, contentType);
  console.log(res.status, await res.text());
  process.exitCode = res.ok ? 0 : 1;
}
