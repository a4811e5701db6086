/**
 * GET/POST /api/ask, /healthz and /readyz on the real serve, as a client sees them.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { databasePath, openSqliteStore } from '../../src/store/sqlite.ts';
import { DEFINITION_KEYS, type Answer } from '../../src/core/types.ts';
import { MAX_QUESTION_CHARS } from '../../src/serve/ask-params.ts';
import { startTestServe } from './harness.ts';

const QUESTION = 'We patch activations from a clean run into a corrupted run to find the heads that matter';

async function getJson(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

test('before the model is loaded: alive, not ready, and /api/ask answers 503 with Retry-After', async (t) => {
  const s = await startTestServe({}, { holdLoad: true });
  t.after(() => s.running.stop());
  assert.deepEqual((await getJson(`${s.url}/healthz`)).body, { status: 'ok' });
  const readyz = await getJson(`${s.url}/readyz`);
  assert.equal(readyz.status, 503);
  assert.equal(readyz.headers.get('retry-after'), '5');
  const ask = await getJson(`${s.url}/api/ask?q=probing`);
  assert.equal(ask.status, 503);
  assert.equal(ask.headers.get('retry-after'), '5');
  assert.equal(ask.body.error.code, 'not_ready');
  s.release();
  await s.running.ready;
  const ready = await getJson(`${s.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.equal(ready.body.status, 'ready');
  assert.ok(ready.body.papers > 0 && ready.body.concepts > 0);
  assert.equal((await getJson(`${s.url}/api/ask?q=probing`)).status, 200);
});

test('/api/ask returns the answer contract, paged by limit and offset', async (t) => {
  const s = await startTestServe();
  t.after(() => s.running.stop());
  await s.running.ready;
  const q = encodeURIComponent(QUESTION);
  const { status, body } = await getJson(`${s.url}/api/ask?q=${q}`);
  assert.equal(status, 200);
  const a = body as Answer;
  assert.deepEqual(Object.keys(a).sort(), ['concepts', 'definitions', 'notices', 'paper', 'precedents', 'query', 'related']);
  assert.deepEqual(Object.keys(a.definitions).sort(), [...DEFINITION_KEYS].sort());
  assert.ok(a.concepts.some((c) => c.id === 'activation-patching'), JSON.stringify(a.concepts));
  assert.ok(a.precedents.length >= 2 && a.precedents.length <= 10);
  for (const p of [...a.precedents, ...a.related]) {
    for (const k of ['id', 'title', 'authors', 'year', 'venue', 'url', 'community', 'why', 'score']) assert.notEqual((p as any)[k], null, k);
    assert.match(p.url, /^https:\/\//);
  }
  const two = (await getJson(`${s.url}/api/ask?q=${q}&limit=2`)).body as Answer;
  assert.equal(two.precedents.length, 2);
  const second = (await getJson(`${s.url}/api/ask?q=${q}&limit=1&offset=1`)).body as Answer;
  assert.equal(second.precedents[0]!.id, two.precedents[1]!.id);
});

test('POST /api/ask takes a JSON body and gives the same answer as GET', async (t) => {
  const s = await startTestServe();
  t.after(() => s.running.stop());
  await s.running.ready;
  const post = await getJson(`${s.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ q: QUESTION, limit: 3 }),
  });
  const get = await getJson(`${s.url}/api/ask?q=${encodeURIComponent(QUESTION)}&limit=3`);
  assert.equal(post.status, 200);
  assert.deepEqual(post.body, get.body);
});

test('bad input gets 400 (or 415) with an error object that says what to do', async (t) => {
  const s = await startTestServe();
  t.after(() => s.running.stop());
  await s.running.ready;
  const cases: [string, RequestInit | undefined, number, string][] = [
    ['/api/ask', undefined, 400, 'missing_query'],
    ['/api/ask?q=', undefined, 400, 'missing_query'],
    ['/api/ask?q=a&q=b', undefined, 400, 'bad_parameter'],
    ['/api/ask?q=probing&limit=0', undefined, 400, 'bad_parameter'],
    ['/api/ask?q=probing&offset=x', undefined, 400, 'bad_parameter'],
    ['/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: 'a'.repeat(MAX_QUESTION_CHARS + 1) }) }, 400, 'query_too_long'],
    ['/api/ask?q=%00%01%02%03', undefined, 400, 'binary_query'],
    ['/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q": ' }, 400, 'bad_json'],
    ['/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '["probing"]' }, 400, 'bad_json'],
    ['/api/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'probing' }, 415, 'unsupported_media_type'],
  ];
  for (const [path, init, status, code] of cases) {
    const r = await getJson(`${s.url}${path}`, init);
    assert.equal(r.status, status, path);
    assert.equal(r.body.error.code, code, path);
    assert.ok(r.body.error.message.length > 10, path);
  }
});

test('the per-user limit answers 429 with Retry-After and a clear message; proxied users are told apart only when trusted', async (t) => {
  const trusted = await startTestServe({ MECHANISTIC_RATE_LIMIT_USER: '2', MECHANISTIC_TRUST_PROXY: 'true' });
  const untrusted = await startTestServe({ MECHANISTIC_RATE_LIMIT_USER: '2' });
  t.after(() => Promise.all([trusted.running.stop(), untrusted.running.stop()]));
  await Promise.all([trusted.running.ready, untrusted.running.ready]);
  const ask = (url: string, user: string) => getJson(`${url}/api/ask?q=probing`, { headers: { 'x-forwarded-for': user } });
  assert.equal((await ask(trusted.url, '10.0.0.1')).status, 200);
  assert.equal((await ask(trusted.url, '10.0.0.1')).status, 200);
  const refused = await ask(trusted.url, '10.0.0.1');
  assert.equal(refused.status, 429);
  assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  assert.equal(refused.body.error.code, 'rate_limited');
  assert.match(refused.body.error.message, /more than 2 questions in a minute/);
  assert.equal((await ask(trusted.url, '10.0.0.2')).status, 200, 'another user behind the proxy');
  assert.equal((await ask(untrusted.url, '10.0.0.1')).status, 200);
  assert.equal((await ask(untrusted.url, '10.0.0.2')).status, 200);
  assert.equal((await ask(untrusted.url, '10.0.0.3')).status, 429, 'a forged header does not make a new user');
});

test('one log line per answered question: latency, platform, concepts, and no question text unless opted in', async (t) => {
  const quiet = await startTestServe();
  const chatty = await startTestServe({ MECHANISTIC_LOG_QUESTION_TEXT: 'true' });
  t.after(() => Promise.all([quiet.running.stop(), chatty.running.stop()]));
  await Promise.all([quiet.running.ready, chatty.running.ready]);
  const secretQuestion = 'Zyxwvut probing classifiers on hidden states';
  await getJson(`${quiet.url}/api/ask?q=${encodeURIComponent(secretQuestion)}`);
  await getJson(`${chatty.url}/api/ask?q=${encodeURIComponent(secretQuestion)}`);
  const answered = quiet.logLines().filter((l) => l.event === 'answered');
  assert.equal(answered.length, 1);
  const line = answered[0]!;
  assert.equal(line.platform, 'web');
  assert.equal(typeof line.latencyMs, 'number');
  assert.ok(Array.isArray(line.concepts) && (line.concepts as string[]).includes('probing'), JSON.stringify(line));
  assert.ok(!quiet.logText().includes('Zyxwvut'), 'the question text is not logged');
  const chattyLine = chatty.logLines().find((l) => l.event === 'answered')!;
  assert.equal(chattyLine.question, secretQuestion);
});

test('web questions are recorded in the answer log (platform web, no text)', async (t) => {
  const s = await startTestServe();
  await s.running.ready;
  await getJson(`${s.url}/api/ask?q=${encodeURIComponent(QUESTION)}`);
  await s.running.stop();
  const store = openSqliteStore(databasePath(s.dataDir));
  t.after(() => store.close());
  const ids = store.db.prepare('SELECT id FROM answer').pluck().all() as string[];
  assert.equal(ids.length, 1);
  const row = (await store.answers.get(ids[0]!))!;
  assert.deepEqual(row.origin, { platform: 'web', workspaceId: null, channelId: null, userId: null }, 'the client address is not stored');
  assert.equal(row.queryText, null);
  assert.ok(row.answer?.concepts.some((c) => c.id === 'activation-patching'));
  assert.equal((await store.answers.surfacedSince(new Date(0))).questions, 1, 'the digest counts it');
});

test('secrets in the configuration never reach the logs', async () => {
  const secrets = {
    SLACK_BOT_TOKEN: 'xoxb-SENTINEL-bot-0001',
    SLACK_SIGNING_SECRET: 'SENTINEL-signing-0002',
    SLACK_APP_TOKEN: 'xapp-SENTINEL-app-0003',
    DISCORD_TOKEN: 'SENTINEL.discord.0004',
    DISCORD_APP_ID: '123',
    OPENAI_API_KEY: 'sk-SENTINEL-0005',
  };
  const s = await startTestServe(secrets);
  await s.running.ready;
  await fetch(`${s.url}/api/ask?q=probing`);
  await fetch(`${s.url}/api/ask?q=probing&limit=0`);
  await s.running.stop();
  const text = s.logText();
  assert.match(text, /"event":"config"/);
  assert.match(text, /\[redacted\]/);
  for (const value of Object.values(secrets).filter((v) => v.includes('SENTINEL'))) assert.ok(!text.includes(value), value);
  assert.ok(!text.includes('SENTINEL'));
});

test('stop() lets a question whose body is still arriving be answered and recorded, then closes', async () => {
  const s = await startTestServe();
  await s.running.ready;
  const { hostname, port } = new URL(s.url);
  const body = JSON.stringify({ q: QUESTION });
  const socket = connect(Number(port), hostname);
  let response = '';
  socket.on('data', (d) => (response += d.toString()));
  const ended = new Promise<void>((r) => socket.on('close', () => r()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.write(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
  await waitFor('the request to be in flight', () => s.running.http.inFlight() > 0);
  const stopped = s.running.stop();
  await assert.rejects(fetch(`${s.url}/healthz`), 'no new connections while stopping');
  socket.write(body.slice(10));
  await stopped;
  await ended;
  assert.match(response, /^HTTP\/1\.1 200/);
  const answer = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Answer;
  assert.ok(answer.concepts.some((c) => c.id === 'activation-patching'));
  const store = openSqliteStore(databasePath(s.dataDir));
  assert.equal((await store.answers.surfacedSince(new Date(0))).questions, 1);
  await store.close();
});

/** Polls until the condition holds; fails after 10 s instead of hanging. */
async function waitFor(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('stop() right after 8 requests arrived, before they were read: all 8 are answered, and the log counts them', async () => {
  const s = await startTestServe();
  await s.running.ready;
  const { hostname, port } = new URL(s.url);
  const sockets = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const socket = connect(Number(port), hostname);
      let response = '';
      socket.on('data', (d) => (response += d.toString()));
      const ended = new Promise<string>((r) => socket.on('close', () => r(response)));
      await new Promise<void>((r) => socket.once('connect', () => r()));
      return { socket, ended };
    }),
  );
  // The server has accepted the connections; now every request arrives and stop() follows in the
  // same turn of the event loop, before the server has read a byte of them.
  await new Promise((r) => setTimeout(r, 50));
  for (const [n, { socket }] of sockets.entries()) {
    socket.write(`GET /api/ask?q=${encodeURIComponent(`${QUESTION} ${n}`)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  }
  await s.running.stop();
  const responses = await Promise.all(sockets.map((x) => x.ended));
  for (const r of responses) assert.match(r, /^HTTP\/1\.1 200/, r.slice(0, 80));
  assert.equal(s.logLines().find((l) => l.event === 'stopping')?.inFlight, 8);
});

test('past MECHANISTIC_MAX_PENDING the API answers 503 overloaded with Retry-After at once', async () => {
  const s = await startTestServe({ MECHANISTIC_MAX_PENDING: '1', MECHANISTIC_RATE_LIMIT_USER: '100' }, { slowAnswers: true });
  await s.running.ready;
  const first = fetch(`${s.url}/api/ask?q=${encodeURIComponent(QUESTION)}`);
  await waitFor('the first question to be answering', () => s.answering() > 0);
  const second = await getJson(`${s.url}/api/ask?q=probing`);
  assert.equal(second.status, 503);
  assert.equal(second.body.error.code, 'overloaded');
  assert.ok(Number(second.headers.get('retry-after')) > 0);
  s.release();
  assert.equal((await first).status, 200);
  await s.running.stop();
});
