import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a server on :4000; `npm run build` writes dist/, which the server serves at /.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } } },
});
