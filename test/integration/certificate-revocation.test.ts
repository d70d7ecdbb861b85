// Enterprise certificate sign-in refuses revoked certificates (issue 17): the CA's CRL, configured
// as a file (XINYONG_CERT_CRL_FILE), its SM2 signature checked against the CA, re-read when the
// file changes, fail closed when it is out of date; refusals audited, answered in zh and en.
// Certificates, keys and CRLs made by OpenSSL 3 (test/fixtures/sm2/make-crl-fixtures.sh).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { setCertificateCrlFiles, setTrustedCas } from '../../src/modules/rights/identity-certificate.service.ts';
import { parseCertificate, pemBlocks, SM2_DEFAULT_USER_ID } from '../../src/modules/rights/certificate.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/sm2/crl/${name}`, import.meta.url), 'utf8');
const holder = (name: 'active' | 'revoked') => {
  const pem = fixture(`${name}.pem`);
  return { pem, privateKey: fixture(`${name}.key.hex`).trim(), publicKey: parseCertificate(pemBlocks(pem)[0]!)!.publicKeyHex };
};
const sign = (text: string, h: ReturnType<typeof holder>) =>
  Buffer.from(sm2.doSignature(new TextEncoder().encode(text), h.privateKey, { der: true, hash: true, userId: SM2_DEFAULT_USER_ID, publicKey: h.publicKey }), 'hex').toString('base64');

let t: TestPlatform;
let dir: string;
let crlFile: string;
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
// replaces the CRL file the way a cron job does: write beside it, rename over it
const publishCrl = (name: string) => {
  writeFileSync(`${crlFile}.new`, fixture(name));
  renameSync(`${crlFile}.new`, crlFile);
};
const signIn = async (h: ReturnType<typeof holder>) => {
  const c = (await post('/api/v1/public/identity/certificate/challenges', { purpose: 'objection' })).json() as { challengeId: string; text: string };
  return post('/api/v1/public/identity/certificate/verify', { challengeId: c.challengeId, certificate: h.pem, signature: sign(c.text, h) });
};
const refusedCodes = async () =>
  (await t.p.db.query<{ detail: { code: string; serial?: string } }>(`SELECT detail FROM audit_event WHERE action = 'identity.certificate-refused' ORDER BY seq`)).map((e) => e.detail);

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dir = mkdtempSync(join(tmpdir(), 'xy-crl-'));
  crlFile = join(dir, 'ca.crl');
  setTrustedCas(t.p, [fixture('ca.pem')]);
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('certificate revocation', () => {
  test('without a CRL configured, only the chain is checked (a revoked certificate is not known as such)', async () => {
    setCertificateCrlFiles(t.p, []);
    const r = await signIn(holder('revoked'));
    assert.equal(r.statusCode, 200, r.body);
  });

  test('with the CA’s CRL: the revoked certificate is refused and audited, the one in force signs in', async () => {
    publishCrl('ca.crl.pem');
    setCertificateCrlFiles(t.p, [crlFile]);
    const ok = await signIn(holder('active'));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().method, 'certificate');
    const no = await signIn(holder('revoked'));
    assert.equal(no.statusCode, 400);
    const e = no.json().error;
    assert.equal(e.code, 'CERTIFICATE_REVOKED');
    assert.match(e.zh, /已被签发机构吊销/);
    assert.match(e.en, /revoked/);
    assert.deepEqual((await refusedCodes()).at(-1), { code: 'CERTIFICATE_REVOKED', serial: '1002' });
  });

  test('the file is re-read when it changes: a stale list refuses everyone (fail closed), a forged one too, a fresh one lets in again', async () => {
    publishCrl('stale.crl.pem');
    const stale = await signIn(holder('active'));
    assert.deepEqual([stale.statusCode, stale.json().error.code], [400, 'CERTIFICATE_REVOCATION_UNKNOWN']);
    publishCrl('forged.crl.pem');
    const forged = await signIn(holder('revoked'));
    assert.deepEqual([forged.statusCode, forged.json().error.code], [400, 'CERTIFICATE_REVOCATION_UNKNOWN']);
    publishCrl('ca.crl.pem');
    assert.equal((await signIn(holder('active'))).statusCode, 200);
    assert.equal((await signIn(holder('revoked'))).json().error.code, 'CERTIFICATE_REVOKED');
    // a missing or unreadable file: nothing can be shown not revoked
    rmSync(crlFile);
    assert.equal((await signIn(holder('active'))).json().error.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
    writeFileSync(crlFile, 'not a CRL');
    assert.equal((await signIn(holder('active'))).json().error.code, 'CERTIFICATE_REVOCATION_UNKNOWN');
    assert.deepEqual((await refusedCodes()).slice(-5).map((d) => d.code), [
      'CERTIFICATE_REVOCATION_UNKNOWN',
      'CERTIFICATE_REVOCATION_UNKNOWN',
      'CERTIFICATE_REVOKED',
      'CERTIFICATE_REVOCATION_UNKNOWN',
      'CERTIFICATE_REVOCATION_UNKNOWN',
    ]);
  });
});
