import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Absolute paths so `vite build --config web/vite.config.ts` works from the repo root.
const webDir = fileURLToPath(new URL('.', import.meta.url));

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
              test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|@babel[\\/]runtime|clsx|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|stylis|@emotion)[\\/]/,
              priority: 20,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
