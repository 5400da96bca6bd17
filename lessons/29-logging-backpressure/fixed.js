// Leak Lab, lesson 29 (CommonJS): the logger bounds what waits for the agent, and drops and counts the rest.
const http = require('node:http');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

// The log agent. In production it is a separate process (a log shipper reading your stdout pipe,
// or a socket such as fluent-bit's); here it runs in this process, on a Unix socket in the run
// folder, and reads 100 KB a second, as an agent does when its own destination is slow.
const AGENT_SOCKET = path.join(process.cwd(), 'log-agent.sock');
const AGENT_BYTES_PER_SEC = 100 * 1024;
const agent = net.createServer((conn) => {
  // Paused mode: the socket reads from the kernel only while its own small buffer has room, so
  // the agent takes bytes at its own pace and the rest waits in the kernel, then in the writer.
  conn.pause();
  setInterval(() => {
    let allowance = AGENT_BYTES_PER_SEC / 10;
    while (allowance > 0 && conn.readableLength > 0) {
      const chunk = conn.read(Math.min(allowance, conn.readableLength));
      if (chunk === null) break;
      allowance -= chunk.length;
    }
  }, 100).unref();
});

function startLogger() {
  fs.rmSync(AGENT_SOCKET, { force: true }); // a socket file left by an earlier run
  return new Promise((resolve) => {
    agent.listen(AGENT_SOCKET, () => {
      const sink = net.connect(AGENT_SOCKET, () => resolve(sink));
    });
  });
}

// At most 256 KB of log lines may wait for the agent (a few seconds of its pace). Past that the
// logger drops lines and counts them, and says how many once the agent has caught up.
const MAX_QUEUED_BYTES = 256 * 1024;
let droppedSinceReport = 0;
let droppedTotal = 0;

function log(sink, record) {
  if (sink.writableLength > MAX_QUEUED_BYTES) {
    droppedSinceReport += 1;
    droppedTotal += 1;
    return;
  }
  if (droppedSinceReport > 0) {
    sink.write(`${JSON.stringify({ at: new Date().toISOString(), level: 'warn', msg: 'log lines dropped', count: droppedSinceReport })}\n`);
    droppedSinceReport = 0;
  }
  sink.write(`${JSON.stringify(record)}\n`);
}

async function main() {
  const sink = await startLogger();
  let served = 0;
  const server = http.createServer((req, res) => {
    served += 1;
    log(sink, {
      at: new Date().toISOString(),
      level: 'info',
      msg: 'request',
      seq: served,
      method: req.method,
      url: req.url,
      headers: req.headers,
      context: randomBytes(900).toString('hex'),
    });
    res.end('ok\n');
  });

  setInterval(() => {
    console.log(`${served} requests, ${(sink.writableLength / 1048576).toFixed(1)} MB of log lines waiting, ${droppedTotal} dropped`);
  }, 2000).unref();

  server.listen(Number(process.env.PORT) || 3000, () => {
    console.log(`listening on :${server.address().port}`);
  });
}

main();
