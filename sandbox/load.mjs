// Leak Lab load driver: a process of its own (so its allocations never show in the learner's
// figures) that sends real HTTP requests at the program with autocannon, at the lesson's rate,
// and reports how many were answered. Talks `LoadMessage` (src/protocol/probe-messages.ts) over
// IPC; configured by LEAKLAB_LOAD (JSON: { port, paths, ratePerSec, connections, method }).
import net from 'node:net';
import autocannon from 'autocannon';

const config = JSON.parse(process.env.LEAKLAB_LOAD ?? '{}');
const send = typeof process.send === 'function' ? process.send.bind(process) : (m) => console.log(JSON.stringify(m));
const PROGRESS_INTERVAL_MS = 250;
const startedAt = performance.now();

function post(message) {
  try {
    send(message);
  } catch (err) {
    // The runner is gone: nothing to report to, so stop loading.
    if (err && err.code === 'ERR_IPC_CHANNEL_CLOSED') process.exit(0);
    throw err;
  }
}

/** Resolves once something accepts connections on the port; polls, since the program starts on its own schedule. */
function waitForListener(port) {
  return new Promise((resolve) => {
    const attempt = () => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => { socket.destroy(); resolve(); });
      socket.once('error', () => { socket.destroy(); setTimeout(attempt, 100); });
    };
    attempt();
  });
}

process.on('disconnect', () => process.exit(0));

await waitForListener(config.port);
const target = `http://127.0.0.1:${config.port}`;
post({ type: 'load-ready', target });

let requests = 0;
let errors = 0;
const instance = autocannon({
  url: target,
  connections: config.connections,
  overallRate: config.ratePerSec,
  duration: 24 * 3600,
  method: config.method,
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
