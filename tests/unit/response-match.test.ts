import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responseExpectationSchema, responseCheckSchema, type ResponseExpectation } from '../../src/protocol/response-check.ts';
import { parseWith } from '../../src/protocol/parse.ts';
import { responseProblems, valueAt } from '../../src/runner/response-match.ts';

const expect = (e: unknown): ResponseExpectation => responseExpectationSchema.parse(e);
const answer = (body: string, status = 200, headers: Record<string, string> = {}) => ({ status, headers, body });

test('an answer with the status and a body matching the pattern has no problems', () => {
  assert.deepEqual(responseProblems(expect({ body: '^ok\\n$' }), answer('ok\n')), []);
});

test('an empty body is called empty, and a wrong status is named with the one expected', () => {
  assert.deepEqual(responseProblems(expect({ body: '^ok\\n$' }), answer('', 404)), [
    'The status is 404, expected 200.',
    'The body is empty; expected one matching /^ok\\n$/.',
  ]);
});

test('a body that does not match is quoted with its line breaks visible', () => {
  assert.deepEqual(responseProblems(expect({ body: '^ok\\n$' }), answer('okay\n')), ['The body "okay\\n" does not match /^ok\\n$/.']);
});

test('JSON fields are checked by path for type, pattern, equality and length, each problem naming its path', () => {
  const e = expect({ json: { '$.id': { type: 'number' }, '$.name': { matches: '^user \\d+$' }, '$.tags': { minItems: 2 }, '$.ok': { equals: true } } });
  assert.deepEqual(responseProblems(e, answer('{"id":7,"name":"user 7","tags":["a","b"],"ok":true}')), []);
  assert.deepEqual(responseProblems(e, answer('{"id":"7","name":"guest","tags":["a"]}')), [
    '$.id is a string ("7"), expected a number.',
    '$.name is "guest", expected to match /^user \\d+$/.',
    '$.tags has 1 item, expected at least 2.',
    '$.ok is missing from the JSON.',
  ]);
});

test('an answer that is not JSON, or empty, fails a JSON expectation with what came', () => {
  const e = expect({ json: { $: { type: 'array' } } });
  assert.deepEqual(responseProblems(e, answer('')), ['The body is empty; expected JSON.']);
  const [problem] = responseProblems(e, answer('<html>'));
  assert.match(problem, /^The body is not JSON \(.+\): "<html>"\.$/);
});

test('array items are reached by index, and a path past the end is missing', () => {
  assert.deepEqual(valueAt([{ name: 'a' }], '$[0].name'), { isPresent: true, value: 'a' });
  assert.deepEqual(valueAt([], '$[0].name'), { isPresent: false });
  assert.deepEqual(valueAt({ a: null }, '$.a'), { isPresent: true, value: null });
  assert.deepEqual(valueAt({ a: 1 }, '$.constructor'), { isPresent: false }, 'only the JSON\u2019s own keys');
});

test('a header the expectation names must be there and match', () => {
  const e = expect({ body: '.', headers: { 'content-type': '^application/json' } });
  assert.deepEqual(responseProblems(e, answer('{}')), ['The content-type header is missing; expected one matching /^application/json/.']);
  assert.deepEqual(responseProblems(e, answer('{}', 200, { 'content-type': 'text/plain' })), ['The content-type header is "text/plain", expected to match /^application/json/.']);
});

test('a check whose answers a handler returning nothing could pass is refused, saying why', () => {
  const statusOnly = parseWith(responseCheckSchema, [{ path: '/', expect: { status: 200 } }]);
  assert.equal(statusOnly.ok, false);
  assert.match(statusOnly.ok ? '' : statusOnly.problem, /\[0\]\.expect: needs body or json/);
  const matchesEmpty = parseWith(responseCheckSchema, [{ path: '/', expect: { body: '^.*$' } }]);
  assert.match(matchesEmpty.ok ? '' : matchesEmpty.problem, /matches an empty body/);
  const broken = parseWith(responseCheckSchema, [{ path: '/', expect: { body: '(' } }]);
  assert.match(broken.ok ? '' : broken.problem, /\[0\]\.expect\.body: is not a valid regular expression/);
  const badPath = parseWith(responseCheckSchema, [{ path: 'users', expect: { body: 'x' } }]);
  assert.match(badPath.ok ? '' : badPath.problem, /\[0\]\.path: must start with \//);
});
