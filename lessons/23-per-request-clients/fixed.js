// Leak Lab, lesson 23 (ES module): one client for the process, and every body read or cancelled.
import http from 'node:http';
import { Agent, fetch } from 'undici';

const description = 'A sturdy thing, well made. '.repeat(80);
const errorPage = `<!doctype html><title>Not found</title><pre>${'no such product\n'.repeat(500)}</pre>`;
const catalogue = http.createServer((req, res) => {
  const id = Number(req.url.split('/').pop());
  if (id % 4 === 0) {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(errorPage);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id, name: `product ${id}`, description }));
});
catalogue.keepAliveTimeout = 65_000;
await new Promise((resolve) => catalogue.listen(0, '127.0.0.1', resolve));
const CATALOGUE_URL = `http://127.0.0.1:${catalogue.address().port}`;

// One client, made once, shared by every request. Its pool reuses a few kept-alive connections
// and never opens more than `connections` at a time to the catalogue.
const catalogueClient = new Agent({ connections: 16, headersTimeout: 2_000 });

let served = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  const id = Number(req.url.split('/')[2]) || served; // /product/<id>, or the next product
  const upstream = await fetch(`${CATALOGUE_URL}/products/${id}`, { dispatcher: catalogueClient });
  if (!upstream.ok) {
    // Read or cancel every body, on every path: until then the connection belongs to this response.
    await upstream.body?.cancel();
    res.statusCode = 404;
    res.end('no such product\n');
    return;
  }
  const product = await upstream.json();
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id: product.id, name: product.name }));
});

setInterval(() => console.log(`${served} requests, ${process.getActiveResourcesInfo().length} active resources`), 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
