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
  // Code blocks in both colour schemes (global.css picks by prefers-color-scheme); the "default"
  // GitHub themes keep every token at 4.5:1 or more, which github-dark's comments do not.
  markdown: { shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } } },
  server: { host: '127.0.0.1', headers: isolationHeaders },
  vite: {
    server: { headers: isolationHeaders },
    // The playground bundles CodeMirror, xterm.js and uPlot into one page script (~600 kB).
    build: { chunkSizeWarningLimit: 1000 },
    preview: { headers: isolationHeaders },
  },
});
