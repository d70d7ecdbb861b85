// A demonstration OpenID Connect provider (oidc-provider) for the embedded default and the tests:
// it signs in whoever types an ID number or USCC and a name, so it proves nothing. It says so on
// every page, marks its discovery document (`xinyong_demonstration`), and the platform refuses it
// in production (identity-oidc.service.ts); serve never starts it there.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import type { OidcSettings } from './identity.config.ts';
import { defaultClaims } from './identity.config.ts';
import { DEMONSTRATION_MARK } from './identity-oidc.service.ts';

export type DemoIdentity = { code: string; name: string; phone?: string; realName?: boolean };
export type DemoProvider = { settings: OidcSettings; issuer: string; close(): Promise<void> };

const encode = (d: DemoIdentity) => Buffer.from(JSON.stringify(d), 'utf8').toString('base64url');
const decode = (id: string): DemoIdentity | undefined => {
  try {
    const d = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as DemoIdentity;
    return typeof d.code === 'string' && typeof d.name === 'string' ? d : undefined;
  } catch {
    return undefined;
  }
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid: string, error?: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>演示身份提供方 Demonstration identity provider</title>
<style>body{font-family:sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem}.warn{background:#fff1f0;border:2px solid #cf1322;color:#a8071a;padding:1rem;margin-bottom:1.5rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.5rem}</style></head>
<body><div class="warn" role="alert"><strong>演示身份提供方 · DEMONSTRATION ONLY</strong><br>本页不核验任何身份，任何人都可以输入任意证件号码登录。生产环境的平台拒绝使用它；正式部署须接入省统一身份认证（实名核验）。<br>
This page verifies nobody: anyone may sign in as anyone. The platform refuses it in production, where it uses the province's real-name identity provider.</div>
${error ? `<p style="color:#cf1322">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="code">身份证号码或统一社会信用代码 ID number or USCC</label><input id="code" name="code" required maxlength="32" autocomplete="off">
<label for="name">姓名或名称 Name</label><input id="name" name="name" required maxlength="100" autocomplete="off">
<label for="phone">手机号码（演示：视为已核验，可选） Mobile (demo: treated as verified, optional)</label><input id="phone" name="phone" maxlength="20" autocomplete="off">
<button type="submit">以演示身份登录 Sign in (demonstration)</button></form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(c);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startDemoOidcProvider(opts: { port?: number; host?: string; redirectUris: string[]; publicHost?: string }): Promise<DemoProvider> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${opts.publicHost ?? 'localhost'}:${port}`;
  const clientId = 'xinyong-demo';
  const clientSecret = randomBytes(24).toString('base64url');
  const jwk = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'demo-1' };
  const profileClaims = [defaultClaims.name, defaultClaims.person, defaultClaims.org, defaultClaims.realName];
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: profileClaims, phone: ['phone_number', 'phone_number_verified'] },
    scopes: ['openid', 'profile', 'phone'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    discovery: { [DEMONSTRATION_MARK]: true, service_documentation: 'https://example.invalid/xinyong-demonstration-provider' },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // no consent screen: the demonstration grants the platform what it asks for
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile phone');
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id) {
      const d = decode(id);
      if (!d) return undefined;
      const person = /^[0-9]{17}[0-9Xx]$/.test(d.code.trim());
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            [defaultClaims.name]: d.name,
            ...(person ? { [defaultClaims.person]: d.code.trim().toUpperCase() } : { [defaultClaims.org]: d.code.trim().toUpperCase() }),
            [defaultClaims.realName]: d.realName ?? true,
            ...(d.phone ? { phone_number: d.phone, phone_number_verified: true } : {}),
          };
        },
      };
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><p>演示身份提供方 DEMONSTRATION — ${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`;
    },
  });
  const callback = provider.callback();
  handler = (req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    const m = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec((req.url ?? '').split('?')[0]!);
    if (!m) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(details.uid));
          return;
        }
        const form = await readForm(req);
        const code = (form.get('code') ?? '').trim();
        const name = (form.get('name') ?? '').trim();
        if (!code || !name) {
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid, '请填写证件号码和姓名 Enter a code and a name'));
          return;
        }
        const phone = (form.get('phone') ?? '').trim() || undefined;
        const accountId = encode({ code, name, phone, realName: form.get('realName') === 'false' ? false : true });
        await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      } catch {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('演示身份提供方 DEMONSTRATION: the sign-in expired; start again from the platform');
      }
    })();
  };
  const settings: OidcSettings = {
    issuer,
    clientId,
    clientSecret,
    redirectUris: opts.redirectUris,
    scope: 'openid profile phone',
    claims: { ...defaultClaims },
    allowHttp: true,
  };
  return {
    settings,
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

