// Sign-in with an enterprise digital certificate (企业数字证书, SM2): the portal hands out a
// single-use text; the organization's certificate tool signs it; the platform checks the
// certificate against the configured CAs (XINYONG_CERT_CA_FILE), takes the USCC from it and
// verifies the signature. Only organizations and individual businesses sign in this way. With
// XINYONG_CERT_CRL_FILE set, a certificate its CA has revoked is refused (CRL, re-read when the
// file changes); OCSP is not implemented (docs/rights.md).
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Platform } from '../../platform.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { DomainError, badRequest } from '../../kernel/errors.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import { checkRevocation, crlBlocks, issuerOf, parseCertificate, parseCrl, pemBlocks, usccOf, verifyChain, verifySm2, type ParsedCertificate, type ParsedCrl } from './certificate.ts';
import { checkPurpose, openSession, type VerifyAnswer } from './identity.service.ts';
import { rightsChannels, setRightsChannels } from './rights.channels.ts';
import * as store from './identity.store.ts';

// parsed once per list of PEM texts (a value, not a registry of platforms)
const PARSED = new WeakMap<readonly string[], ParsedCertificate[]>();

function trustedCas(p: Platform): ParsedCertificate[] {
  const pems = rightsChannels(p).certificateCas;
  let cas = PARSED.get(pems);
  if (!cas) {
    cas = pems.flatMap((pem) => pemBlocks(pem).map((der) => parseCertificate(der))).filter((c): c is ParsedCertificate => c !== undefined);
    PARSED.set(pems, cas);
  }
  return cas;
}

// Tests (and a deployment that loads CAs elsewhere) set the trusted CA certificates here.
export function setTrustedCas(p: Platform, pems: readonly string[]): void {
  setRightsChannels(p, { certificateCas: [...pems] });
}

// Tests (and a deployment that fetches CRLs elsewhere) set the CRL files here.
export function setCertificateCrlFiles(p: Platform, files: readonly string[]): void {
  setRightsChannels(p, { certificateCrlFiles: [...files] });
}

// CRL files as last read, by path: re-read when the file's size, modification time or inode
// changed (a CA publishes a new list; an operator's cron job replaces the file). A file that
// cannot be read or parsed contributes no CRL, so its CA's certificates are refused until a good
// one is in place (fail closed).
const CRL_FILES = new Map<string, { stamp: string; crls: ParsedCrl[] }>();

function currentCrls(files: readonly string[]): ParsedCrl[] {
  return files.flatMap((file) => {
    let stamp: string;
    try {
      const st = statSync(file);
      stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      CRL_FILES.delete(file);
      return [];
    }
    const known = CRL_FILES.get(file);
    if (known?.stamp === stamp) return known.crls;
    let crls: ParsedCrl[] = [];
    try {
      crls = crlBlocks(readFileSync(file)).map((der) => parseCrl(der)).filter((c): c is ParsedCrl => c !== undefined);
    } catch {
      crls = [];
    }
    CRL_FILES.set(file, { stamp, crls });
    return crls;
  });
}

const off = () => new DomainError(503, 'CERTIFICATE_SIGN_IN_OFF', '平台未配置数字证书认证机构，暂不能用数字证书登录', 'No certification authority is configured; certificate sign-in is not available');

export type CertificateChallengeAnswer = { challengeId: string; text: string; expiresAt: string; userId: string };

export const challengeText = (c: { id: string; nonce: string; purpose: string; expiresAt: Date }) =>
  `信用河北 主体身份核验 Xinyong subject identity\nchallenge: ${c.id}\nnonce: ${c.nonce}\npurpose: ${c.purpose}\nexpires: ${c.expiresAt.toISOString()}`;

export async function beginCertificate(p: Platform, input: { purpose?: string }, ip: string | null): Promise<CertificateChallengeAnswer> {
  if (trustedCas(p).length === 0) throw off();
  const purpose = checkPurpose(input.purpose);
  const now = p.now();
  const c = { id: randomUUID(), nonce: randomBytes(24).toString('base64url'), purpose, expiresAt: new Date(now.getTime() + ruleInForce(p.rules.rights, p.today()).identity.flowMinutes * 60_000) };
  await p.db.tx(async (tx) => {
    await store.insertCertificateChallenge(tx, { ...c, createdAt: now, ip });
    await writeAudit(tx, { id: 'public', kind: 'public' }, 'identity.certificate-challenge', `identity-certificate-challenge:${c.id}`, { purpose }, { ip: ip ?? undefined });
  });
  return { challengeId: c.id, text: challengeText(c), expiresAt: c.expiresAt.toISOString(), userId: '1234567812345678' };
}

export type CertificateProof = { challengeId: string; certificate: string; chain?: string[]; signature: string };

export async function completeCertificate(p: Platform, input: CertificateProof, ip: string | null): Promise<VerifyAnswer> {
  const trusted = trustedCas(p);
  if (trusted.length === 0) throw off();
  const now = p.now();
  const refuse = async (code: string, zh: string, en: string, target: string | null, extra: Record<string, string> = {}): Promise<never> => {
    // refusals are audited: a certificate tried against a challenge, and why it failed
    await writeAudit(p.db, { id: 'public', kind: 'public' }, 'identity.certificate-refused', target, { code, ...extra }, { ip: ip ?? undefined });
    throw badRequest(code, zh, en);
  };
  const c = await p.db.tx((tx) => store.takeCertificateChallenge(tx, input.challengeId.trim(), now));
  if (!c || c.usedAt || now.getTime() > c.expiresAt.getTime())
    return refuse('CERTIFICATE_CHALLENGE_INVALID', '签名请求不存在、已使用或已过期，请重新获取', 'The challenge is unknown, used or expired; request a new one', null);
  const target = `identity-certificate-challenge:${c.id}`;
  const leafDer = pemBlocks(input.certificate)[0];
  const leaf = leafDer ? parseCertificate(leafDer) : undefined;
  if (!leaf) return refuse('CERTIFICATE_INVALID', '无法解析数字证书（应为 SM2 证书，PEM 或 Base64 DER）', 'The certificate cannot be read (an SM2 certificate, PEM or base64 DER)', target);
  const intermediates = (input.chain ?? []).slice(0, 3).flatMap((pem) => pemBlocks(pem).map((der) => parseCertificate(der))).filter((x): x is ParsedCertificate => x !== undefined);
  const problem = verifyChain(leaf, intermediates, trusted, now);
  if (problem) return refuse(problem.code, problem.zh, problem.en, target);
  const crlFiles = rightsChannels(p).certificateCrlFiles;
  if (crlFiles.length > 0) {
    const issuer = issuerOf(leaf, [...trusted, ...intermediates]);
    const revoked = issuer
      ? checkRevocation(leaf, issuer, currentCrls(crlFiles), now)
      : { code: 'CERTIFICATE_REVOCATION_UNKNOWN', zh: '无法确认该数字证书未被吊销', en: 'The certificate cannot be shown not to be revoked' };
    if (revoked) return refuse(revoked.code, revoked.zh, revoked.en, target, { serial: leaf.serial });
  }
  const uscc = usccOf(leaf);
  if (!uscc) return refuse('CERTIFICATE_NO_USCC', '数字证书中没有统一社会信用代码', 'The certificate names no USCC', target);
  const signature = Buffer.from(input.signature.trim(), /^[0-9a-fA-F]+$/.test(input.signature.trim()) ? 'hex' : 'base64');
  if (!verifySm2(new TextEncoder().encode(challengeText(c)), signature, leaf.publicKeyHex))
    return refuse('CERTIFICATE_SIGNATURE_INVALID', '签名验证失败：请用该证书对平台给出的原文签名', 'The signature does not verify: sign the exact text the platform gave with this certificate', target);
  const found = await findSubjectByCode(p.db, uscc, p.crypto).catch(() => undefined);
  const subject = found && found.kind !== 'person' ? found : undefined;
  const identityRef = `certificate:${leaf.serial}@${p.crypto.contentMac(Buffer.from(leaf.issuerDer).toString('base64'))}`;
  return p.db.tx((tx) => openSession(p, tx, { subjectId: subject?.id ?? null, method: 'certificate', challengeId: null, identityRef, purpose: c.purpose, ip }));
}

export const certificateAvailable = (p: Platform): boolean => trustedCas(p).length > 0;
