// Enterprise certificates: chains to a trusted CA, validity, usage, the USCC in the subject, and
// SM2 signatures; certificates made by OpenSSL 3 (fixtures) as well as by the test helper.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import { issue, dn, signChallenge } from '../../../test/helpers/sm2-certs.ts';
import { usccCheckChar } from '../../kernel/codes/uscc.ts';
import { checkRevocation, crlBlocks, issuerOf, parseCertificate, parseCrl, pemBlocks, usccOf, verifyChain, verifySm2 } from './certificate.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/sm2/${name}`, import.meta.url), 'utf8');
const parse = (pem: string) => parseCertificate(pemBlocks(pem)[0]!)!;
const ORG = '91130100MA0RT0090' + usccCheckChar('91130100MA0RT0090');
const now = new Date('2026-11-20T04:00:00Z');
const ca = issue({ subject: dn([['2.5.4.3', '河北测试 SM2 CA']]), ca: true });
const intermediate = issue({ subject: dn([['2.5.4.3', '河北测试二级 CA']]), ca: true, issuer: ca });
const leaf = issue({ subject: dn([['2.5.4.10', '石家庄证书测试有限公司'], ['2.5.4.11', `USCC:${ORG}`]]), issuer: ca });

describe('enterprise certificate', () => {
  test('a certificate issued by a trusted CA passes; its USCC is found in the subject', () => {
    assert.equal(verifyChain(parse(leaf.pem), [], [parse(ca.pem)], now), undefined);
    assert.equal(usccOf(parse(leaf.pem)), ORG);
  });

  test('through an intermediate the applicant sends along', () => {
    const viaIntermediate = issue({ subject: dn([['2.5.4.5', ORG]]), issuer: intermediate });
    assert.equal(verifyChain(parse(viaIntermediate.pem), [], [parse(ca.pem)], now)?.code, 'CERTIFICATE_UNTRUSTED');
    assert.equal(verifyChain(parse(viaIntermediate.pem), [parse(intermediate.pem)], [parse(ca.pem)], now), undefined);
  });

  test('a self-made CA, an expired certificate and a non-signing key are refused', () => {
    const rogue = issue({ subject: dn([['2.5.4.3', '河北测试 SM2 CA']]), ca: true });
    const forged = issue({ subject: dn([['2.5.4.5', ORG]]), issuer: rogue });
    assert.equal(verifyChain(parse(forged.pem), [parse(rogue.pem)], [parse(ca.pem)], now)?.code, 'CERTIFICATE_UNTRUSTED');
    const old = issue({ subject: dn([['2.5.4.5', ORG]]), issuer: ca, notAfter: new Date('2026-11-20T03:59:59Z') });
    assert.equal(verifyChain(parse(old.pem), [], [parse(ca.pem)], now)?.code, 'CERTIFICATE_EXPIRED');
    const encOnly = issue({ subject: dn([['2.5.4.5', ORG]]), issuer: ca, keyUsage: KeyUsageFlags.keyEncipherment });
    assert.equal(verifyChain(parse(encOnly.pem), [], [parse(ca.pem)], now)?.code, 'CERTIFICATE_USAGE');
  });

  test('the challenge signature verifies with the certificate key only, over the exact text', () => {
    const sig = Buffer.from(signChallenge('xinyong 挑战 1', leaf), 'base64');
    const key = parse(leaf.pem).publicKeyHex;
    assert.equal(verifySm2(new TextEncoder().encode('xinyong 挑战 1'), sig, key), true);
    assert.equal(verifySm2(new TextEncoder().encode('xinyong 挑战 2'), sig, key), false);
    assert.equal(verifySm2(new TextEncoder().encode('xinyong 挑战 1'), sig, parse(ca.pem).publicKeyHex), false);
  });

  test('interoperates with OpenSSL 3: its SM2 CA, certificate and signature', () => {
    const osLeaf = parse(fixture('openssl-enterprise.pem'));
    assert.equal(verifyChain(osLeaf, [], [parse(fixture('openssl-ca.pem'))], new Date('2027-06-01T00:00:00Z')), undefined);
    assert.equal(verifyChain(osLeaf, [], [parse(ca.pem)], new Date('2027-06-01T00:00:00Z'))?.code, 'CERTIFICATE_UNTRUSTED');
    const sig = Buffer.from(fixture('openssl-signature.b64'), 'base64');
    assert.equal(verifySm2(new TextEncoder().encode('xinyong-challenge'), sig, osLeaf.publicKeyHex), true);
  });

  test('garbage is not a certificate', () => {
    assert.deepEqual(pemBlocks('not a certificate!'), []);
    assert.equal(parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), undefined);
  });
});

// Revocation, with OpenSSL 3 fixtures (test/fixtures/sm2/make-crl-fixtures.sh): a CA, a certificate
// in force and one it revoked, its CRL, a CRL past its nextUpdate and one forged under its name.
describe('certificate revocation (CRL)', () => {
  const crlFixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/sm2/crl/${name}`, import.meta.url));
  const crlCa = parse(crlFixture('ca.pem').toString());
  const active = parse(crlFixture('active.pem').toString());
  const revoked = parse(crlFixture('revoked.pem').toString());
  const crl = (name: string) => crlBlocks(crlFixture(name)).map((d) => parseCrl(d)!);
  const at = new Date('2026-11-20T04:00:00Z');

  test('OpenSSL’s SM2 CRL parses and lists the revoked serial', () => {
    const [c] = crl('ca.crl.pem');
    assert.ok(c);
    assert.equal(c.revoked.size, 1);
    assert.ok(c.revoked.has(revoked.serial.replace(/^(00)+/, '')));
    assert.equal(c.nextUpdate?.toISOString(), '2036-11-01T00:00:00.000Z');
    // DER as well as PEM
    const der = pemBlocks(crlFixture('ca.crl.pem').toString(), 'X509 CRL')[0]!;
    assert.equal(crlBlocks(Buffer.from(der)).length, 1);
  });

  test('a certificate its CA revoked is refused; one in force passes', () => {
    assert.equal(verifyChain(revoked, [], [crlCa], at), undefined, 'the chain alone does not know');
    assert.equal(issuerOf(revoked, [parse(ca.pem), crlCa]), crlCa);
    assert.equal(checkRevocation(revoked, crlCa, crl('ca.crl.pem'), at)?.code, 'CERTIFICATE_REVOKED');
    assert.equal(checkRevocation(active, crlCa, crl('ca.crl.pem'), at), undefined);
  });

  test('a stale CRL, a forged one, or none for the issuer: revocation unknown, refused (fail closed)', () => {
    assert.equal(checkRevocation(active, crlCa, crl('stale.crl.pem'), at)?.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
    assert.equal(checkRevocation(revoked, crlCa, crl('forged.crl.pem'), at)?.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
    assert.equal(checkRevocation(active, crlCa, [], at)?.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
    // the stale list still counts together with a current one
    assert.equal(checkRevocation(revoked, crlCa, [...crl('stale.crl.pem'), ...crl('ca.crl.pem')], at)?.code, 'CERTIFICATE_REVOKED');
    // before the CRL's thisUpdate it is not in force yet
    assert.equal(checkRevocation(active, crlCa, crl('ca.crl.pem'), new Date('2026-10-15T00:00:00Z'))?.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
  });

  test('a CRL whose signature bytes were changed does not count', () => {
    const [c] = crl('ca.crl.pem');
    const sig = Uint8Array.from(c!.signature);
    sig[sig.length - 3] = sig[sig.length - 3]! ^ 0x01;
    assert.equal(checkRevocation(active, crlCa, [{ ...c!, signature: sig }], at)?.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
  });

  test('garbage is not a CRL', () => {
    assert.deepEqual(crlBlocks(Buffer.from('not a crl')), []);
    assert.equal(parseCrl(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), undefined);
  });
});
