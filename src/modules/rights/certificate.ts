// Enterprise digital certificates (企业数字证书, SM2 with SM3, GM/T 0015): parse an X.509
// certificate, check it chains to a configured CA and is valid on the day, find the organization's
// USCC in its subject, and verify an SM2 signature made with its key. Node's X509Certificate cannot
// verify SM2-with-SM3 signatures (they need the SM2 user id in the digest), so the structure is
// parsed with @peculiar/asn1-x509 and the signatures checked with sm-crypto-v2. Pure: no I/O.
import type * as Asn1Schema from '@peculiar/asn1-schema';
import type * as Asn1X509 from '@peculiar/asn1-x509';
import type { Certificate } from '@peculiar/asn1-x509';
import { lazyRequire } from '../../kernel/lazy.ts';
import { sm2 } from 'sm-crypto-v2';
import { checkUscc } from '../../kernel/codes/uscc.ts';

// loaded at the first certificate (docs/decisions/0045)
const asn1 = lazyRequire<typeof Asn1Schema>('@peculiar/asn1-schema');
const x509 = lazyRequire<typeof Asn1X509>('@peculiar/asn1-x509');

export const SM2_WITH_SM3 = '1.2.156.10197.1.501';
export const SM2_CURVE = '1.2.156.10197.1.301';
export const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
// GM/T 0009: the default signer id when none is agreed
export const SM2_DEFAULT_USER_ID = '1234567812345678';

export type ParsedCertificate = {
  der: Uint8Array;
  tbs: Uint8Array; // the signed bytes exactly as issued (re-encoding could change them)
  signatureAlg: string;
  signature: Uint8Array; // DER SEQUENCE { r, s }
  publicKeyHex: string; // 04 ‖ X ‖ Y
  subject: { type: string; value: string }[];
  issuer: { type: string; value: string }[];
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  mayCertSign: boolean;
  mayDigitallySign: boolean;
};

export type CertificateProblem = { code: string; zh: string; en: string };
const problem = (code: string, zh: string, en: string): CertificateProblem => ({ code, zh, en });

// PEM (one or several blocks) or base64 DER, to DER blocks.
export function pemBlocks(text: string, label = 'CERTIFICATE'): Uint8Array[] {
  const blocks = [...text.matchAll(new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g'))].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  if (blocks.length > 0) return blocks.map((b) => new Uint8Array(b));
  const compact = text.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/=]+$/.test(compact) && compact.length > 0 ? [new Uint8Array(Buffer.from(compact, 'base64'))] : [];
}

export const toPem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`;

// One DER TLV at `at`: where its content starts and where it ends.
function tlv(buf: Uint8Array, at: number): { start: number; end: number; tag: number } {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  if (start + len > buf.length) throw new Error('truncated DER');
  return { start, end: start + len, tag };
}

function names(name: Certificate['tbsCertificate']['subject']): { type: string; value: string }[] {
  return name.flatMap((rdn) => rdn.map((a) => ({ type: a.type, value: a.value.toString() })));
}

export function parseCertificate(der: Uint8Array): ParsedCertificate | undefined {
  try {
    const cert = asn1().AsnConvert.parse(der, x509().Certificate);
    const outer = tlv(der, 0);
    const tbsTlv = tlv(der, outer.start);
    const tbs = der.slice(outer.start, tbsTlv.end);
    const t = cert.tbsCertificate;
    const spki = t.subjectPublicKeyInfo;
    const keyAlg = spki.algorithm.algorithm;
    if (keyAlg !== EC_PUBLIC_KEY && keyAlg !== SM2_CURVE) return undefined;
    const ext = (id: string) => t.extensions?.find((e) => e.extnID === id);
    const bc = ext(x509().id_ce_basicConstraints);
    const ku = ext(x509().id_ce_keyUsage);
    const basic = bc ? asn1().AsnConvert.parse(bc.extnValue, x509().BasicConstraints) : undefined;
    const usage = ku ? asn1().AsnConvert.parse(ku.extnValue, x509().KeyUsage) : undefined;
    return {
      der,
      tbs,
      signatureAlg: cert.signatureAlgorithm.algorithm,
      signature: new Uint8Array(cert.signatureValue),
      publicKeyHex: Buffer.from(spki.subjectPublicKey).toString('hex'),
      subject: names(t.subject),
      issuer: names(t.issuer),
      subjectDer: new Uint8Array(asn1().AsnConvert.serialize(t.subject)),
      issuerDer: new Uint8Array(asn1().AsnConvert.serialize(t.issuer)),
      serial: Buffer.from(t.serialNumber).toString('hex'),
      notBefore: t.validity.notBefore.getTime(),
      notAfter: t.validity.notAfter.getTime(),
      isCa: basic?.cA === true,
      mayCertSign: usage ? (usage.toNumber() & x509().KeyUsageFlags.keyCertSign) !== 0 : basic?.cA === true,
      mayDigitallySign: usage ? (usage.toNumber() & (x509().KeyUsageFlags.digitalSignature | x509().KeyUsageFlags.nonRepudiation)) !== 0 : true,
    };
  } catch {
    return undefined;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

// An SM2 signature (DER, or raw r ‖ s of 64 bytes) over `message`, with SM3 and the signer id.
export function verifySm2(message: Uint8Array, signature: Uint8Array, publicKeyHex: string, userId = SM2_DEFAULT_USER_ID): boolean {
  try {
    const der = signature.length !== 64;
    const hex = Buffer.from(signature).toString('hex');
    return sm2.doVerifySignature(message, hex, publicKeyHex, { der, hash: true, userId });
  } catch {
    return false;
  }
}

function signedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  return cert.signatureAlg === SM2_WITH_SM3 && sameBytes(cert.issuerDer, issuer.subjectDer) && verifySm2(cert.tbs, cert.signature, issuer.publicKeyHex);
}

const inForce = (c: ParsedCertificate, now: Date) => c.notBefore.getTime() <= now.getTime() && now.getTime() <= c.notAfter.getTime();

// The leaf certificate, checked against the trusted CAs (through at most three intermediates the
// applicant sends along): every link an SM2-with-SM3 signature by a CA certificate in force.
export function verifyChain(leaf: ParsedCertificate, intermediates: readonly ParsedCertificate[], trusted: readonly ParsedCertificate[], now: Date): CertificateProblem | undefined {
  if (leaf.signatureAlg !== SM2_WITH_SM3) return problem('CERTIFICATE_ALGORITHM', '仅接受 SM2 国密算法签发的企业数字证书', 'Only certificates signed with SM2 (SM3) are accepted');
  if (!inForce(leaf, now)) return problem('CERTIFICATE_EXPIRED', '数字证书不在有效期内', 'The certificate is not valid today');
  if (!leaf.mayDigitallySign) return problem('CERTIFICATE_USAGE', '该数字证书不能用于签名', 'The certificate may not be used for signatures');
  let current = leaf;
  for (let depth = 0; depth <= 3; depth++) {
    const root = trusted.find((ca) => signedBy(current, ca));
    if (root) return inForce(root, now) ? undefined : problem('CERTIFICATE_CA_EXPIRED', '签发该证书的 CA 证书已过期', 'The issuing CA certificate has expired');
    const next = intermediates.find((ca) => ca.isCa && ca.mayCertSign && inForce(ca, now) && signedBy(current, ca));
    if (!next) break;
    current = next;
  }
  return problem('CERTIFICATE_UNTRUSTED', '该数字证书不是平台认可的 CA 签发的', 'The certificate was not issued by a certification authority the platform trusts');
}

// The organization's USCC, from any attribute of the certificate's subject (CAs put it in the
// serialNumber, OU, organizationIdentifier or CN, with or without a prefix).
export function usccOf(cert: ParsedCertificate): string | undefined {
  for (const a of cert.subject) {
    for (const token of a.value.toUpperCase().match(/[0-9A-HJ-NPQRTUWXY]{18}/g) ?? []) if (checkUscc(token).ok) return token;
  }
  return undefined;
}

export const subjectName = (cert: ParsedCertificate) => cert.subject.find((a) => a.type === '2.5.4.10')?.value ?? cert.subject.find((a) => a.type === '2.5.4.3')?.value ?? '';

// ---- revocation: certificate revocation lists (CRL, RFC 5280 §5) signed with SM2

export type ParsedCrl = {
  tbs: Uint8Array;
  signatureAlg: string;
  signature: Uint8Array;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revoked: Map<string, Date>; // serial (hex, no leading zero bytes) → revocation date
};

// a serial number as hex without leading zero bytes: the same for a certificate and a CRL entry
const serialHex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex').replace(/^(00)+(?=..)/, '');

export function parseCrl(der: Uint8Array): ParsedCrl | undefined {
  try {
    const crl = asn1().AsnConvert.parse(der, x509().CertificateList);
    const outer = tlv(der, 0);
    const tbsTlv = tlv(der, outer.start);
    const t = crl.tbsCertList;
    return {
      tbs: der.slice(outer.start, tbsTlv.end),
      signatureAlg: crl.signatureAlgorithm.algorithm,
      signature: new Uint8Array(crl.signature),
      issuerDer: new Uint8Array(asn1().AsnConvert.serialize(t.issuer)),
      thisUpdate: t.thisUpdate.getTime(),
      nextUpdate: t.nextUpdate ? t.nextUpdate.getTime() : null,
      revoked: new Map((t.revokedCertificates ?? []).map((r) => [serialHex(r.userCertificate), r.revocationDate.getTime()])),
    };
  } catch {
    return undefined;
  }
}

// PEM ("X509 CRL" blocks, several per file allowed) or DER.
export function crlBlocks(data: Buffer): Uint8Array[] {
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN X509 CRL-----')) return pemBlocks(text, 'X509 CRL');
  return data.length > 0 && data[0] === 0x30 ? [new Uint8Array(data)] : [];
}

// The certificate (trusted CA or an intermediate the chain went through) that signed `cert`.
export function issuerOf(cert: ParsedCertificate, candidates: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  return candidates.find((ca) => signedBy(cert, ca));
}

// Whether the leaf is revoked, by the CRLs of its issuer: a CRL counts only when its issuer name is
// the leaf's issuer and its SM2-with-SM3 signature verifies with the issuer's key (the same code
// path as the certificates'). Fails closed: when CRLs are configured, a certificate whose issuer
// has no valid CRL in force today (thisUpdate ≤ now ≤ nextUpdate) is refused, not let through.
export function checkRevocation(leaf: ParsedCertificate, issuer: ParsedCertificate, crls: readonly ParsedCrl[], now: Date): CertificateProblem | undefined {
  const own = crls.filter(
    (c) => c.signatureAlg === SM2_WITH_SM3 && sameBytes(c.issuerDer, leaf.issuerDer) && sameBytes(c.issuerDer, issuer.subjectDer) && verifySm2(c.tbs, c.signature, issuer.publicKeyHex),
  );
  const current = own.filter((c) => c.thisUpdate.getTime() <= now.getTime() && (c.nextUpdate === null || now.getTime() <= c.nextUpdate.getTime()));
  if (current.length === 0)
    return problem(
      'CERTIFICATE_REVOCATION_UNKNOWN',
      own.length ? '证书吊销列表（CRL）已过期，暂时无法确认该证书未被吊销，请稍后再试或联系平台' : '没有签发该证书的 CA 的有效证书吊销列表（CRL），无法确认该证书未被吊销',
      own.length ? 'The certificate revocation list (CRL) is out of date: the certificate cannot be shown not to be revoked; retry later or contact the platform' : 'No valid certificate revocation list (CRL) of the issuing CA: the certificate cannot be shown not to be revoked',
    );
  const serial = serialHex(Buffer.from(leaf.serial, 'hex'));
  // listed is revoked, whatever revocation date the CA gave (a date ahead of the platform's clock
  // must not let the certificate through)
  for (const c of current) {
    if (c.revoked.has(serial)) return problem('CERTIFICATE_REVOKED', '该数字证书已被签发机构吊销', 'The certificate has been revoked by its certification authority');
  }
  return undefined;
}
