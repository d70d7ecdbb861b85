import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceDownloadName, sniffEvidenceType } from './evidence-type.rules.ts';

test('evidence is known by its bytes: PDF, JPEG, PNG, OFD; HTML and scripts are nothing', () => {
  assert.equal(sniffEvidenceType(Buffer.from('%PDF-1.7\n...')), 'application/pdf');
  assert.equal(sniffEvidenceType(Buffer.from('\r\n%PDF-1.4\n')), 'application/pdf');
  assert.equal(sniffEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
  assert.equal(sniffEvidenceType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'image/png');
  assert.equal(sniffEvidenceType(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....OFD.xml....')])), 'application/ofd');
  assert.equal(sniffEvidenceType(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')])), null);
  assert.equal(sniffEvidenceType(Buffer.from('<html><script>alert(1)</script></html>')), null);
  assert.equal(sniffEvidenceType(Buffer.from('<html>%PDF-1.4')), null, 'markup before a PDF header is not a PDF');
});

test('a download is named with an extension of its checked type', () => {
  assert.equal(evidenceDownloadName('x.html', 'application/pdf'), 'x.html.pdf');
  assert.equal(evidenceDownloadName('证明.PDF', 'application/pdf'), '证明.PDF');
  assert.equal(evidenceDownloadName('photo.jpeg', 'image/jpeg'), 'photo.jpeg');
  assert.equal(evidenceDownloadName('photo.svg', 'image/png'), 'photo.svg.png');
  assert.equal(evidenceDownloadName(' ', 'application/ofd'), 'evidence.ofd');
});
