// How subjects prove who they are, read once with the rest of the config (src/config.ts):
//   XINYONG_OIDC_ISSUER               the OpenID Connect provider (统一身份认证); https in production
//   XINYONG_OIDC_CLIENT_ID            the platform's client id there
//   XINYONG_OIDC_CLIENT_SECRET        its secret (or XINYONG_OIDC_CLIENT_SECRET_FILE)
//   XINYONG_OIDC_REDIRECT_URIS        where the provider sends the browser back: the portal page
//                                     /rights/verify/oidc on each public origin, comma-separated
//   XINYONG_OIDC_SCOPE=openid profile
//   XINYONG_OIDC_CLAIM_PERSON=id_number        claim with a person's ID number
//   XINYONG_OIDC_CLAIM_ORG=uscc                claim with an organization's USCC (legal-person sign-in)
//   XINYONG_OIDC_CLAIM_NAME=name
//   XINYONG_OIDC_CLAIM_REAL_NAME=real_name_verified   must be true (实名核验); empty to rely on the provider
//   XINYONG_CERT_CA_FILE              PEM file(s) of CA certificates trusted for enterprise certificates
//                                     (SM2), comma-separated; none: certificate sign-in is off
//   XINYONG_CERT_CRL_FILE             certificate revocation list(s) (PEM or DER) of those CAs,
//                                     comma-separated; re-read when a file changes. Set: a
//                                     certificate is accepted only while its CA's CRL (signature
//                                     verified, in force) does not list it. Production requires it
//                                     when certificate sign-in is on.
//   XINYONG_DEMO_OIDC=1|0             outside production without an issuer: start the labelled
//                                     demonstration provider (default 1); production never does
//   XINYONG_DEMO_OIDC_PORT            its port (default PORT+1)
import { readFileSync } from 'node:fs';

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string; // secret: never log
  redirectUris: string[];
  scope: string;
  claims: { person: string; org: string; name: string; realName: string | null };
  allowHttp: boolean; // the local demonstration and test providers only
};

export type IdentityConfig = {
  oidc: OidcSettings | undefined;
  demoOidc: { port: number } | undefined;
  certificateCaPems: string[];
  certificateCrlFiles: string[];
};

type Env = Record<string, string | undefined>;

export const defaultClaims = { person: 'id_number', org: 'uscc', name: 'name', realName: 'real_name_verified' } as const;

export function loadIdentityConfig(env: Env, production: boolean, port: number): IdentityConfig {
  const issuer = env.XINYONG_OIDC_ISSUER?.trim() || undefined;
  let oidc: OidcSettings | undefined;
  if (issuer) {
    const url = new URL(issuer);
    if (production && url.protocol !== 'https:') throw new Error('XINYONG_OIDC_ISSUER must be an https URL in production');
    const clientId = env.XINYONG_OIDC_CLIENT_ID?.trim();
    const secret = env.XINYONG_OIDC_CLIENT_SECRET_FILE ? readFileSync(env.XINYONG_OIDC_CLIENT_SECRET_FILE, 'utf8').trim() : env.XINYONG_OIDC_CLIENT_SECRET?.trim();
    const redirectUris = (env.XINYONG_OIDC_REDIRECT_URIS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!clientId || !secret || redirectUris.length === 0) throw new Error('XINYONG_OIDC_ISSUER needs XINYONG_OIDC_CLIENT_ID, XINYONG_OIDC_CLIENT_SECRET(_FILE) and XINYONG_OIDC_REDIRECT_URIS');
    for (const r of redirectUris) if (production && new URL(r).protocol !== 'https:') throw new Error(`XINYONG_OIDC_REDIRECT_URIS must be https in production: ${r}`);
    oidc = {
      issuer,
      clientId,
      clientSecret: secret,
      redirectUris,
      scope: env.XINYONG_OIDC_SCOPE?.trim() || 'openid profile',
      claims: {
        person: env.XINYONG_OIDC_CLAIM_PERSON?.trim() || defaultClaims.person,
        org: env.XINYONG_OIDC_CLAIM_ORG?.trim() || defaultClaims.org,
        name: env.XINYONG_OIDC_CLAIM_NAME?.trim() || defaultClaims.name,
        realName: env.XINYONG_OIDC_CLAIM_REAL_NAME === undefined ? defaultClaims.realName : env.XINYONG_OIDC_CLAIM_REAL_NAME.trim() || null,
      },
      allowHttp: !production && url.protocol === 'http:',
    };
  }
  const demoPort = env.XINYONG_DEMO_OIDC_PORT ? Number(env.XINYONG_DEMO_OIDC_PORT) : port === 0 ? 0 : port + 1;
  if (!Number.isInteger(demoPort) || demoPort < 0 || demoPort > 65535) throw new Error(`XINYONG_DEMO_OIDC_PORT must be a port number, got "${env.XINYONG_DEMO_OIDC_PORT}"`);
  const demoOidc = !production && !issuer && env.XINYONG_DEMO_OIDC !== '0' && env.NODE_ENV !== 'test' ? { port: demoPort } : undefined;
  const certificateCaPems = (env.XINYONG_CERT_CA_FILE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((f) => readFileSync(f, 'utf8'));
  const certificateCrlFiles = (env.XINYONG_CERT_CRL_FILE ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of certificateCrlFiles) readFileSync(f); // a missing or unreadable file stops the start, as a CA file does
  if (production && certificateCaPems.length > 0 && certificateCrlFiles.length === 0)
    throw new Error('XINYONG_CERT_CRL_FILE must name the CAs’ certificate revocation lists in production when XINYONG_CERT_CA_FILE is set (revoked certificates must be refused)');
  return { oidc, demoOidc, certificateCaPems, certificateCrlFiles };
}
