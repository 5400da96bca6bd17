// Leak Lab, lesson 30 (ES module): every call has a deadline, owned by the client that keeps it pending.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

// The pricing service, reached over a message channel: each call gets an id, and the reply
// with that id settles it. It answers in 5 to 20 ms, but drops one message in twenty (it
// restarts now and then, and messages in flight are lost). It runs in this process so that the
// lesson is one file; in production it is another service behind a queue or a socket.
class PricingClient {
  constructor() {
    this.nextId = 0;
    this.pending = new Map(); // call id -> { resolve, reject }
  }

  // The deadline belongs to the call: when it passes, the call leaves the pending map and
  // rejects, so nothing is left holding its promise, or what waits on it.
  call(sku, { timeoutMs = 100 } = {}) {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`pricing call ${id} for ${sku} got no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (price) => { clearTimeout(timer); resolve(price); },
        reject: (err) => { clearTimeout(timer); reject(err); },
      });
      this.#send(id, sku);
    });
  }

  #send(id, sku) {
    if (id % 20 === 0) return; // lost on the way
    setTimeout(() => this.#onReply(id, { sku, cents: 100 + (id % 900) }), 5 + (id % 16));
  }

  #onReply(id, price) {
    const call = this.pending.get(id);
    if (!call) return; // nobody waits for it any more
    this.pending.delete(id);
    call.resolve(price);
  }
}

const pricing = new PricingClient();

class Basket {
  constructor(seq) {
    this.seq = seq;
    this.items = [1, 2, 3, 4].map((n) => ({ sku: `sku-${(seq * 4 + n) % 5000}`, quantity: n }));
    this.customer = randomBytes(2 * 1024).toString('hex'); // 4 KB: the customer's profile and history
  }

  total(prices) {
    return prices.reduce((sum, price, i) => sum + price.cents * this.items[i].quantity, 0);
  }
}

let served = 0;
let partial = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  const basket = new Basket(served);
  // Each call settles within 100 ms, answered or not; no race needed.
  const outcomes = await Promise.allSettled(basket.items.map((item) => pricing.call(item.sku)));
  const isComplete = outcomes.every((o) => o.status === 'fulfilled');
  if (!isComplete) partial += 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(isComplete ? { cents: basket.total(outcomes.map((o) => o.value)) } : { estimate: true }));
});

setInterval(() => {
  console.log(`${served} quotes, ${partial} estimated, ${pricing.pending.size} calls pending`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
