import PDFDocument from 'pdfkit';
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
const text = readFileSync('src/modules/reports/reports.pdf.ts', 'utf8').replace(/[\x00-\x7f]/g, '') + '张䶮 李堃 王喆 赵昇';
console.log('chars', [...new Set(text)].length);
for (const f of process.argv.slice(2)) {
  let t0 = performance.now();
  const font = fontkit.openSync(f);
  const tOpen = performance.now() - t0;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    const doc = new PDFDocument({ size: 'A4', compress: true });
    const chunks = [];
    doc.on('data', (b) => chunks.push(b));
    const done = new Promise((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.registerFont('R', font);
    doc.font('R').fontSize(10).text(text);
    doc.end();
    const buf = await done;
    console.log(f.split('/').pop(), 'open', tOpen.toFixed(0), 'ms; pdf', buf.length, 'bytes', (performance.now() - t0).toFixed(0), 'ms');
  }
}
