// Sign-in through the identity provider (统一身份认证) with OpenID Connect, authorization code
// flow with PKCE, via openid-client. The portal begins a flow (state, nonce, PKCE verifier stored
// server-side, bound to the browser by a secret only it holds), the provider sends the browser
// back to the portal page, which hands the callback parameters and the binding here; the code is
// exchanged, the ID token and userinfo checked, and the real-name verified ID number (persons) or
// USCC (legal persons) identifies the subject. Verified phone and e-mail claims go on file.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Platform } from '../../platform.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { DomainError, badRequest } from '../../kernel/errors.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { checkUscc } from '../../kernel/codes/uscc.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import type { OidcSettings } from './identity.config.ts';
import { checkPurpose, openSession, registerContact, type VerifyAnswer } from './identity.service.ts';
import { rightsChannels, setRightsChannels } from './rights.channels.ts';
import * as store from './identity.store.ts';

// Discovery metadata of the demonstration provider (oidc-demo-provider.ts): production refuses it.
export const DEMONSTRATION_MARK = 'xinyong_demonstration';

type Provider = { settings: OidcSettings; configuration?: Promise<oidc.Configuration> };
// discovery once per provider settings (a value, not a registry of platforms)
const DISCOVERED = new WeakMap<OidcSettings, Provider>();

function provider(p: Platform): Provider | undefined {
  const settings = rightsChannels(p).oidc;
  if (!settings) return undefined;
  let found = DISCOVERED.get(settings);
  if (!found) {
    found = { settings };
    DISCOVERED.set(settings, found);
  }
  return found;
}

// The demonstration provider (serve, outside production) and tests plug theirs in here.
export function setOidcProvider(p: Platform, settings: OidcSettings | undefined): void {
  setRightsChannels(p, { oidc: settings });
}

const unavailable = () =>
  new DomainError(503, 'OIDC_UNAVAILABLE', '统一身份认证暂不可用，请使用企业数字证书或验证码，或到政务服务窗口办理', 'The identity provider is not available; use a certificate or a one-time code, or apply at a service window');

async function configuration(p: Platform, prov: Provider): Promise<oidc.Configuration> {
  prov.configuration ??= oidc
    .discovery(new URL(prov.settings.issuer), prov.settings.clientId, prov.settings.clientSecret, undefined, prov.settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined)
    .catch((err: unknown) => {
      prov.configuration = undefined; // try discovery again next time
      throw err;
    });
  let config: oidc.Configuration;
  try {
    config = await prov.configuration;
  } catch {
    throw unavailable();
  }
  const metadata = config.serverMetadata() as Record<string, unknown>;
  if (p.config.production && metadata[DEMONSTRATION_MARK] === true)
    throw new DomainError(503, 'OIDC_DEMONSTRATION_REFUSED', '生产环境拒绝使用演示身份提供方', 'Production refuses the demonstration identity provider');
  return config;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export type OidcBegin = { authorizationUrl: string; binding: string; expiresAt: string; demonstration: boolean };

// `returnTo`: the portal page the browser comes back to; one of the configured redirect URIs.
export async function beginOidc(p: Platform, input: { purpose?: string; returnTo?: string }, ip: string | null): Promise<OidcBegin> {
  const prov = provider(p);
  if (!prov) throw unavailable();
  const purpose = checkPurpose(input.purpose);
  const config = await configuration(p, prov);
  const redirectUri = prov.settings.redirectUris.find((u) => u === input.returnTo) ?? prov.settings.redirectUris[0]!;
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const binding = randomBytes(32).toString('base64url');
  const now = p.now();
  const expiresAt = new Date(now.getTime() + ruleInForce(p.rules.rights, p.today()).identity.flowMinutes * 60_000);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: prov.settings.scope,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  await p.db.tx(async (tx) => {
    await store.insertOidcFlow(tx, { stateHash: sha256(state), bindingHash: sha256(binding), verifierEnc: p.crypto.encrypt(verifier), nonce, purpose, redirectUri, createdAt: now, expiresAt });
    await writeAudit(tx, { id: 'public', kind: 'public' }, 'identity.oidc-begin', null, { purpose, issuer: prov.settings.issuer }, { ip: ip ?? undefined });
  });
  const metadata = config.serverMetadata() as Record<string, unknown>;
  return { authorizationUrl: url.href, binding, expiresAt: expiresAt.toISOString(), demonstration: metadata[DEMONSTRATION_MARK] === true };
}

const refused = (code: string, zh: string, en: string) => badRequest(code, zh, en);

// `callback`: the query string the provider sent the browser back with (code, state, iss, or error).
export async function completeOidc(p: Platform, input: { callback: string; binding: string }, ip: string | null): Promise<VerifyAnswer> {
  const prov = provider(p);
  if (!prov) throw unavailable();
  const params = new URLSearchParams(input.callback.replace(/^[^?]*\?/, ''));
  const state = params.get('state');
  if (!state) throw refused('OIDC_STATE_MISSING', '身份认证返回的参数不完整，请重新登录', 'The provider’s answer is incomplete; sign in again');
  const now = p.now();
  // taken once, committed before the exchange: a replayed callback finds it used
  const flow = await p.db.tx((tx) => store.takeOidcFlow(tx, sha256(state), now));
  const bindingOk = flow && timingSafeEqual(Buffer.from(flow.bindingHash), Buffer.from(sha256(input.binding)));
  if (!flow || flow.usedAt || !bindingOk || now.getTime() > flow.expiresAt.getTime())
    throw refused('OIDC_FLOW_INVALID', '登录请求无效或已过期，请从本平台重新发起统一身份认证', 'The sign-in is unknown, used, expired or was begun in another browser; begin again here');
  if (params.get('error')) throw refused('OIDC_DENIED', '身份认证未完成', 'The identity provider did not sign you in');
  const config = await configuration(p, prov);
  const current = new URL(flow.redirectUri);
  current.search = params.toString();
  let claims: Record<string, unknown>;
  let sub: string;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: p.crypto.decrypt(flow.verifierEnc), expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true });
    const idClaims = tokens.claims()!;
    sub = idClaims.sub;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    claims = { ...idClaims, ...info };
  } catch {
    throw refused('OIDC_FAILED', '统一身份认证校验失败，请重新登录', 'The identity provider’s answer did not verify; sign in again');
  }
  const c = prov.settings.claims;
  if (c.realName && claims[c.realName] !== true)
    throw refused('OIDC_NOT_REAL_NAME', '该账号未完成实名核验，请先在统一身份认证完成实名核验', 'The account is not real-name verified at the identity provider');
  const personCode = typeof claims[c.person] === 'string' ? (claims[c.person] as string) : undefined;
  const orgCode = typeof claims[c.org] === 'string' ? (claims[c.org] as string) : undefined;
  if (!personCode && !(orgCode && checkUscc(orgCode).ok))
    throw refused('OIDC_NO_IDENTITY', '身份认证未提供身份证号码或统一社会信用代码', 'The provider gave neither an ID number nor a USCC');
  const found = await findSubjectByCode(p.db, (orgCode ?? personCode)!, p.crypto).catch(() => undefined);
  // an organization sign-in names an organization; a person's names a person
  const subject = found && (orgCode ? found.kind !== 'person' : found.kind === 'person') ? found : undefined;
  const identityRef = `${prov.settings.issuer}#${p.crypto.contentMac(`oidc-sub\u0000${sub}`)}`;
  return p.db.tx(async (tx) => {
    const answer = await openSession(p, tx, { subjectId: subject?.id ?? null, method: 'oidc', challengeId: null, identityRef, purpose: flow.purpose, ip });
    if (subject) {
      // contacts the provider verified go on file for later one-time codes
      const actor = { id: `subject:${subject.publicId}`, kind: 'public' as const, ip: ip ?? undefined };
      const ref = `oidc:${identityRef}`;
      let added = false;
      if (typeof claims.phone_number === 'string' && claims.phone_number_verified === true)
        added = (await registerContact(p, tx, actor, subject, claims.phone_number, { source: 'oidc', sessionRef: ref }).catch(() => ({ added: false }))).added || added;
      if (typeof claims.email === 'string' && claims.email_verified === true)
        added = (await registerContact(p, tx, actor, subject, claims.email, { source: 'oidc', sessionRef: ref }).catch(() => ({ added: false }))).added || added;
      if (added) answer.contacts = (await store.liveContacts(tx, subject.id)).map((x) => x.masked);
    }
    return answer;
  });
}

export const oidcAvailable = (p: Platform): boolean => provider(p) !== undefined;
