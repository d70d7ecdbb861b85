// The identity configuration: CA and CRL files for enterprise certificates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadIdentityConfig } from './identity.config.ts';

const file = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/sm2/crl/${name}`, import.meta.url));

test('CRL files are listed comma-separated and must exist; production with CAs requires them', () => {
  const ca = file('ca.pem');
  const c = loadIdentityConfig({ XINYONG_CERT_CA_FILE: ca, XINYONG_CERT_CRL_FILE: ` ${file('ca.crl.pem')} , ${file('stale.crl.pem')}` }, false, 0);
  assert.deepEqual(c.certificateCrlFiles, [file('ca.crl.pem'), file('stale.crl.pem')]);
  assert.deepEqual(loadIdentityConfig({ XINYONG_CERT_CA_FILE: ca }, false, 0).certificateCrlFiles, []);
  assert.throws(() => loadIdentityConfig({ XINYONG_CERT_CA_FILE: ca, XINYONG_CERT_CRL_FILE: file('missing.crl') }, false, 0), /ENOENT/);
  assert.throws(() => loadIdentityConfig({ XINYONG_CERT_CA_FILE: ca }, true, 0), /XINYONG_CERT_CRL_FILE/);
  assert.equal(loadIdentityConfig({ XINYONG_CERT_CA_FILE: ca, XINYONG_CERT_CRL_FILE: file('ca.crl.pem') }, true, 0).certificateCrlFiles.length, 1);
  // no CAs: certificate sign-in is off, nothing to revoke
  assert.deepEqual(loadIdentityConfig({}, true, 0).certificateCrlFiles, []);
});
