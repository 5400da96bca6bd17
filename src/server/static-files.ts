import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Headers every response carries: cross-origin isolation (the WebContainer runtime needs it, and
 * the page checks `crossOriginIsolated`), and no embedding or sniffing by other sites.
 */
export const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Serves the static build. HTML pages get the runner's token as
 * `<meta name="leaklab-runner" content="...">`: the site is static, so the token is added at
 * serve time, and its presence tells the page a local runner is there.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, distDir: string, token: string): Promise<void> {
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file = path.join(distDir, path.normalize(urlPath));
  if (!file.startsWith(distDir)) return notFound(res);
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      res.writeHead(301, { ...ISOLATION_HEADERS, Location: urlPath + '/' });
      return void res.end();
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return notFound(res);
  const ext = path.extname(file);
  const type = CONTENT_TYPES[ext] ?? 'application/octet-stream';
  if (ext === '.html') {
    const html = (await readFile(file, 'utf8')).replace('<head>', `<head><meta name="leaklab-runner" content="${token}">`);
    res.writeHead(200, { ...ISOLATION_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' });
    return void res.end(req.method === 'HEAD' ? undefined : html);
  }
  // Astro fingerprints built assets under /_astro/, so those may be cached for good.
  const cache = urlPath.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...ISOLATION_HEADERS, 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

export function notFound(res: ServerResponse, message = 'Not found'): void {
  res.writeHead(404, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}
