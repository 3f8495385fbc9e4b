import { defineConfig } from 'vitest/config';

/** The distribution that `npm run dev` forwards API, image and WebSocket calls to. */
const backend = process.env.PIXELCRAFT_URL ?? 'http://127.0.0.1:8181';

// React's JSX is compiled by Vite's built-in esbuild transform (tsconfig "jsx": "react-jsx"),
// so the build needs no Babel-based React plugin. The output goes straight into the bundle's
// classes folder; see pom.xml.
export default defineConfig({
  build: {
    outDir: 'target/classes/webclient',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': backend,
      '/images': backend,
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
