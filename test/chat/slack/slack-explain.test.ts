/**
 * The "Explain" button on Slack, end to end: the Slack part on the one HTTP server against the fake
 * Slack, the real `openai` client against the fake OpenAI-compatible server. The answer is posted
 * before the model is asked anything; the click answers only the one who clicked, grounded, with
 * both verdicts where the model and the rules disagree and the cited papers from the corpus.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ANSWER_ACTIONS } from '../../../src/chat/slack/render-answer.ts';
import { messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { explanationReply, SERVER_ERROR_500, startFakeOpenAI, type FakeOpenAI } from '../../llm/fake-openai.ts';
import { FakeSlack } from './fake-slack.ts';
import { answeredIds, startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { blockAction, interactionBody, sendSigned, slashCommandBody } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
const KEY = 'sk-slack-SENTINEL-31337';
let openai: FakeOpenAI;
let slack: FakeSlack;
let h: Harness;

before(async () => {
  openai = await startFakeOpenAI();
  slack = await new FakeSlack().start();
  h = await startHarness({ slack, lexical: true, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openai.baseURL, MECHANISTIC_LLM_MODEL: 'llama3.1:8b' } });
});
after(async () => {
  await h?.close();
  await openai?.close();
});

type Blocks = { type: string; elements?: { action_id: string; value: string }[] }[];

async function askAndClick(question: string, target: string) {
  await sendSigned(h.eventsUrl, slashCommandBody(question, slack.responseUrl(`${target}-q`)), FORM, { secret: SIGNING_SECRET });
  const answer = await slack.waitFor('the answer', () => slack.calls.find((c) => c.method === 'response_url' && c.target === `${target}-q` && c.status === 200));
  const buttons = Object.fromEntries(((answer.body.blocks as Blocks).find((b) => b.type === 'actions')?.elements ?? []).map((e) => [e.action_id, e.value]));
  return {
    buttons,
    id: answeredIds(h).at(-1)!,
    click: async () => {
      const res = await sendSigned(
        h.eventsUrl,
        interactionBody(blockAction({ actionId: ANSWER_ACTIONS.explain, value: buttons[ANSWER_ACTIONS.explain]!, messageTs: '1700009100.000100', responseUrl: slack.responseUrl(target) })),
        FORM,
        { secret: SIGNING_SECRET },
      );
      assert.equal(res.status, 200);
      return slack.waitFor('the explanation', () => slack.calls.find((c) => c.method === 'response_url' && c.target === target && c.status === 200));
    },
  };
}

test('Explain: the answer is out before the model is asked; the click explains it to the clicker only', async () => {
  openai.requests.length = 0;
  const q = await askAndClick('we patch attention heads from a clean run into a corrupted run', 'explain1');
  assert.ok(q.buttons[ANSWER_ACTIONS.explain], 'an Explain button when an LLM is configured');
  assert.equal(openai.requests.length, 0, 'answering asked the model nothing');
  const stored = (await h.store.answers.get(q.id))!.answer!;
  const cited = stored.precedents[0]!;
  openai.script(
    explanationReply({
      verdicts: { narrowTechnical: { verdict: stored.definitions.narrowTechnical.applies === true ? 'no' : 'yes', reason: 'The model reads the evidence differently.' } },
      explanation: `Patching swaps activations [${cited.id}]. See https://evil.example/paper for more.`,
      cites: [cited.id],
    }),
  );
  const reply = await q.click();
  assert.equal(reply.body.response_type, 'ephemeral');
  assert.deepEqual(messageProblems(reply.body), []);
  const text = JSON.stringify(reply.body.blocks);
  assert.match(text, /In plain words/);
  assert.match(text, /Patching swaps activations \[1\]/);
  assert.match(text, /Narrow technical: the model says (yes|no), the rules say/);
  assert.ok(text.includes(cited.url), 'the corpus link of the cited paper');
  assert.ok(!text.includes('evil.example'), 'links come from the corpus only');
  assert.equal(openai.requests[0]!.headers.authorization, `Bearer ${KEY}`);
  assert.ok(!h.logs.join('').includes(KEY), 'the key is never logged');
});

test('Explain when the model fails: a short note to the clicker; the answer stands', async () => {
  const q = await askAndClick('sparse autoencoders find features in the residual stream', 'explain2');
  openai.script(SERVER_ERROR_500);
  const reply = await q.click();
  assert.equal(reply.body.response_type, 'ephemeral');
  assert.match(JSON.stringify(reply.body.blocks), /No explanation: the explanation service failed \(HTTP 500\)/);
});
