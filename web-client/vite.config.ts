import { defineConfig } from 'vitest/config';

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
    // `npm run dev` forwards API and WebSocket calls to a local distribution.
    proxy: {
      '/api': 'http://127.0.0.1:8181',
      '/images': 'http://127.0.0.1:8181',
      '/ws': { target: 'ws://127.0.0.1:8181', ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
