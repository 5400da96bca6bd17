// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// Every page must be cross-origin isolated (the local runner sends the same headers from dist/),
// so nothing may load from another origin: no CDNs, no web fonts; everything is bundled.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  server: { host: '127.0.0.1', headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    // The playground bundles CodeMirror, xterm.js and uPlot into one page script (~600 kB).
    build: { chunkSizeWarningLimit: 1000 },
    preview: { headers: isolationHeaders },
  },
});
