// Leak Lab, lesson 23 (ES module): an HTTP client made per request, and error bodies never read.
import http from 'node:http';
import { Agent, fetch } from 'undici';

// The catalogue service this API calls. In production it is a service of its own; here it runs in
// this process on a port of its own, so that the lesson is one file. It answers 404 with an HTML
// error page for retired products (one id in four), as a proxy or a framework often does.
const description = 'A sturdy thing, well made. '.repeat(80); // about 2 KB of JSON per product
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

let served = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  const id = Number(req.url.split('/')[2]) || served; // /product/<id>, or the next product
  // A fresh client for every call, so that each call "gets its own timeouts".
  const dispatcher = new Agent({ headersTimeout: 2_000 });
  const upstream = await fetch(`${CATALOGUE_URL}/products/${id}`, { dispatcher });
  if (!upstream.ok) {
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
