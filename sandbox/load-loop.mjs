// @ts-check
// Leak Lab in-container load loop: the WebContainer runtime's stand-in for load.mjs. autocannon
// is not installed inside the container (installing it there would cost every page a download),
// so this sends the lesson's requests with node:http at the lesson's rate, `connections` at a time.
// It runs as a process of its own, so its allocations never show in the learner's figures.
// Reports `LoadMessage`s (src/protocol/probe-messages.ts) as frames on stdout
// (FRAME_START json FRAME_END, from ./frame-markers.mjs as the probe's), or over IPC when it has a channel.
// Configured by LEAKLAB_LOAD (`LoadConfig`, src/protocol/load-config.ts: the same profile as the
// local driver gets, body and headers included; written by the runner after checking it).
import http from 'node:http';
import { FRAME_END, FRAME_START } from './frame-markers.mjs';

/** @typedef {import('../src/protocol/probe-messages.ts').LoadMessage} LoadMessage */

/** @type {import('../src/protocol/load-config.ts').LoadConfig} */
const config = JSON.parse(process.env.LEAKLAB_LOAD ?? '{}');
const PROGRESS_INTERVAL_MS = 250;
const REQUEST_TIMEOUT_MS = 5000;
const startedAt = performance.now();
/** @type {(message: LoadMessage) => void} */
const send = typeof process.send === 'function'
  ? process.send.bind(process)
  : (message) => process.stdout.write(FRAME_START + JSON.stringify(message) + FRAME_END);

const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
let requests = 0;
let errors = 0;
let inFlight = 0;
let pathTurn = 0;

function waitForListener() {
  return new Promise((resolve) => {
    const attempt = () => {
      const req = http.get({ host: '127.0.0.1', port: config.port, path: config.paths[0], agent, timeout: 1000 }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => setTimeout(attempt, 100));
    };
    attempt();
  });
}

function fire() {
  if (inFlight >= config.connections) return;
  inFlight++;
  const path = config.paths[pathTurn++ % config.paths.length];
  let isDone = false;
  /** @param {boolean} isError */
  const done = (isError) => {
    if (isDone) return;
    isDone = true;
    inFlight--;
    if (isError) errors++;
    else requests++;
  };
  const req = http.request({ host: '127.0.0.1', port: config.port, path, method: config.method, headers: config.headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
    res.resume();
    res.on('end', () => done(false));
    res.on('error', () => done(true));
  });
  // A program that stops answering (the pool-exhaustion lesson) must show up as errors, not a hang.
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => done(true));
  req.end(config.body);
}

await waitForListener();
send({ type: 'load-ready', target: `http://127.0.0.1:${config.port}` });
// Pace in 10 ms ticks: the number of requests due so far minus those sent.
let sent = 0;
const loadStartedAt = performance.now();
setInterval(() => {
  const due = Math.floor(((performance.now() - loadStartedAt) / 1000) * config.ratePerSec);
  while (sent < due && inFlight < config.connections) { fire(); sent++; }
  if (sent < due && inFlight >= config.connections) sent = due; // behind: skip, as a fixed-rate client would
}, 10);
setInterval(() => {
  send({ type: 'load-progress', requests, errors, atMs: Math.round(performance.now() - startedAt) });
}, PROGRESS_INTERVAL_MS);
