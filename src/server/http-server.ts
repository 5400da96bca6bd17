import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES, TOKEN_HEADER } from '../protocol/socket-messages.ts';
import { RequestGuard } from './request-guard.ts';
import { RunRegistry } from './run-registry.ts';
import { SocketSession } from './socket-session.ts';
import { DEFAULT_SHELF_LIMITS, FileShelf } from './file-shelf.ts';
import { safeFileName } from '../runner/kept-files.ts';
import { ISOLATION_HEADERS, notFound, serveStatic } from './static-files.ts';
import { DEFAULT_CAPS, type RunCaps, type RunPlan } from '../runner/run-plan.ts';
import { DIST_DIR } from '../project-paths.ts';

export interface ServerOptions {
  port: number;
  distDir?: string;
  maxRuns?: number;
  caps?: Partial<RunCaps>;
  /** `leaklab watch`: the program the /watch page runs (a fresh plan for each run). */
  watchPlan?: () => Promise<RunPlan>;
}

export interface LeakLabServer {
  url: string;
  port: number;
  token: string;
  registry: RunRegistry;
  /** The files of ended runs that pages may still download. */
  shelf: FileShelf;
  close(): Promise<void>;
}

/**
 * The local runner: serves the built site, runs programs for the pages it served over `/ws`,
 * and hands out snapshot files. Listens on loopback only.
 */
export async function startServer(options: ServerOptions): Promise<LeakLabServer> {
  const distDir = options.distDir ?? DIST_DIR;
  const token = randomBytes(24).toString('base64url');
  const registry = new RunRegistry(options.maxRuns ?? 4);
  const caps = { ...DEFAULT_CAPS, ...options.caps };
  const shelf = new FileShelf({ ...DEFAULT_SHELF_LIMITS, keepForMs: caps.keepFilesMs }, (err) => console.error(`Could not remove a run's kept files: ${err.message}`));
  let guard = new RequestGuard(options.port);

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!guard.isOwnHost(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' });
      return void res.end('Misdirected request: this server answers only to 127.0.0.1, localhost and [::1].');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...ISOLATION_HEADERS, Allow: 'GET, HEAD' });
      return void res.end();
    }
    const url = req.url ?? '/';
    if (url.startsWith('/snapshots/')) return serveSnapshot(req, res);
    if (url.startsWith('/files/')) {
      return void serveRunFile(req, res).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain' });
        res.end(`Server error: ${err.message}`);
      });
    }
    serveStatic(req, res, distDir, token).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`Server error: ${err.message}`);
    });
  };

  /**
   * Fetched by our own page with the token header; a cross-site request cannot add that header
   * without a CORS preflight, which this server never approves. Answers 403 itself when not.
   */
  function isOwnPageFetch(req: http.IncomingMessage, res: http.ServerResponse, what: string): boolean {
    const fetchSite = req.headers['sec-fetch-site'];
    if (req.headers[TOKEN_HEADER] === token && (!fetchSite || fetchSite === 'same-origin')) return true;
    res.writeHead(403, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain' });
    res.end(`Forbidden: ${what} go only to the page that started the run.`);
    return false;
  }

  /**
   * A file an ended run wrote, by the ids the runner gave it (never a path): only files the
   * shelf holds, which are inside that run's kept folder, under the size caps.
   */
  async function serveRunFile(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isOwnPageFetch(req, res, 'the files a run wrote')) return;
    const [, , runId, fileId, ...rest] = (req.url ?? '').split('?')[0].split('/');
    const opened = rest.length === 0 ? await shelf.get(runId ?? '')?.open(fileId ?? '') : null;
    if (!opened) return notFound(res, 'No such file: the runner keeps the files a run wrote for a while after it ends, and this one is gone (or never was).');
    const { handle, entry } = opened;
    res.writeHead(200, {
      ...ISOLATION_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Length': entry.file.sizeBytes,
      'Content-Disposition': `attachment; filename="${safeFileName(entry.file.name)}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') {
      await handle.close();
      return void res.end();
    }
    // The stream closes the handle when it ends or fails; a page that goes away mid-download destroys it.
    const stream = handle.createReadStream();
    stream.on('error', () => res.destroy()).pipe(res);
    res.on('close', () => stream.destroy());
  }

  function serveSnapshot(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!isOwnPageFetch(req, res, 'snapshots')) return;
    const [, , runId, snapshotId] = (req.url ?? '').split('/');
    const snapshot = registry.get(runId ?? '')?.snapshots.get(snapshotId ?? '');
    if (!snapshot) return notFound(res, 'No such snapshot: its run has ended or it was never written.');
    res.writeHead(200, {
      ...ISOLATION_HEADERS,
      'Content-Type': 'application/json',
      'Content-Length': snapshot.sizeBytes,
      'Content-Disposition': `attachment; filename="${snapshotId}.heapsnapshot"`,
      'Cache-Control': 'no-store',
    });
    createReadStream(snapshot.file).on('error', () => res.destroy()).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    const isOurs = guard.isOwnHost(req) && guard.isOwnOrigin(req) && (req.url ?? '').split('?')[0] === '/ws';
    if (!isOurs) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nOnly pages served by this Leak Lab may connect.\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => new SocketSession(ws, token, registry, shelf, caps, options.watchPlan ?? null));
  };
  const makeServer = (): http.Server => http.createServer(onRequest).on('upgrade', onUpgrade);

  const server = makeServer();
  await listen(server, options.port, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  guard = new RequestGuard(port);
  // The same port on IPv6 loopback, where the machine has one; IPv4 alone is enough otherwise.
  let server6: http.Server | null = makeServer();
  await listen(server6, port, '::1').catch(() => { server6 = null; });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    registry,
    shelf,
    async close() {
      await registry.stopAll();
      await shelf.discardAll();
      for (const client of wss.clients) client.terminate();
      for (const srv of [server, server6]) {
        if (!srv) continue;
        const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
        srv.closeAllConnections();
        await closed;
      }
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
