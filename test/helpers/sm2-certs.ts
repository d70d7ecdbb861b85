// SM2 certificates for tests: a CA and enterprise certificates it issues, built with the same ASN.1
// library the platform parses them with and signed with sm-crypto-v2 (SM2 with SM3, default id).
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { sm2 } from 'sm-crypto-v2';
import { EC_PUBLIC_KEY, SM2_CURVE, SM2_DEFAULT_USER_ID, SM2_WITH_SM3, toPem } from '../../src/modules/rights/certificate.ts';

export type Issued = { pem: string; der: Uint8Array; privateKey: string; publicKey: string; name: Name };

// an OBJECT IDENTIFIER, DER-encoded: the key algorithm's curve parameter
function oid(value: string): ArrayBuffer {
  const parts = value.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const n of parts.slice(2)) {
    const chunk: number[] = [];
    let v = n;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return new Uint8Array([0x06, bytes.length, ...bytes]).buffer;
}

export function dn(attrs: [string, string][]): Name {
  return new Name(attrs.map(([type, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })])));
}

export function issue(opts: {
  subject: Name;
  issuer?: Issued; // absent: self-signed
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  serial?: number;
  keyUsage?: number;
}): Issued {
  const keys = sm2.generateKeyPairHex();
  const signerKey = opts.issuer?.privateKey ?? keys.privateKey;
  const signerPub = opts.issuer?.publicKey ?? keys.publicKey;
  const alg = new AlgorithmIdentifier({ algorithm: SM2_WITH_SM3 });
  const extensions = new Extensions([
    new Extension({ extnID: id_ce_basicConstraints, critical: true, extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: opts.ca === true }))) }),
    new Extension({
      extnID: id_ce_keyUsage,
      critical: true,
      extnValue: new OctetString(AsnConvert.serialize(new KeyUsage(opts.keyUsage ?? (opts.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature)))),
    }),
  ]);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, (opts.serial ?? Math.floor(Math.random() * 250)) & 0x7f]).buffer,
    signature: alg,
    issuer: opts.issuer?.name ?? opts.subject,
    validity: new Validity({ notBefore: opts.notBefore ?? new Date('2020-01-01T00:00:00Z'), notAfter: opts.notAfter ?? new Date('2035-01-01T00:00:00Z') }),
    subject: opts.subject,
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: EC_PUBLIC_KEY, parameters: oid(SM2_CURVE) }),
      subjectPublicKey: new Uint8Array(Buffer.from(keys.publicKey, 'hex')).buffer,
    }),
    extensions,
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const sig = sm2.doSignature(tbsDer, signerKey, { der: true, hash: true, userId: SM2_DEFAULT_USER_ID, publicKey: signerPub });
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: alg, signatureValue: new Uint8Array(Buffer.from(sig, 'hex')).buffer });
  const der = new Uint8Array(AsnConvert.serialize(cert));
  return { pem: toPem(der), der, privateKey: keys.privateKey, publicKey: keys.publicKey, name: opts.subject };
}

// What the applicant's certificate tool does: sign the challenge text with the certificate's key.
export function signChallenge(text: string, holder: Issued): string {
  return Buffer.from(sm2.doSignature(new TextEncoder().encode(text), holder.privateKey, { der: true, hash: true, userId: SM2_DEFAULT_USER_ID, publicKey: holder.publicKey }), 'hex').toString('base64');
}
