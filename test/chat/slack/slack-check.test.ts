/**
 * `/mechanistic check <link>` and the "Check its references" button end to end: signed Slack requests
 * into the real Slack part, replies observed at the loopback fake Slack. With MECHANISTIC_NETWORK=off a
 * bare link has no reference list (a short private note); with the network on, Semantic Scholar is a
 * loopback fake serving the real reference list of Meng et al. 2022.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ANSWER_ACTIONS } from '../../../src/chat/slack/render-answer.ts';
import { LOOKING } from '../../../src/chat/slack/handlers.ts';
import { messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { fixture, JSON_TYPE, startFakes, type Fakes } from '../../sources/fakes.ts';
import { startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { blockAction, interactionBody, sendSigned, slashCommandBody } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
const MENG = 'https://arxiv.org/abs/2202.05262';
let offline: Harness;
let online: Harness;
let limited: Harness;
let fakes: Fakes;
let ids = 0;

before(async () => {
  fakes = await startFakes();
  fakes.s2.route('/graph/v1/paper/ARXIV:2202.05262/references', { body: fixture('s2-references-2202.05262.json'), headers: JSON_TYPE });
  offline = await startHarness();
  online = await startHarness({ env: { ...fakes.env, MECHANISTIC_NETWORK: 'on', MECHANISTIC_SOURCE_TIMEOUT_MS: '3000' } });
  limited = await startHarness({ env: { MECHANISTIC_RATE_LIMIT_USER: '2' } });
});
after(async () => {
  for (const h of [offline, online, limited]) await h?.close();
  await fakes?.close();
});

async function slash(h: Harness, text: string) {
  const target = `chk${++ids}`;
  const res = await sendSigned(h.eventsUrl, slashCommandBody(text, h.slack.responseUrl(target)), FORM, { secret: SIGNING_SECRET });
  assert.equal(res.status, 200);
  // Acknowledged at once; a check or a question says, to the asker only, that the answer follows.
  const takesAMoment = !/^(help|check)\s*$/.test(text);
  assert.deepEqual(res.text === '' ? null : JSON.parse(res.text), takesAMoment ? LOOKING : null);
  return h.slack.waitFor(`a response_url post to ${target}`, () => h.slack.calls.find((c) => c.method === 'response_url' && c.target === target && c.status === 200));
}

const all = (v: unknown) => JSON.stringify(v);

test('check of a bare link with the network off: a short note, only to the asker, that there are no references', async () => {
  const r = await slash(offline, `check ${MENG}`);
  assert.equal(r.body.response_type, 'ephemeral');
  assert.match(r.body.text, /^No references to check: can't fetch the paper's reference list/);
  assert.doesNotMatch(r.body.text, /Reference: /, 'a user-side problem, not an incident');
  assert.deepEqual(messageProblems(r.body), []);
});

test('check without a link says what to give, privately', async () => {
  const r = await slash(offline, 'check');
  assert.equal(r.body.response_type, 'ephemeral');
  assert.match(r.body.text, /\/mechanistic check needs a paper's link or id/);
});

test('help lists check', async () => {
  const r = await slash(offline, 'help');
  assert.match(all(r.body.blocks), /\/mechanistic check &lt;arXiv\/ACL\/DOI link or id&gt;/);
});

test('check of a corpus paper: its Semantic Scholar references against the precedents, in the channel', async () => {
  const r = await slash(online, `check ${MENG}`);
  assert.equal(r.body.response_type, 'in_channel');
  assert.deepEqual(messageProblems(r.body), []);
  const blocks = all(r.body.blocks);
  assert.match(blocks, /Reference check: Locating and Editing Factual Associations in GPT/);
  assert.match(blocks, /\*Narrow technical\*: (yes|no|can't tell) · \*Broad technical\*/);
  assert.match(blocks, /\*Activation patching\*: cites \d+ of \d+ earlier precedents/i);
  assert.match(blocks, /✓ <[^|]+\|[^>]*Amnesic/i, 'Elazar et al. 2021 is cited');
  assert.match(blocks, /✗ <[^>]+> \(Atticus Geiger et al., 2020\)/, 'Geiger et al. 2020 is not');
  assert.match(blocks, /References \(from Semantic Scholar\): 6 read, 6 matched to corpus papers, 0 not in the corpus/);
  assert.ok(fakes.s2.requests.some((q) => q.path.startsWith('/graph/v1/paper/ARXIV:2202.05262/references')));
});

test('"Check its references" on an answer about a paper runs the check for that paper, for the one who clicked', async () => {
  const answer = await slash(online, MENG);
  const actions = (answer.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
  const value = actions?.elements?.find((e) => e.action_id === ANSWER_ACTIONS.check)?.value;
  assert.ok(value, 'an answer about a paper offers the check');
  const target = `btn${++ids}`;
  await sendSigned(online.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.check, value, messageTs: '1700009000.000100', responseUrl: online.slack.responseUrl(target) })), FORM, { secret: SIGNING_SECRET });
  const r = await online.slack.waitFor('the check', () => online.slack.calls.find((c) => c.method === 'response_url' && c.target === target && c.status === 200));
  assert.equal(r.body.response_type, 'ephemeral');
  assert.deepEqual(messageProblems(r.body), []);
  assert.match(all(r.body.blocks), /Reference check: Locating and Editing/);
  assert.match(all(r.body.blocks), /References \(from Semantic Scholar\): 6 read/);
  // The check is stored with the answer; a second click shows that stored check again, and checks nothing anew.
  const checkRows = () => online.store.db.prepare('SELECT id, answer_id FROM reference_check').all() as { id: string; answer_id: string | null }[];
  const rows = checkRows().filter((c) => c.answer_id !== null);
  assert.equal(rows.length, 1);
  const again = `btn${++ids}`;
  await sendSigned(online.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.check, value, messageTs: '1700009000.000100', responseUrl: online.slack.responseUrl(again) })), FORM, { secret: SIGNING_SECRET });
  const r2 = await online.slack.waitFor('the check again', () => online.slack.calls.find((c) => c.method === 'response_url' && c.target === again && c.status === 200));
  assert.deepEqual(r2.body.blocks, r.body.blocks);
  assert.deepEqual(checkRows().filter((c) => c.answer_id !== null), rows, 'no second check stored');
});

test('an answer about no paper has no "Check its references" button', async () => {
  const answer = await slash(offline, 'is activation patching just causal mediation analysis?');
  assert.doesNotMatch(all(answer.body.blocks), new RegExp(ANSWER_ACTIONS.check));
});

test('a check counts against the same per-user question limit as a question', async () => {
  await slash(limited, 'probing classifiers on hidden states');
  const first = await slash(limited, `check ${MENG}`);
  assert.match(first.body.text, /No references to check/);
  const second = await slash(limited, `check ${MENG}`);
  assert.equal(second.body.response_type, 'ephemeral');
  assert.match(second.body.text, /You have asked more than 2 questions in a minute/);
});
