import http from 'node:http';
import { CHECK_LIMITS, type CheckRequest, type CheckedResponse, type GotResponse, type ResponseCheckOutcome } from '../protocol/response-check.ts';
import { responseProblems, type ReadResponse } from './response-match.ts';

/** Where check requests may go: the loopback only, as the load does. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * Sends a lesson's check requests to a running program, one after the other, and says of each
 * what came back and what is wrong with it. `target` is where the run's load driver connected
 * (`http://127.0.0.1:PORT`): the program answers there, and nothing else is ever asked. Never
 * rejects: a request that gets no answer is a `no-response`; `signal` ends the check when the run
 * ends (the requests still out say so).
 */
export async function checkResponses(target: string, requests: readonly CheckRequest[], signal: AbortSignal): Promise<ResponseCheckOutcome> {
  let url: URL;
  try {
    url = new URL(target);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return { kind: 'not-checked', blame: 'runner', reason: `The load's target ${JSON.stringify(target)} is not a URL.` };
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    return { kind: 'not-checked', blame: 'runner', reason: `Check requests go only to the loopback, not to ${url.host}.` };
  }
  const results: CheckedResponse[] = [];
  for (const request of requests) {
    const got = await send(url, request, signal);
    const problems = got.kind === 'response' ? responseProblems(request.expect, got.read) : [`No answer: ${got.reason}`];
    results.push({ method: request.method, path: request.path, expect: request.expect, got: shown(got, request), problems });
  }
  return { kind: 'checked', results };
}

type Sent = { kind: 'response'; read: ReadResponse; bodyBytes: number; isTruncated: boolean } | { kind: 'no-response'; reason: string };

function send(base: URL, request: CheckRequest, signal: AbortSignal): Promise<Sent> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ kind: 'no-response', reason: 'the run ended before this request was sent.' });
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const req = http.request({
      host: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port,
      method: request.method,
      path: request.path,
      // One connection per request: a keep-alive socket left to the program would outlive the check.
      headers: { ...request.headers, connection: 'close', ...(body ? { 'content-length': String(body.length) } : {}) },
      timeout: CHECK_LIMITS.requestTimeoutMs,
      signal,
    });
    let isSettled = false;
    const settle = (sent: Sent): void => {
      if (isSettled) return;
      isSettled = true;
      resolve(sent);
    };
    req.on('timeout', () => {
      settle({ kind: 'no-response', reason: `nothing came back within ${CHECK_LIMITS.requestTimeoutMs / 1000} s.` });
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') return settle({ kind: 'no-response', reason: 'the run ended before the answer came.' });
      settle({ kind: 'no-response', reason: connectionWords(err) });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let bodyBytes = 0;
      let keptBytes = 0;
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
        if (keptBytes >= CHECK_LIMITS.maxBodyBytes) return;
        const kept = chunk.subarray(0, CHECK_LIMITS.maxBodyBytes - keptBytes);
        chunks.push(kept);
        keptBytes += kept.length;
        // Past the cap there is nothing more to match: stop reading an endless body.
        if (keptBytes >= CHECK_LIMITS.maxBodyBytes) res.destroy();
      });
      const finish = (): void => settle({
        kind: 'response',
        read: { status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') },
        bodyBytes,
        isTruncated: bodyBytes > keptBytes,
      });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.end(body);
  });
}

/** What travels to the page: the headers the expectation names (and content-type), the body's start. */
function shown(sent: Sent, request: CheckRequest): GotResponse {
  if (sent.kind === 'no-response') return sent;
  const names = new Set(['content-type', ...Object.keys(request.expect.headers ?? {})]);
  const headers = Object.fromEntries(Object.entries(sent.read.headers).filter(([name]) => names.has(name)));
  return {
    kind: 'response',
    status: sent.read.status,
    headers,
    bodyExcerpt: sent.read.body.slice(0, CHECK_LIMITS.excerptChars),
    bodyBytes: sent.bodyBytes,
    isTruncated: sent.isTruncated,
  };
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return flat;
}

function connectionWords(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED': return 'the connection was refused: is the server still listening?';
    case 'ECONNRESET': return 'the program closed the connection without answering.';
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS': return `the answer is not HTTP (${err.message}).`;
    default: return `${err.code ?? err.name}: ${err.message}`;
  }
}
