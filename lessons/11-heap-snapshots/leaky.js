// Leak Lab, lesson 11 (ES module): a webhook sender that tracks the deliveries in flight.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

class WebhookDelivery {
  constructor(event) {
    this.id = randomUUID();
    this.key = `${event}:${this.id}`;
    this.payload = randomBytes(1024).toString('hex'); // 2 KB body to deliver
    this.attempts = 0;
  }
}

// Deliveries still being sent, so a retry can find them.
const inFlight = new Map();
let served = 0;

async function deliver(delivery) {
  inFlight.set(delivery.id, delivery);
  delivery.attempts += 1;
  await sleep(5); // stands in for the POST to the customer's endpoint
  inFlight.delete(delivery.key);
}

const server = http.createServer(async (req, res) => {
  served += 1;
  await deliver(new WebhookDelivery('order.paid'));
  if (served % 2000 === 0) console.log(`${served} requests, ${inFlight.size} deliveries in flight`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
