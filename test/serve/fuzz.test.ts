/**
 * Bounded fuzzing of the ask path and the HTTP API with seeded random and malformed input:
 * nothing crashes, and every API response is JSON holding either an answer or an error.
 */
import assert from 'node:assert/strict';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { QuestionError } from '../../src/core/input.ts';
import { DEFINITION_KEYS, type Answer } from '../../src/core/types.ts';
import { parseAskParams } from '../../src/serve/ask-params.ts';
import { startTestServe } from './harness.ts';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const FRAGMENTS = [
  'activation patching', 'probing', 'sparse autoencoder', 'induction heads', 'arXiv:2410.09087', '2202.05262',
  'https://aclanthology.org/P19-1452/', 'https://arxiv.org/abs/1905.05950v2', '10.18653/v1/N19-1419', 'doi:10.1000/xyz',
  'P19-1452', 'https://example.com/?q=<script>', '<img src=x onerror=alert(1)>', "'; DROP TABLE answered_question; --",
  '\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629', '日本語のモデル', '🙂🧠🔬', '\ud800', '\udfff', '\u0000', '\t\n\r', '%00%ff',
  'NaN', '-1', '1e309', '{"q":1}', '[[[[[[', '\\u0000', 'Is it mechanistic?', 'BERT rediscovers the classical NLP pipeline',
  'Title: X\nAbstract: we probe', ' ', '.', 'a'.repeat(300), 'é'.repeat(50),
];

function randomText(r: ReturnType<typeof rng>): string {
  const parts: string[] = [];
  const n = r.int(6);
  for (let i = 0; i < n; i++) {
    const kind = r.int(4);
    if (kind === 0) parts.push(r.pick(FRAGMENTS));
    else if (kind === 1) parts.push(String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0x10000))));
    else if (kind === 2) parts.push(String.fromCharCode(...Array.from({ length: r.int(80) }, () => 32 + r.int(95))));
    else parts.push(r.pick(FRAGMENTS).repeat(1 + r.int(r.next() < 0.02 ? 2000 : 3)));
  }
  return parts.join(r.pick([' ', '', '\n', '/', ':']));
}

function randomParam(r: ReturnType<typeof rng>): unknown {
  return r.pick([undefined, '', '0', '1', '10', '50', '51', '-3', '2.5', 'abc', String(r.int(20_000)), 7, 3.5, null, true, [], {}]);
}

function assertAnswerShape(a: Answer, limit = 10) {
  assert.deepEqual(Object.keys(a.definitions).sort(), [...DEFINITION_KEYS].sort());
  assert.ok(Array.isArray(a.concepts) && Array.isArray(a.notices));
  assert.ok(a.precedents.length <= limit && a.related.length <= limit);
}

test('the ask path survives 2000 random and malformed inputs', async () => {
  const config = loadConfig({ MECHANISTIC_DATA_DIR: '/nonexistent-not-used' });
  const m = await openMechanistic(config, { dense: false });
  const r = rng(20241025);
  let answered = 0;
  let refused = 0;
  for (let i = 0; i < 2000; i++) {
    const raw = {
      q: r.next() < 0.05 ? randomParam(r) : randomText(r),
      limit: r.next() < 0.3 ? randomParam(r) : undefined,
      offset: r.next() < 0.3 ? randomParam(r) : undefined,
    };
    const parsed = parseAskParams(raw);
    if (!parsed.ok) {
      assert.ok(parsed.code && parsed.message.length > 10, JSON.stringify(raw).slice(0, 200));
      refused++;
      continue;
    }
    try {
      assertAnswerShape(await m.ask(parsed.question), parsed.question.limit ?? 10);
      answered++;
    } catch (e) {
      assert.ok(e instanceof QuestionError, `input ${i} ${JSON.stringify(raw).slice(0, 200)}: ${(e as Error).stack}`);
      refused++;
    }
  }
  assert.ok(answered > 500 && refused > 100, `answered ${answered}, refused ${refused}`);
});

interface Reply {
  status: number;
  type: string;
  body: string;
}

function send(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ agent, hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the HTTP API answers 2000 random requests and 300 raw malformed ones with JSON, and stays up', async (t) => {
  const s = await startTestServe({ MECHANISTIC_RATE_LIMIT_USER: '1000000', MECHANISTIC_MAX_BODY_BYTES: '4096' });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  t.after(async () => {
    agent.destroy();
    await s.running.stop();
  });
  await s.running.ready;
  const r = rng(90210);
  const paths = ['/api/ask', '/api/ask', '/api/ask', '/healthz', '/readyz', '/api/ask/', '/API/ASK', '/api', '/slack/events', '/nope'];
  const methods = ['GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND'];
  const types = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''];
  const statuses = new Map<number, number>();
  for (let i = 0; i < 2000; i++) {
    const method = r.pick(methods);
    const params = new URLSearchParams();
    for (let k = r.int(4); k > 0; k--) params.append(r.pick(['q', 'q', 'limit', 'offset', 'x', '']), randomText(r).slice(0, 500));
    const path = `${r.pick(paths)}${r.next() < 0.8 ? `?${params}` : r.pick(['?', '?q', '?q=%', '?%zz=1', '#frag', '?q=%E0%A4%A'])}`;
    const headers: Record<string, string> = {};
    let body: Buffer | undefined;
    if (method !== 'GET' && r.next() < 0.8) {
      const json = { q: r.next() < 0.9 ? randomText(r) : randomParam(r), limit: randomParam(r), offset: randomParam(r) };
      const text = r.pick([JSON.stringify(json), JSON.stringify(json).slice(0, r.int(40)), randomText(r), 'x'.repeat(5000), 'null', '[]', '"q"']);
      body = Buffer.from(text);
      const type = r.pick(types);
      if (type) headers['content-type'] = type;
    }
    const reply = await send(agent, s.url, method, path, headers, body);
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    const where = `${method} ${path.slice(0, 120)} -> ${reply.status}`;
    assert.ok(reply.status < 500, `${where}: ${reply.body.slice(0, 300)}`);
    assert.match(reply.type, /^application\/json/, where);
    const parsed = JSON.parse(reply.body) as Record<string, any>;
    if (reply.status === 200) assert.ok(parsed.definitions || parsed.status, where);
    else assert.ok(typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string', where);
  }
  assert.ok((statuses.get(200) ?? 0) > 100, JSON.stringify([...statuses]));
  assert.ok((statuses.get(400) ?? 0) > 100, JSON.stringify([...statuses]));

  const { hostname, port } = new URL(s.url);
  for (let i = 0; i < 300; i++) {
    const junk = r.pick([
      () => Buffer.from(Array.from({ length: 1 + r.int(300) }, () => r.int(256))),
      () => Buffer.from(`GET ${randomText(r).slice(0, 100)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      () => Buffer.from(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: ${r.pick(['-1', 'abc', '99999999999', '5, 6'])}\r\n\r\nhello`),
      () => Buffer.from(`GET /api/ask?q=x HTTP/1.1\r\n${'X: y\r\n'.repeat(r.int(3000))}\r\n`),
      () => Buffer.from(`GET /api/ask?q=probing HTTP/9.9\r\nHost: x\r\n\r\n`),
    ])();
    const out = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), hostname, () => socket.end(junk));
      let text = '';
      socket.on('data', (d) => (text += d.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.setTimeout(5000, () => socket.destroy());
    });
    // Every byte the server sends back is a complete HTTP response with a JSON body (or nothing, if
    // the client's bytes were not even a request start).
    for (const response of out.split(/(?=HTTP\/1\.1 \d{3} )/).filter(Boolean)) {
      const [head, ...rest] = response.split('\r\n\r\n');
      assert.match(head!, /^HTTP\/1\.1 [1-5]\d\d /, JSON.stringify(response.slice(0, 200)));
      assert.doesNotMatch(head!, /^HTTP\/1\.1 5/, response.slice(0, 300));
      assert.match(head!, /content-type: application\/json/i, `${head}\nfor ${JSON.stringify(junk.toString('latin1').slice(0, 300))}`);
      JSON.parse(rest.join('\r\n\r\n').replace(/^[0-9a-f]+\r\n|\r\n0\r\n$/gi, '') || '{}');
    }
  }
  const health = await fetch(`${s.url}/healthz`);
  assert.equal(health.status, 200);
});
