/**
 * End to end over real HTTP: signed Slack requests into the part mounted on our HTTP server,
 * answers observed at a loopback fake Slack (Web API + response_url).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageProblems, modalProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { LOOKING } from '../../../src/chat/slack/handlers.ts';
import { ANSWER_ACTIONS } from '../../../src/chat/slack/render-answer.ts';
import { answeredIds, startHarness, SIGNING_SECRET, BOT_TOKEN, type Harness } from './harness.ts';
import {
  appMentionEvent,
  blockAction,
  CHANNEL,
  interactionBody,
  messageShortcut,
  sendSigned,
  slashCommandBody,
  TEAM,
  USER,
  viewSubmission,
} from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
let h: Harness;
let responseIds = 0;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

async function slash(text: string, over: Record<string, string> = {}): Promise<{ status: number; text: string; target: string }> {
  const target = `cmd${++responseIds}`;
  const res = await sendSigned(h.eventsUrl, slashCommandBody(text, h.slack.responseUrl(target), over), FORM, { secret: SIGNING_SECRET });
  return { ...res, target };
}

function responseFor(target: string) {
  return h.slack.waitFor(`a response_url post to ${target}`, () => h.slack.calls.find((c) => c.method === 'response_url' && c.target === target && c.status === 200));
}

function allText(v: unknown): string {
  return JSON.stringify(v);
}

test('a slash-command question is acknowledged at once and answered in the channel via response_url', async () => {
  const res = await slash('is activation patching just causal mediation analysis?');
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.text), LOOKING, 'the ack says at once, to the asker only, that the answer follows');
  const call = await responseFor(res.target);
  assert.equal(call.body.response_type, 'in_channel');
  assert.deepEqual(messageProblems(call.body), []);
  const text = allText(call.body.blocks);
  assert.match(text, /Is this mechanistic\?/);
  assert.match(text, /Activation patching/);
  assert.match(text, /Earlier work in NLP interpretability\* \(1–5\)/);
  const stored = await h.store.answers.get(answeredIds(h).at(-1)!);
  assert.ok(stored, 'the answer is stored under the id its log line names');
  assert.deepEqual(stored.origin, { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, userId: USER });
  assert.equal(stored.queryText, null, 'question text not kept');
  assert.equal(stored.answer?.query, '', 'nor inside the stored answer');
  assert.ok(stored.answer && stored.answer.precedents.length > 5, 'the whole answer is stored, not just the page shown');
  const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === 'answered' && l.platform === 'slack');
  assert.ok(line && typeof line.latencyMs === 'number' && (line.concepts as string[]).includes('activation-patching'), 'one log line per answered question');
  assert.equal(line.question, undefined, 'no question text in the logs unless MECHANISTIC_LOG_QUESTION_TEXT is on');
});

test('`private` answers only the asker; help is ephemeral too', async () => {
  const priv = await responseFor((await slash('private is probing mechanistic?')).target);
  assert.equal(priv.body.response_type, 'ephemeral');
  assert.match(allText(priv.body.blocks), /Is this mechanistic\?/);
  const help = await responseFor((await slash('help')).target);
  assert.equal(help.body.response_type, 'ephemeral');
  assert.match(allText(help.body.blocks), /\/mechanistic concept &lt;name&gt;/);
  assert.deepEqual(messageProblems(help.body), []);
});

test('concept, paper and term lookups', async () => {
  const concept = await responseFor((await slash('concept activation patching')).target);
  assert.match(allText(concept.body.blocks), /"text":"Activation patching"/);
  assert.match(allText(concept.body.blocks), /NLP interpretability calls it/);
  const paper = await responseFor((await slash('paper ettinger2016')).target);
  assert.match(allText(paper.body.blocks), /Probing for Semantic Evidence of Composition/);
  assert.match(allText(paper.body.blocks), /```@/);
  const term = await responseFor((await slash('term faithful')).target);
  assert.match(allText(term.body.blocks), /Where uses disagree/);
  const missing = await responseFor((await slash('concept zzzz-no-such-thing')).target);
  assert.match(allText(missing.body.blocks), /No concept matches/);
  const empty = await responseFor((await slash('paper')).target);
  assert.equal(empty.body.response_type, 'ephemeral', 'a usage hint goes to the asker only');
  assert.match(empty.body.text, /paper needs an arXiv id/);
  for (const c of [concept, paper, term, missing, empty]) assert.deepEqual(messageProblems(c.body), []);
});

test('digest: only admins may turn it on (asked of users.info); the answer says so either way', async () => {
  const refused = await responseFor((await slash('digest on')).target);
  assert.equal(refused.body.response_type, 'ephemeral');
  assert.match(refused.body.text, /Only workspace admins and owners/);
  const on = await responseFor((await slash('digest on', { user_id: 'U0ADMIN' })).target);
  assert.equal(on.body.response_type, 'in_channel');
  assert.match(on.body.text, /Weekly digest on/);
  assert.match(on.body.text, /Europe\/Berlin/, "the admin's time zone from users.info is the default");
  assert.ok(h.slack.accepted('users.info').some((c) => c.body.user === 'U0ADMIN'));
  const status = await responseFor((await slash('digest status')).target);
  assert.match(status.body.text, /The weekly digest is on here/);
  await responseFor((await slash('digest keep-text on', { user_id: 'U0ADMIN' })).target);
  await responseFor((await slash('is a sparse autoencoder a probe?')).target);
  const kept = (await h.store.answers.get(answeredIds(h).at(-1)!))?.queryText;
  assert.equal(kept, 'is a sparse autoencoder a probe?', 'once the channel opts in, the question text is logged');
  const bad = await responseFor((await slash('digest sometimes')).target);
  assert.match(bad.body.text, /unknown digest action/);
  for (const c of [refused, on, status, bad]) assert.deepEqual(messageProblems(c.body), []);
});

test('lineage: the timeline picture is uploaded and shown with the text', async () => {
  const r = await responseFor((await slash('lineage activation patching')).target);
  assert.equal(r.body.response_type, 'in_channel');
  assert.deepEqual(messageProblems(r.body), []);
  const image = (r.body.blocks as { type: string; slack_file?: { id: string } }[]).find((b) => b.type === 'image');
  assert.ok(image?.slack_file?.id, 'an image block shows the uploaded file');
  const uploaded = h.slack.calls.find((c) => c.method === 'file_upload' && c.target === image.slack_file!.id);
  assert.ok(uploaded && uploaded.body.bytes > 1000, 'the PNG was uploaded');
  assert.ok(h.slack.accepted('files.completeUploadExternal').length > 0);
});

test('input cannot ping anyone, and &, <, > come back escaped', async () => {
  const r = await responseFor((await slash('<!channel> is probing &lt;b&gt; &amp; patching the same? @here <@U0BOSS|boss>')).target);
  assert.deepEqual(messageProblems(r.body), []);
  const text = allText(r.body);
  assert.match(text, /is probing &lt;b&gt; &amp; patching the same\? @\u2060here @boss/);
  assert.doesNotMatch(text, /<[!@]/);
});

test('a mention is answered in its thread, with the mention stripped from the question', async () => {
  const top = await sendSigned(h.eventsUrl, appMentionEvent({ eventId: 'Ev0MENTION1', text: '<@U0BOT> is this just probing?', ts: '1700001000.000100' }), 'application/json', { secret: SIGNING_SECRET });
  assert.equal(top.status, 200);
  const inThread = appMentionEvent({ eventId: 'Ev0MENTION2', text: '<@U0BOT> what about causal tracing?', ts: '1700001001.000100', threadTs: '1700000999.000100' });
  await sendSigned(h.eventsUrl, inThread, 'application/json', { secret: SIGNING_SECRET });
  const posts = await h.slack.waitFor('two thread replies', () => {
    const p = h.slack.accepted('chat.postMessage').filter((c) => ['1700001000.000100', '1700000999.000100'].includes(c.body.thread_ts));
    return p.length >= 2 && p;
  });
  const byThread = Object.fromEntries(posts.map((p) => [p.body.thread_ts, p]));
  assert.match(allText(byThread['1700001000.000100']!.body.blocks), /\*Asked:\* is this just probing\?/);
  assert.match(allText(byThread['1700000999.000100']!.body.blocks), /\*Asked:\* what about causal tracing\?/);
  for (const p of posts) {
    assert.equal(p.body.channel, CHANNEL);
    assert.equal(p.authorization, `Bearer ${BOT_TOKEN}`);
    assert.deepEqual(messageProblems(p.body), []);
  }
});

test('the message shortcut answers in that message\'s thread; if the bot may not post there, the asker still gets it', async () => {
  const target = `sc${++responseIds}`;
  const res = await sendSigned(
    h.eventsUrl,
    interactionBody(messageShortcut({ text: 'We found a circuit by ablating attention heads &amp; patching activations.', ts: '1700002000.000100', threadTs: '1700001990.000100', responseUrl: h.slack.responseUrl(target) })),
    FORM,
    { secret: SIGNING_SECRET },
  );
  assert.equal(res.status, 200);
  const post = await h.slack.waitFor('shortcut reply', () => h.slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700001990.000100'));
  assert.match(allText(post.body.blocks), /ablating attention heads &amp; patching/);
  const removed = await h.slack.waitFor('the hourglass taken off', () => h.slack.accepted('reactions.remove').find((c) => c.body.timestamp === '1700002000.000100'));
  const added = h.slack.accepted('reactions.add').find((c) => c.body.timestamp === '1700002000.000100');
  assert.ok(added && h.slack.calls.indexOf(added) < h.slack.calls.indexOf(post) && h.slack.calls.indexOf(post) < h.slack.calls.indexOf(removed), 'an hourglass on the message while it is answered');

  h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
  const target2 = `sc${++responseIds}`;
  await sendSigned(h.eventsUrl, interactionBody(messageShortcut({ text: 'Is a linear probe mechanistic?', ts: '1700002100.000100', responseUrl: h.slack.responseUrl(target2) })), FORM, { secret: SIGNING_SECRET });
  const fallback = await responseFor(target2);
  assert.equal(fallback.body.response_type, 'ephemeral');
  assert.match(allText(fallback.body.blocks), /Invite me/);
  assert.match(allText(fallback.body.blocks), /Is a linear probe mechanistic\?/);
});

/** Posts a question, and returns the button values of its answer. */
async function answerButtons(question: string): Promise<Record<string, string>> {
  const r = await responseFor((await slash(question)).target);
  const actions = (r.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
  return Object.fromEntries((actions?.elements ?? []).map((e) => [e.action_id, e.value]));
}

test('"More earlier work" posts the next page of precedents in the answer\'s thread', async () => {
  const buttons = await answerButtons('probing classifiers on hidden states');
  assert.ok(buttons[ANSWER_ACTIONS.more], 'a full first page offers more');
  const target = `btn${++responseIds}`;
  const res = await sendSigned(h.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.more, value: buttons[ANSWER_ACTIONS.more]!, messageTs: '1700003000.000100', responseUrl: h.slack.responseUrl(target) })), FORM, { secret: SIGNING_SECRET });
  assert.equal(res.status, 200);
  const post = await h.slack.waitFor('next page', () => h.slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === '1700003000.000100'));
  assert.match(allText(post.body.blocks), /Earlier work in NLP interpretability\* \(6–/);
  assert.deepEqual(messageProblems(post.body), []);
});

test('"Why these definitions?" and "BibTeX" answer only the person who clicked', async () => {
  const buttons = await answerButtons('probing classifiers on hidden states');
  const why = `btn${++responseIds}`;
  await sendSigned(h.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.why, value: buttons[ANSWER_ACTIONS.why]!, messageTs: '1700003100.000100', responseUrl: h.slack.responseUrl(why) })), FORM, { secret: SIGNING_SECRET });
  const whyPost = await responseFor(why);
  assert.equal(whyPost.body.response_type, 'ephemeral');
  assert.match(allText(whyPost.body.blocks), /Why these definitions\?/);
  assert.match(allText(whyPost.body.blocks), /Narrow technical/);
  const bib = `btn${++responseIds}`;
  await sendSigned(h.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.bibtex, value: buttons[ANSWER_ACTIONS.bibtex]!, messageTs: '1700003100.000100', responseUrl: h.slack.responseUrl(bib) })), FORM, { secret: SIGNING_SECRET });
  const bibPost = await responseFor(bib);
  assert.equal(bibPost.body.response_type, 'ephemeral');
  assert.match(allText(bibPost.body.blocks), /```@\w+\{/);
  for (const p of [whyPost, bibPost]) assert.deepEqual(messageProblems(p.body), []);
});

test('"Wrong precedent?" opens a form; its answers are stored for the curators', async () => {
  const buttons = await answerButtons('probing classifiers on hidden states');
  const target = `btn${++responseIds}`;
  await sendSigned(h.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.wrong, value: buttons[ANSWER_ACTIONS.wrong]!, messageTs: '1700003200.000100', responseUrl: h.slack.responseUrl(target) })), FORM, { secret: SIGNING_SECRET });
  const open = await h.slack.waitFor('views.open', () => h.slack.accepted('views.open').at(-1));
  assert.equal(open.body.trigger_id, '1337.44.ijkl');
  const view = open.body.view as Record<string, any>;
  assert.deepEqual(modalProblems(view), []);
  const option = view.blocks[1].element.options[0] as { value: string };

  const empty = await sendSigned(h.eventsUrl, interactionBody(viewSubmission({ privateMetadata: view.private_metadata, paperId: null, comment: '   ' })), FORM, { secret: SIGNING_SECRET });
  assert.equal(JSON.parse(empty.text).response_action, 'errors', 'an empty comment is sent back to the form');

  const done = await sendSigned(
    h.eventsUrl,
    interactionBody(viewSubmission({ privateMetadata: view.private_metadata, paperId: option.value, comment: 'This came after the paper; cite Hupkes et al. 2018 instead.' })),
    FORM,
    { secret: SIGNING_SECRET },
  );
  assert.equal(done.status, 200);
  assert.equal(JSON.parse(done.text).response_action, 'update');
  const stored = (await h.store.feedback.list()).at(-1)!;
  assert.equal(stored.platform, 'slack');
  assert.equal(stored.workspaceId, TEAM);
  assert.equal(stored.channelId, CHANNEL);
  assert.equal(stored.userId, USER);
  assert.ok(stored.answerId && (await h.store.answers.get(stored.answerId)), 'the feedback names the stored answer');
  assert.equal(stored.query, 'probing classifiers on hidden states', 'this channel opted in to keeping question text (digest test above)');
  assert.equal(stored.paperId, option.value);
  assert.match(stored.comment, /cite Hupkes/);
});

test('requests with a bad, missing or stale signature are refused and nothing is posted', async () => {
  const before = h.slack.calls.length;
  const target = `bad${++responseIds}`;
  const body = slashCommandBody('is probing mechanistic?', h.slack.responseUrl(target));
  const wrongSecret = await sendSigned(h.eventsUrl, body, FORM, { secret: 'not-the-secret' });
  const missing = await sendSigned(h.eventsUrl, body, FORM, { secret: SIGNING_SECRET, signature: null });
  const stale = await sendSigned(h.eventsUrl, body, FORM, { secret: SIGNING_SECRET, timestampS: Math.floor(Date.now() / 1000) - 6 * 60 });
  const tampered = await sendSigned(h.eventsUrl, body.replace('probing', 'patching'), FORM, {
    secret: SIGNING_SECRET,
    signature: (await import('./slack-requests.ts')).sign(SIGNING_SECRET, Math.floor(Date.now() / 1000), body),
  });
  const mention = await sendSigned(h.eventsUrl, appMentionEvent({ eventId: 'Ev0FORGED', text: '<@U0BOT> hi', ts: '1700009000.000100' }), 'application/json', { secret: 'forged' });
  assert.deepEqual([wrongSecret.status, missing.status, stale.status, tampered.status, mention.status], [401, 401, 401, 401, 401]);
  // A correctly signed request afterwards is answered: the refusals were about the signatures.
  const ok = await slash('is probing mechanistic?');
  await responseFor(ok.target);
  assert.equal(h.slack.calls.slice(before).filter((c) => c.method !== 'response_url' || c.target !== ok.target).length, 0, 'nothing reached Slack for the refused requests');
});

test("Slack's URL verification handshake is answered when signed", async () => {
  const body = JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' });
  const res = await sendSigned(h.eventsUrl, body, 'application/json', { secret: SIGNING_SECRET });
  assert.deepEqual([res.status, JSON.parse(res.text)], [200, { challenge: 'c-123' }]);
  const forged = await sendSigned(h.eventsUrl, body, 'application/json', { secret: 'forged' });
  assert.equal(forged.status, 401);
});

test('input the asker must fix, and buttons of a forgotten answer, get a plain note to that person only', async () => {
  const target = `sc${++responseIds}`;
  await sendSigned(h.eventsUrl, interactionBody(messageShortcut({ text: 'word '.repeat(5000), ts: '1700004000.000100', responseUrl: h.slack.responseUrl(target) })), FORM, { secret: SIGNING_SECRET });
  const tooLong = await responseFor(target);
  assert.equal(tooLong.body.response_type, 'ephemeral');
  assert.match(tooLong.body.text, /Cannot answer that: the question has 24,999 characters; the limit is 20,000/);
  assert.doesNotMatch(tooLong.body.text, /Reference/, 'a user error is not an incident');

  const old = `btn${++responseIds}`;
  await sendSigned(h.eventsUrl, interactionBody(blockAction({ actionId: ANSWER_ACTIONS.bibtex, value: 'gone0000:0', messageTs: '1700004100.000100', responseUrl: h.slack.responseUrl(old) })), FORM, { secret: SIGNING_SECRET });
  const expired = await responseFor(old);
  assert.equal(expired.body.response_type, 'ephemeral');
  assert.match(expired.body.text, /too old for its buttons: ask again/);
});
