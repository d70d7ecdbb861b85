// Pluggable delivery: one-time codes to subjects (a channel per deployment: SMS gateway, e-mail,
// 政务服务 app) and notices to departments and operators (an outbound notifier: 政务 OA, e-mail,
// message queue). The embedded default writes both to the server's standard error; production
// has no code channel until the deployment sets one, so codes never end up in production logs.
import type { Context, Platform } from '../../platform.ts';
import type { Contact } from './rights.rules.ts';
import type { OidcSettings } from './identity.config.ts';

export type OtpMessage = { to: Contact; code: string; purpose: string; expiresAt: Date };
export type OtpChannel = { name: string; deliver(m: OtpMessage): Promise<void> };

export type Notice = {
  id: number;
  audience: 'department' | 'operator';
  departmentId: number | null;
  kind: string;
  ref: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};
export type Notifier = { name: string; deliver(n: Notice): Promise<void> };

// How subjects prove who they are is pluggable too: the identity provider (统一身份认证, or the
// demonstration one serve starts) and the CA certificates trusted for enterprise certificates.
export type RightsChannels = { otp: OtpChannel | undefined; notifier: Notifier; oidc: OidcSettings | undefined; certificateCas: readonly string[]; certificateCrlFiles: readonly string[] };

type Write = (line: string) => void;

// Prints the code: for the embedded default only (a developer reads it in the terminal).
export function consoleOtpChannel(write: Write = (l) => process.stderr.write(l + '\n')): OtpChannel {
  return {
    name: 'console',
    async deliver(m) {
      write(`[xinyong] 一次性验证码 one-time code for ${m.to.masked} (${m.purpose}): ${m.code} — valid until ${m.expiresAt.toISOString()}`);
    },
  };
}

// One JSON line per notice; a deployment replaces it with its OA or message system.
export function logNotifier(write: Write = (l) => process.stderr.write(l + '\n')): Notifier {
  return {
    name: 'log',
    async deliver(n) {
      write(JSON.stringify({ notice: n.kind, audience: n.audience, departmentId: n.departmentId, ref: n.ref, payload: n.payload, at: n.createdAt.toISOString() }));
    },
  };
}

// The defaults for one platform (composed in src/platform.ts).
export function createRightsChannels(config: Pick<Context['config'], 'logLevel' | 'production' | 'identity'>): RightsChannels {
  // LOG_LEVEL=silent (tests) silences the defaults too
  const write = config.logLevel === 'silent' ? () => {} : undefined;
  return {
    otp: config.production ? undefined : consoleOtpChannel(write),
    notifier: logNotifier(write),
    oidc: config.identity.oidc,
    certificateCas: config.identity.certificateCaPems,
    certificateCrlFiles: config.identity.certificateCrlFiles,
  };
}

export function rightsChannels(p: Platform): RightsChannels {
  return p.modules.rights;
}

// A deployment (or a test) plugs in its own channels for one platform.
export function setRightsChannels(p: Platform, channels: Partial<RightsChannels>): void {
  Object.assign(p.modules.rights, channels);
}
