// @ts-check
// Leak Lab load driver: a process of its own (so its allocations never show in the learner's
// figures) that sends real HTTP requests at the program with autocannon, at the lesson's rate,
// and reports how many were answered. Talks `LoadMessage` (src/protocol/probe-messages.ts) over
// IPC; configured by LEAKLAB_LOAD (`LoadConfig`, src/protocol/load-config.ts, written by the runner
// after checking it against that schema, so it is taken as typed here).
import net from 'node:net';
import autocannon from 'autocannon';

/** @typedef {import('../src/protocol/probe-messages.ts').LoadMessage} LoadMessage */

/** @type {import('../src/protocol/load-config.ts').LoadConfig} */
const config = JSON.parse(process.env.LEAKLAB_LOAD ?? '{}');
/** @type {(message: LoadMessage) => void} */
const send = typeof process.send === 'function' ? process.send.bind(process) : (m) => console.log(JSON.stringify(m));
const PROGRESS_INTERVAL_MS = 250;
const startedAt = performance.now();

/** @param {LoadMessage} message */
function post(message) {
  try {
    send(message);
  } catch (err) {
    // The runner is gone: nothing to report to, so stop loading.
    if (/** @type {NodeJS.ErrnoException} */ (err)?.code === 'ERR_IPC_CHANNEL_CLOSED') process.exit(0);
    throw err;
  }
}

/**
 * Resolves with the loopback host that accepts connections on the port; polls, since the program
 * starts on its own schedule. Both 127.0.0.1 and ::1: `listen(port, 'localhost')` binds ::1 alone
 * where the resolver lists it first (macOS, some Linux images). Never anything but loopback.
 * @param {number} port
 * @returns {Promise<string>}
 */
function waitForListener(port) {
  const hosts = ['127.0.0.1', '::1'];
  return new Promise((resolve) => {
    let attempt = 0;
    const tryNext = () => {
      const host = hosts[attempt++ % hosts.length];
      const socket = net.connect({ host, port });
      socket.once('connect', () => { socket.destroy(); resolve(host); });
      socket.once('error', () => { socket.destroy(); setTimeout(tryNext, attempt % hosts.length === 0 ? 100 : 0); });
    };
    tryNext();
  });
}

process.on('disconnect', () => process.exit(0));

const host = await waitForListener(config.port);
const target = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
post({ type: 'load-ready', target });

let requests = 0;
let errors = 0;
const instance = autocannon({
  url: target,
  connections: config.connections,
  overallRate: config.ratePerSec,
  duration: 24 * 3600,
  method: config.method,
  ...(config.body !== undefined && { body: config.body }),
  ...(config.headers && { headers: config.headers }),
  requests: config.paths.map((path) => ({ path })),
  // A program that stops answering (the pool-exhaustion lesson) must show up as errors, not a hang.
  timeout: 5,
  skipAggregateResult: true,
});
instance.on('response', () => { requests++; });
instance.on('reqError', () => { errors++; });
const progressTimer = setInterval(() => {
  post({ type: 'load-progress', requests, errors, atMs: Math.round(performance.now() - startedAt) });
}, PROGRESS_INTERVAL_MS);
instance.on('done', () => clearInterval(progressTimer));
