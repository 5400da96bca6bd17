// Test helper: the real local runner as a child process (`node src/server/start.ts`), as `npm start` runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { PROJECT_ROOT } from '../../src/server/run/paths.ts';
import type { ServerMessage } from '../../src/protocol/socket-messages.ts';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'src/server/start.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', LEAKLAB_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const m = /Leak Lab listening on (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => { out += text; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${out}`)); });
  });
  const port = Number(new URL(url).port);
  const html = await (await fetch(url + '/')).text();
  const token = /<meta name="leaklab-runner" content="([^"]+)"/.exec(html)?.[1] ?? '';
  return {
    child, url, port, token,
    stop: (signal = 'SIGTERM') => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
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
