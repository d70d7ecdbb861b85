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

// The name a download is saved under: the uploader's, with an extension of its checked type. A
// PDF named x.html (the content starts with %PDF-, the rest is markup) was saved as x.html and
// opened by the browser as a page from the disk (the 2026-12-06 re-test of issue 17).
const EXTENSIONS: Record<EvidenceType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'application/ofd': ['.ofd'],
};

export function evidenceDownloadName(filename: string, type: string): string {
  const exts = EXTENSIONS[type as EvidenceType];
  if (!exts) return filename;
  const name = filename.trim() || 'evidence';
  return exts.some((e) => name.toLowerCase().endsWith(e)) ? name : name + exts[0]!;
}
