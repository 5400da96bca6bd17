// Leak Lab, lesson 20 (CommonJS): the same app with sessions in a database, not in the heap.
const express = require('express');
const session = require('express-session');
const { randomBytes } = require('node:crypto');
const { SqliteSessionStore } = require('./sqlite-store.js');

class ViewHistory {
  constructor() {
    this.items = randomBytes(1024).toString('hex');
    this.updatedAt = Date.now();
  }
}

const app = express();
app.use(session({
  secret: 'leak-lab-demo-secret',
  resave: false,
  saveUninitialized: true,
  cookie: { maxAge: 24 * 3600 * 1000 },
  // Sessions live in sessions.db (in the run folder); each request reads and writes its own row.
  store: new SqliteSessionStore({ file: 'sessions.db' }),
}));

let served = 0;
app.get('/', (req, res) => {
  served += 1;
  req.session.history ??= new ViewHistory();
  if (served % 2000 === 0) {
    req.sessionStore.length((err, count) => console.log(`${served} requests, ${err ? '?' : count} sessions stored`));
  }
  res.send('ok\n');
});

const server = app.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
