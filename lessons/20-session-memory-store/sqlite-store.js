// A small express-session store on node:sqlite, for this lesson only: it shows the Store contract
// (get, set, destroy, touch) with the data outside the JS heap and expired sessions pruned.
// In production use a maintained store for your shared database, such as connect-redis.
const session = require('express-session');
const { DatabaseSync } = require('node:sqlite');

class SqliteSessionStore extends session.Store {
  constructor({ file, pruneEveryMs = 60_000 }) {
    super();
    this.db = new DatabaseSync(file);
    this.db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS sessions (sid TEXT PRIMARY KEY, data TEXT NOT NULL, expires INTEGER NOT NULL)`);
    this.getStmt = this.db.prepare('SELECT data FROM sessions WHERE sid = ? AND expires > ?');
    this.setStmt = this.db.prepare('INSERT OR REPLACE INTO sessions (sid, data, expires) VALUES (?, ?, ?)');
    this.touchStmt = this.db.prepare('UPDATE sessions SET expires = ? WHERE sid = ?');
    this.destroyStmt = this.db.prepare('DELETE FROM sessions WHERE sid = ?');
    this.pruneStmt = this.db.prepare('DELETE FROM sessions WHERE expires <= ?');
    this.countStmt = this.db.prepare('SELECT count(*) AS n FROM sessions');
    // One shared, unref'd timer (lesson 06): it doesn't keep the process alive.
    setInterval(() => this.pruneStmt.run(Date.now()), pruneEveryMs).unref();
  }

  #expiry(sess) {
    return sess.cookie && sess.cookie.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + 86_400_000;
  }

  #reply(cb, fn) {
    let value;
    try {
      value = fn();
    } catch (err) {
      queueMicrotask(() => cb(err));
      return;
    }
    queueMicrotask(() => cb(null, value));
  }

  get(sid, cb) {
    this.#reply(cb, () => {
      const row = this.getStmt.get(sid, Date.now());
      return row ? JSON.parse(row.data) : null;
    });
  }

  set(sid, sess, cb = () => {}) {
    this.#reply(cb, () => { this.setStmt.run(sid, JSON.stringify(sess), this.#expiry(sess)); });
  }

  touch(sid, sess, cb = () => {}) {
    this.#reply(cb, () => { this.touchStmt.run(this.#expiry(sess), sid); });
  }

  destroy(sid, cb = () => {}) {
    this.#reply(cb, () => { this.destroyStmt.run(sid); });
  }

  length(cb) {
    this.#reply(cb, () => this.countStmt.get().n);
  }
}

module.exports = { SqliteSessionStore };
