// Leak Lab, lesson 13 (ES module): one template with a {{name}} placeholder, compiled once.
import http from 'node:http';

const BODY = '<p>Your order history, recommendations and settings are below.</p>'.repeat(24);

class CompiledTemplate {
  constructor(source) {
    this.source = source;
    this.parts = source.split(/(\{\{\w+\}\})/);
  }
  render(values) {
    return this.parts.map((p) => (p.startsWith('{{') ? values[p.slice(2, -2)] ?? '' : p)).join('');
  }
}

const compiled = new Map();
function compile(source) {
  let template = compiled.get(source);
  if (!template) {
    template = new CompiledTemplate(source);
    compiled.set(source, template);
  }
  return template;
}

function renderGreeting(user) {
  // The source is the same for everyone; the name is a value passed to render.
  return compile(`<h1>Hello {{name}}</h1>${BODY}<footer>{{year}}</footer>`).render({ name: user.name, year: new Date().getFullYear() });
}

let served = 0;
const server = http.createServer((req, res) => {
  served += 1;
  const html = renderGreeting({ name: `user-${served}` });
  if (served % 2000 === 0) console.log(`${served} requests, ${compiled.size} compiled templates`);
  res.setHeader('content-type', 'text/html');
  res.end(html);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
