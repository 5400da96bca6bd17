import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineInProgram } from '../../src/playground/source-line.ts';

const PROGRAM = [
  "const http = require('node:http');",                         // 0
  'const cache = new Map();',                                    // 1
  'function remember(key, value) { cache.set(key, value); }',    // 2
  'const onRequest = async (req, res) => {',                     // 3
  '  setInterval(() => remember(req.url, Date.now()), 1000);',   // 4
  '  res.end("ok");',                                            // 5
  '};',                                                          // 6
  'http.createServer(onRequest).listen(process.env.PORT);',      // 7
].join('\n');

test('a closure\u2019s V8 location (0-based) is the 1-based line of main.js where a function starts', () => {
  assert.equal(lineInProgram(PROGRAM, { scriptId: 1, line: 2, column: 0 }, 'remember'), 3, 'a function declaration');
  assert.equal(lineInProgram(PROGRAM, { scriptId: 1, line: 3, column: 18 }, 'onRequest'), 4, 'an async arrow');
  assert.equal(lineInProgram(PROGRAM, { scriptId: 1, line: 4, column: 14 }, ''), 5, 'an anonymous arrow passed to setInterval');
});

test('a location that does not start a function in main.js is someone else\u2019s code (Node\u2019s own), so no line', () => {
  assert.equal(lineInProgram(PROGRAM, { scriptId: 9, line: 5, column: 2 }, 'write'), null, 'res.end( is a call, not a function');
  assert.equal(lineInProgram(PROGRAM, { scriptId: 9, line: 1, column: 6 }, 'emit'), null);
  assert.equal(lineInProgram(PROGRAM, { scriptId: 9, line: 40, column: 0 }, 'remember'), null, 'past the end of the file');
  assert.equal(lineInProgram(PROGRAM, { scriptId: 9, line: 6, column: 10 }, 'remember'), null, 'past the end of the line');
});

test('a named closure is found by its name even where the text at the column is not a function start', () => {
  assert.equal(lineInProgram(PROGRAM, { scriptId: 1, line: 7, column: 18 }, 'onRequest'), 8);
});
