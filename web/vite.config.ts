import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Absolute paths so `vite build --config web/vite.config.ts` works from the repo root.
const webDir = fileURLToPath(new URL('.', import.meta.url));

// antd parts used only by the staff work portal (web/src/work): forms, dialogs, uploads, QR codes,
// tree selects, messages, number inputs, switches and its icons. A wrong guess costs nothing: a part
// the public portal also uses just becomes a chunk of its own shared by both.
const WORK_ONLY =
  /node_modules[\\/](antd[\\/]es[\\/](form|modal|qr-code|qrcode|tree-select|upload|progress|popconfirm|popover|avatar|app|message|notification|input-number|switch)[\\/]|@rc-component[\\/](form|dialog|tree-select|upload|qrcode|progress|notification|input-number|mini-decimal|switch)[\\/]|@ant-design[\\/](icons[\\/]es[\\/]icons|icons-svg)[\\/]|compute-scroll-into-view|scroll-into-view-if-needed)/;

// Vite only reads a default export from its config file (the one exception to named exports).
export default defineConfig({
  root: webDir,
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // antd is one deliberate vendor chunk (~870 kB minified, ~275 kB gzip) that stays cached
    // across app releases; warn only if a chunk grows well past that.
    chunkSizeWarningLimit: 1000,
    // Vite 8 bundles with rolldown: `codeSplitting.groups` replaces rollup's manualChunks.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Highest priority first: a group also pulls in its dependencies, so react must be
            // claimed before antd, or react-dom ends up inside the antd chunk.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
            {
              name: 'antd',
              // components only the work portal uses stay out of it, so the public portal does
              // not download them (they land in the work portal's chunks)
              test: (id: string) =>
                /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|@babel[\\/]runtime|clsx|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|stylis|@emotion)[\\/]/.test(id) &&
                !WORK_ONLY.test(id),
              priority: 20,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
