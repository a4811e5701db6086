/**
 * The web page's explanation, as a client sees it: /api/ask answers (with the answer id) before the
 * model is asked anything; /api/explain then asks the fake OpenAI-compatible server through the
 * real client and returns the grounded explanation with the cited papers as the corpus has them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Answer } from '../../src/core/types.ts';
import { explanationReply, SERVER_ERROR_500, startFakeOpenAI, type FakeOpenAI } from '../llm/fake-openai.ts';
import { startTestServe } from './harness.ts';

const KEY = 'sk-web-SENTINEL-77aa';
const QUESTION = 'We patch activations from a clean run into a corrupted run to find the heads that matter';

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());

const llmEnv = () => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseURL, MECHANISTIC_LLM_MODEL: 'llama-3.1-8b-instruct' });

async function askWeb(url: string) {
  const res = await fetch(`${url}/api/ask?q=${encodeURIComponent(QUESTION)}`);
  return { res, answer: (await res.json()) as Answer };
}

function explainPost(url: string, body: unknown) {
  return fetch(`${url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('/api/ask answers first (with its id); /api/explain then explains it from the papers found', async (t) => {
  const s = await startTestServe(llmEnv());
  t.after(() => s.running.stop());
  await s.running.ready;
  fake.requests.length = 0;
  const { res, answer } = await askWeb(s.url);
  assert.equal(res.status, 200);
  const id = res.headers.get('x-answer-id')!;
  assert.match(id, /^[A-Za-z0-9_-]{12}$/);
  assert.equal(res.headers.get('x-llm-model'), 'llama-3.1-8b-instruct');
  assert.equal(fake.requests.length, 0, 'the answer was out before the model was asked anything');
  assert.equal((answer as Answer & { explanation?: unknown }).explanation, undefined, 'the ask contract is unchanged');

  const cited = answer.precedents[1]!;
  fake.script(
    explanationReply({
      verdicts: { narrowTechnical: { verdict: 'no', reason: 'The model disagrees here.' } },
      explanation: `Patching swaps activations between runs [${cited.id}]. A paper called "Made Up Title Here" did it first.`,
      cites: [cited.id, 'madeup2021'],
    }),
  );
  const r = await explainPost(s.url, { id, q: QUESTION });
  assert.equal(r.status, 200);
  const body = (await r.json()) as { explanation: { text: string; cites: string[]; dropped: number; verdicts: Record<string, { agrees: boolean }> }; papers: Answer['precedents'] };
  assert.deepEqual(body.explanation.cites, [cited.id]);
  assert.equal(body.explanation.dropped, 2);
  assert.deepEqual(body.papers, [cited], 'title, year and link from the corpus');
  assert.equal(body.explanation.verdicts.narrowTechnical!.agrees, answer.definitions.narrowTechnical.applies === false);
  assert.ok(fake.requests[0]!.body.messages[1]!.content.includes(QUESTION), 'the asker’s question went to the model, fenced');

  const again = await (await fetch(`${s.url}/api/explain?id=${id}`)).json();
  assert.deepEqual(again, body, 'a reload reads the stored explanation');
  assert.equal(fake.requests.length, 1);

  const calls = s.logLines().filter((l) => l.event === 'llm_call');
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.model, 'llama-3.1-8b-instruct');
  assert.ok(!s.logText().includes(KEY), 'the key is never logged (the config line redacts it)');
});

test('/api/explain: the model failing leaves the answer with a notice; unknown and malformed ids are refused', async (t) => {
  const s = await startTestServe(llmEnv());
  t.after(() => s.running.stop());
  await s.running.ready;
  const { res } = await askWeb(s.url);
  fake.script(SERVER_ERROR_500);
  const r = await explainPost(s.url, { id: res.headers.get('x-answer-id') });
  assert.equal(r.status, 200);
  const body = (await r.json()) as { explanation: null; notices: string[] };
  assert.equal(body.explanation, null);
  assert.match(body.notices[0]!, /HTTP 500.*rule-based/);
  const unknown = await fetch(`${s.url}/api/explain?id=nosuchanswer1`);
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'unknown_answer');
  const bad = await fetch(`${s.url}/api/explain?id=${encodeURIComponent('../../etc')}`);
  assert.equal(bad.status, 400);
});

test('without an LLM configured: no model header, and /api/explain says explanations are off', async (t) => {
  const s = await startTestServe();
  t.after(() => s.running.stop());
  await s.running.ready;
  const { res } = await askWeb(s.url);
  assert.ok(res.headers.get('x-answer-id'));
  assert.equal(res.headers.get('x-llm-model'), null);
  const r = await fetch(`${s.url}/api/explain?id=${res.headers.get('x-answer-id')}`);
  assert.equal(r.status, 404);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'llm_off');
});
