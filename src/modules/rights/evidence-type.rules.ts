// Evidence files are checked by their content, not by the type the uploader claims (an HTML page
// sent as application/pdf was served as such): the first bytes must be those of the claimed type,
// one of a fixed list. Pure.
export type EvidenceType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'application/ofd';

const startsWith = (b: Buffer, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

// The type the bytes are, of the accepted ones; null for anything else.
export function sniffEvidenceType(b: Buffer): EvidenceType | null {
  // a PDF may have up to 1 KB of junk before its header (PDF 1.7, 7.5.2), never markup
  const head = b.subarray(0, 1024).toString('latin1');
  const pdfAt = head.indexOf('%PDF-');
  if (pdfAt === 0 || (pdfAt > 0 && !/[<>]/.test(head.slice(0, pdfAt)))) return 'application/pdf';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // OFD (GB/T 33190) is a ZIP package whose root holds OFD.xml
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) && b.includes('OFD.xml', 0, 'latin1')) return 'application/ofd';
  return null;
}

// Served evidence: a download, never rendered in the platform's origin.
export const EVIDENCE_CSP = "sandbox; default-src 'none'";
