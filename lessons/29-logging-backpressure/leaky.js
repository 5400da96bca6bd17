// Leak Lab, lesson 29 (CommonJS): a logger that writes faster than its log agent reads.
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

// One JSON line per request, as request loggers write: about 2 KB with the headers and context.
function log(sink, record) {
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
    console.log(`${served} requests, ${(sink.writableLength / 1048576).toFixed(1)} MB of log lines waiting`);
  }, 2000).unref();

  server.listen(Number(process.env.PORT) || 3000, () => {
    console.log(`listening on :${server.address().port}`);
  });
}

main();
