// Leak Lab, lesson 30 (ES module): a fan-out whose lost replies leave promises pending for ever.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

// The pricing service, reached over a message channel: each call gets an id, and the reply
// with that id settles it. It answers in 5 to 20 ms, but drops one message in twenty (it
// restarts now and then, and messages in flight are lost). It runs in this process so that the
// lesson is one file; in production it is another service behind a queue or a socket.
class PricingClient {
  constructor() {
    this.nextId = 0;
    this.pending = new Map(); // call id -> { resolve, reject }
  }

  call(sku) {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
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

const GAVE_UP = Symbol('gave up');

let served = 0;
let partial = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  const basket = new Basket(served);
  const total = Promise.all(basket.items.map((item) => pricing.call(item.sku))).then((prices) => basket.total(prices));
  // Answer within 100 ms whatever happens, with an estimate if the prices are late.
  const result = await Promise.race([total, sleep(100, GAVE_UP)]);
  if (result === GAVE_UP) partial += 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(result === GAVE_UP ? { estimate: true } : { cents: result }));
});

setInterval(() => {
  console.log(`${served} quotes, ${partial} estimated, ${pricing.pending.size} calls pending`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
