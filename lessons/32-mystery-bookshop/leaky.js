// Leak Lab, mystery 1 (ES module): the bookshop's catalogue API.
import http from 'node:http';
import { EventEmitter } from 'node:events';

// ---- The catalogue: 600 books, loaded at start (in production, from the database). ----------
const AUTHORS = ['Ada Byron', 'Grace Hopper', 'Alan Kay', 'Barbara Liskov', 'Donald Knuth', 'Edsger Dijkstra', 'Frances Allen', 'Ken Thompson'];
const TOPICS = ['compilers', 'networks', 'databases', 'gardening', 'sailing', 'cooking', 'history', 'poetry'];

class Book {
  constructor(id) {
    this.id = id;
    this.title = `${TOPICS[id % TOPICS.length]} for the curious, volume ${id}`;
    this.author = AUTHORS[(id * 7) % AUTHORS.length];
    this.priceCents = 900 + ((id * 37) % 4000);
    this.blurb = `A ${TOPICS[(id + 3) % TOPICS.length]} companion by ${this.author}. `.repeat(12);
  }
}
const books = new Map();
for (let id = 1; id <= 600; id++) books.set(id, new Book(id));

// Price changes come from the merchandising tool; here a timer changes one price a second.
const priceFeed = new EventEmitter();
setInterval(() => {
  const book = books.get(1 + Math.floor(Math.random() * books.size));
  book.priceCents = 900 + Math.floor(Math.random() * 4000);
  priceFeed.emit('price-change', book.id);
}, 1000).unref();

// ---- Search, micro-cached: the same query within the same second gets the same answer. ------
class SearchResult {
  constructor(key, matches) {
    this.key = key;
    this.bookIds = matches.map((book) => book.id);
    this.body = JSON.stringify({ count: matches.length, books: matches.map(({ id, title, author, priceCents, blurb }) => ({ id, title, author, priceCents, blurb })) });
    this.createdAtMs = Date.now();
  }
}

class SearchCache {
  constructor(maxEntries) {
    this.maxEntries = maxEntries;
    this.entries = new Map(); // key -> SearchResult, oldest first
    this.byBook = new Map(); // book id -> Set of results that list it, to drop them when its price changes
    priceFeed.on('price-change', (bookId) => this.invalidateBook(bookId));
  }

  get(key) {
    return this.entries.get(key);
  }

  set(result) {
    this.entries.set(result.key, result);
    for (const bookId of result.bookIds) {
      let results = this.byBook.get(bookId);
      if (!results) this.byBook.set(bookId, (results = new Set()));
      results.add(result);
    }
    while (this.entries.size > this.maxEntries) {
      const oldestKey = this.entries.keys().next().value;
      this.entries.delete(oldestKey);
    }
  }

  invalidateBook(bookId) {
    const results = this.byBook.get(bookId);
    if (!results) return;
    for (const result of results) this.entries.delete(result.key);
    this.byBook.delete(bookId);
  }
}

const searchCache = new SearchCache(16);

function search(query) {
  const key = `${query}@${Math.floor(Date.now() / 1000)}`;
  const cached = searchCache.get(key);
  if (cached) return cached;
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = [];
  for (const book of books.values()) {
    const text = `${book.title} ${book.author}`.toLowerCase();
    if (words.every((w) => text.includes(w))) matches.push(book);
    if (matches.length === 40) break;
  }
  const result = new SearchResult(key, matches);
  searchCache.set(result);
  return result;
}

// ---- Carts: one per visitor, kept for 30 minutes after the last change. ---------------------
const CART_TTL_MS = 30 * 60 * 1000;
const carts = new Map(); // visitor id -> { items, touchedAtMs }
setInterval(() => {
  const now = Date.now();
  for (const [visitor, cart] of carts) if (now - cart.touchedAtMs > CART_TTL_MS) carts.delete(visitor);
}, 60_000).unref();

// ---- Routes. ----------------------------------------------------------------------------------
function sendJson(res, status, value) {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const stats = { requests: 0, searches: 0 };

const server = http.createServer((req, res) => {
  stats.requests += 1;
  const url = new URL(req.url, 'http://bookshop.local');
  const parts = url.pathname.split('/').filter(Boolean);

  if (url.pathname === '/health') return sendJson(res, 200, { ok: true, books: books.size });

  if (url.pathname === '/search') {
    stats.searches += 1;
    const query = url.searchParams.get('q') ?? '';
    if (query.length > 100) return sendJson(res, 400, { error: 'query too long' });
    return sendJson(res, 200, search(query).body);
  }

  if (parts[0] === 'books' && parts.length === 2) {
    const book = books.get(Number(parts[1]));
    if (!book) return sendJson(res, 404, { error: 'no such book' });
    return sendJson(res, 200, book);
  }

  if (parts[0] === 'cart' && parts.length === 3) {
    // /cart/<visitor>/<book id>: add one copy of a book to the visitor's cart.
    const visitor = parts[1].slice(0, 40);
    const book = books.get(Number(parts[2]));
    if (!book) return sendJson(res, 404, { error: 'no such book' });
    const cart = carts.get(visitor) ?? { items: new Map(), touchedAtMs: 0 };
    cart.items.set(book.id, (cart.items.get(book.id) ?? 0) + 1);
    cart.touchedAtMs = Date.now();
    carts.set(visitor, cart);
    let totalCents = 0;
    for (const [id, quantity] of cart.items) totalCents += books.get(id).priceCents * quantity;
    return sendJson(res, 200, { items: cart.items.size, totalCents });
  }

  sendJson(res, 404, { error: `no route for ${url.pathname}` });
});

setInterval(() => console.log(`${stats.requests} requests, ${stats.searches} searches, ${carts.size} carts`), 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`bookshop listening on :${server.address().port}`);
});
