/**
 * Buttons read the stored answer: a click never reaches the retriever, and an answer's buttons keep
 * working in a new process with a freshly loaded corpus (a reload, a restart) over the same store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_ACTIONS } from '../../../src/chat/slack/render-answer.ts';
import { messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { countingMechanistic } from '../../helpers/part-deps.ts';
import { FakeSlack } from './fake-slack.ts';
import { answeredIds, startHarness, SIGNING_SECRET } from './harness.ts';
import { blockAction, interactionBody, sendSigned, slashCommandBody } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';

test('a button click makes zero retriever calls and still works after the corpus is reloaded', async (t) => {
  const slack = await new FakeSlack().start();
  t.after(() => slack.close());
  const first = countingMechanistic();
  let h = await startHarness({ slack, mechanistic: first.mechanistic });
  const asked = await sendSigned(h.eventsUrl, slashCommandBody('probing classifiers on hidden states', slack.responseUrl('q1')), FORM, { secret: SIGNING_SECRET });
  assert.equal(asked.status, 200);
  const answer = await slack.waitFor('the answer', () => slack.calls.find((c) => c.method === 'response_url' && c.target === 'q1' && c.status === 200));
  assert.ok(first.calls() > 0, 'the question itself was answered by the retriever');
  const actions = (answer.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
  const buttons = Object.fromEntries((actions?.elements ?? []).map((e) => [e.action_id, e.value]));
  const stored = await h.store.answers.get(answeredIds(h).at(-1)!);
  assert.ok(stored?.answer && stored.answer.precedents.length >= 10);

  // A new process: a freshly loaded corpus, the same database.
  await h.close({ keepSlack: true });
  const reloaded = countingMechanistic();
  h = await startHarness({ slack, dataDir: h.dataDir, mechanistic: reloaded.mechanistic });
  t.after(() => h.close({ keepSlack: true }));
  const click = async (actionId: string, target: string) => {
    const res = await sendSigned(
      h.eventsUrl,
      interactionBody(blockAction({ actionId, value: buttons[actionId]!, messageTs: '1700009000.000100', responseUrl: slack.responseUrl(target) })),
      FORM,
      { secret: SIGNING_SECRET },
    );
    assert.equal(res.status, 200);
  };

  await click(ANSWER_ACTIONS.more, 'more');
  const more = await slack.waitFor('page 2', () => slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700009000.000100'));
  const text = JSON.stringify(more.body.blocks);
  assert.match(text, /Earlier work in NLP interpretability\* \(6–10\)/);
  for (const p of stored.answer.precedents.slice(5, 10)) assert.ok(text.includes(p.url), `page 2 is the stored answer's precedent ${p.id}`);
  assert.deepEqual(messageProblems(more.body), []);

  await click(ANSWER_ACTIONS.why, 'why');
  const why = await slack.waitFor('why', () => slack.calls.find((c) => c.method === 'response_url' && c.target === 'why' && c.status === 200));
  assert.match(JSON.stringify(why.body.blocks), /Narrow technical/);

  await click(ANSWER_ACTIONS.bibtex, 'bib');
  const bib = await slack.waitFor('bibtex', () => slack.calls.find((c) => c.method === 'response_url' && c.target === 'bib' && c.status === 200));
  assert.match(JSON.stringify(bib.body.blocks), /```@\w+\{/);

  await click(ANSWER_ACTIONS.wrong, 'wrong');
  const modal = await slack.waitFor('views.open', () => slack.accepted('views.open').at(-1));
  assert.match(JSON.stringify(modal.body.view), new RegExp(stored.answer.precedents[0]!.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  assert.equal(reloaded.calls(), 0, 'no button reached the retriever');
});
