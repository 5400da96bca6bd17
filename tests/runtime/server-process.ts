// Test helper: the real local runner as a child process (`node src/server/start.ts`), as `npm start` runs it.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startServer } from '../../scripts/support/serve.ts';
import type { ServerMessage } from '../../src/protocol/socket-messages.ts';

export interface ServerProcess {
  pid: number;
  url: string;
  port: number;
  /** The per-start token, read from a page the server served, as the page would. */
  token: string;
  /** SIGTERM (a clean shutdown) unless another signal is named. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The real local runner (`node src/server/start.ts`, as `npm start` runs it) with its token. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServer({ LEAKLAB_SKIP_BUILD: '1', ...env });
  const html = await (await fetch(server.baseUrl + '/')).text();
  const token = /<meta name="leaklab-runner" content="([^"]+)"/.exec(html)?.[1] ?? '';
  return {
    pid: server.pid,
    url: server.baseUrl,
    port: server.port,
    token,
    stop: (signal) => (signal && signal !== 'SIGTERM' ? server.kill(signal) : server.stop()),
  };
}

/** A WebSocket to the server, as its own page would open it unless `origin` says otherwise. */
export function openSocket(server: ServerProcess, origin: string | null = server.url): Promise<{ ws: WebSocket; messages: ServerMessage[]; next: (pred: (m: ServerMessage) => boolean, timeoutMs?: number) => Promise<ServerMessage> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, origin === null ? {} : { origin });
    const messages: ServerMessage[] = [];
    const waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      messages.push(msg);
      for (const w of [...waiters]) if (w.pred(msg)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(msg); }
    });
    const next = (pred: (m: ServerMessage) => boolean, timeoutMs = 20_000): Promise<ServerMessage> => {
      const seen = messages.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no matching message in ${timeoutMs} ms; the last were ${messages.slice(-5).map((m) => JSON.stringify(m).slice(0, 200)).join(' | ')}`)), timeoutMs);
        waiters.push({ pred, resolve: (m) => { clearTimeout(timer); res(m); } });
      });
    };
    ws.once('open', () => resolve({ ws, messages, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Live children of a pid (direct and deeper), from /proc. */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const parent = stack.pop()!;
    let children = '';
    try {
      children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8');
    } catch {
      continue; // the process is gone
    }
    for (const c of children.split(' ').filter(Boolean).map(Number)) { out.push(c); stack.push(c); }
  }
  return out;
}

export function rssBytesOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** True while `pid` runs; a zombie (dead, waiting to be reaped by whoever adopted it) counts as dead. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
