import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/web, which `baton serve` serves at `/` (src/server/web.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The first view's JavaScript is held to 300 KB gzipped (issue 10); this warns well before that.
    chunkSizeWarningLimit: 600,
  },
});
