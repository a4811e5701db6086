/**
 * App Home (app_home_opened → views.publish), direct messages (message.im) and the working reaction,
 * against the loopback fake Slack with events shaped as Slack documents them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKING_REACTION } from '../../../src/chat/slack/handlers.ts';
import { SLACK_LIMITS } from '../../../src/chat/slack/limits.ts';
import { blockProblems, messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { appMentionEvent, CHANNEL, sendSigned, slashCommandBody, TEAM, USER } from './slack-requests.ts';

const DM = 'D0DIRECT';
let h: Harness;
let n = 0;

before(async () => {
  h = await startHarness({ lexical: true });
});
after(async () => {
  await h.close();
});

function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A0TEST',
    event,
    type: 'event_callback',
    event_id: `Ev0HOMEDM${++n}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
  });
}

async function send(event: Record<string, unknown>): Promise<void> {
  const res = await sendSigned(h.eventsUrl, eventBody(event), 'application/json', { secret: SIGNING_SECRET });
  assert.equal(res.status, 200);
}

function directMessage(text: string, over: Record<string, unknown> = {}) {
  const ts = `1700040${String(++n).padStart(3, '0')}.000100`;
  return { ts, event: { type: 'message', channel: DM, user: USER, text, ts, event_ts: ts, channel_type: 'im', ...over } };
}

function homeOpened(user: string, tab: 'home' | 'messages') {
  return { type: 'app_home_opened', user, channel: DM, tab, event_ts: `1700041${String(++n).padStart(3, '0')}.000100` };
}

test('a direct message is answered in the conversation, with an hourglass on it until the answer lands', async () => {
  const m = directMessage('is a linear probe on BERT layers mechanistic?');
  await send(m.event);
  const answer = await h.slack.waitFor('the answer in the DM', () => h.slack.accepted('chat.postMessage').find((c) => c.body.channel === DM && c.body.text?.includes('linear probe')));
  assert.equal(answer.body.thread_ts, undefined, 'a new message in the conversation, not a thread');
  assert.deepEqual(messageProblems(answer.body), []);
  const removed = await h.slack.waitFor('the hourglass removed', () => h.slack.accepted('reactions.remove').find((c) => c.body.timestamp === m.ts));
  const added = h.slack.accepted('reactions.add').find((c) => c.body.timestamp === m.ts)!;
  assert.deepEqual([added.body.channel, added.body.name], [DM, WORKING_REACTION]);
  assert.equal(removed.body.name, WORKING_REACTION);
  const order = h.slack.calls.map((c) => c);
  assert.ok(order.indexOf(added) < order.indexOf(answer) && order.indexOf(answer) < order.indexOf(removed), 'added, then the answer, then removed');
  const stored = (await h.store.answers.recentOfUser('slack', TEAM, USER, 1))[0];
  assert.equal(stored?.origin.channelId, DM);
});

test('a paper pasted into a direct message keeps its lines: its title line finds the corpus paper, even quoted', async () => {
  // A title line, an author line and an abstract of our own words, as Slack sends a quoted paste (">" escaped).
  const paste = [
    '&gt; Locating and Editing Factual Associations in GPT',
    '&gt; Kevin Meng, David Bau, Alex Andonian, Yonatan Belinkov',
    '&gt;',
    '&gt; We trace which hidden states of a language model carry a stated fact by corrupting the subject &amp; restoring one state at a time, then edit the middle-layer MLP weights that the trace points to and test whether the edited fact generalizes.',
  ].join('\n');
  const m = directMessage(paste);
  await send(m.event);
  const answer = await h.slack.waitFor('the answer in the DM', () => h.slack.accepted('chat.postMessage').find((c) => c.body.channel === DM && JSON.stringify(c.body.blocks ?? '').includes('found in the corpus')));
  assert.match(JSON.stringify(answer.body.blocks), /Answering about \\"Locating and Editing Factual Associations in GPT\\" \(2022\), found in the corpus/);
  assert.deepEqual(messageProblems(answer.body), []);
});

test('direct messages: the bot’s own, edits and other channels’ messages are not questions; commands work', async () => {
  const before = h.slack.accepted('chat.postMessage').length;
  await send(directMessage('an answer the bot posted', { bot_id: 'B0BOT', user: 'U0BOT' }).event);
  await send(directMessage('edited', { subtype: 'message_changed' }).event);
  await send(directMessage('is probing mechanistic?', { channel: CHANNEL, channel_type: 'channel' }).event);
  const help = directMessage('help');
  await send(help.event);
  const reply = await h.slack.waitFor('help in the DM', () => h.slack.accepted('chat.postMessage').slice(before).find((c) => c.body.channel === DM));
  assert.match(JSON.stringify(reply.body.blocks), /\/mechanistic concept &lt;name&gt;/);
  assert.equal(h.slack.accepted('chat.postMessage').length - before, 1, 'only the help was answered');
  assert.equal(h.slack.accepted('reactions.add').filter((c) => c.body.timestamp === help.ts).length, 0, 'help is instant: no hourglass');
});

test('a mention gets the hourglass too, removed when its answer is posted', async () => {
  const ts = '1700042000.000100';
  await sendSigned(h.eventsUrl, appMentionEvent({ eventId: 'Ev0HOURGLASS', text: '<@U0BOT> is attribution patching mechanistic?', ts }), 'application/json', { secret: SIGNING_SECRET });
  await h.slack.waitFor('the hourglass removed', () => h.slack.accepted('reactions.remove').find((c) => c.body.timestamp === ts));
  assert.equal(h.slack.accepted('reactions.add').filter((c) => c.body.timestamp === ts && c.body.channel === CHANNEL).length, 1);
  assert.equal(h.slack.accepted('chat.postMessage').filter((c) => c.body.thread_ts === ts).length, 1);
});

test('a reaction Slack refuses does not stop the answer', async () => {
  h.slack.failNext('reactions.add', { error: 'missing_scope' });
  const m = directMessage('what about causal tracing?');
  await send(m.event);
  await h.slack.waitFor('the answer', () => h.slack.accepted('chat.postMessage').find((c) => c.body.channel === DM && c.body.text?.includes('causal tracing')));
  assert.equal(h.slack.calls.filter((c) => c.method === 'reactions.remove' && c.body.timestamp === m.ts).length, 0, 'nothing to remove');
});

test('App Home: what the bot does, the commands, this workspace’s digest channels, the user’s latest answers', async () => {
  await h.store.digest.subscribe({ platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, tz: 'Europe/Berlin', schedule: '0 9 * * 1', createdBy: 'U0ADMIN' }, new Date());
  await h.store.digest.subscribe({ platform: 'slack', workspaceId: 'T0ELSEWHERE', channelId: 'C0ELSEWHERE', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U9' }, new Date());
  await h.store.digest.subscribe({ platform: 'discord', workspaceId: TEAM, channelId: '300000000000000003', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U9' }, new Date());
  await sendSigned(h.eventsUrl, slashCommandBody('sparse autoencoders on the residual stream', h.slack.responseUrl('home-q')), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
  await h.slack.waitFor('the answer', () => h.slack.calls.find((c) => c.target === 'home-q' && c.status === 200));

  await send(homeOpened(USER, 'home'));
  const published = await h.slack.waitFor('views.publish', () => h.slack.accepted('views.publish').find((c) => c.body.user_id === USER));
  const view = published.body.view as { type: string; blocks: unknown[] };
  assert.equal(view.type, 'home');
  assert.deepEqual(blockProblems(view.blocks, SLACK_LIMITS.homeBlocks), []);
  const text = JSON.stringify(view.blocks);
  assert.match(text, /\/mechanistic unfurl on\|off/, 'the commands');
  assert.match(text, /Weekly digest in this workspace\*\\n• <#C0READING> \(Europe\/Berlin\)/);
  assert.doesNotMatch(text, /C0ELSEWHERE|300000000000000003/, 'only this workspace’s Slack channels');
  assert.match(text, /Your latest answers/);
  assert.match(text, /in <#C0READING>: Mechanistic\? narrow technical/);
  assert.match(text, /in <#D0DIRECT>: /, 'direct-message answers are listed too');

  await send(homeOpened('U0NEWCOMER', 'home'));
  const fresh = await h.slack.waitFor('views.publish for a newcomer', () => h.slack.accepted('views.publish').find((c) => c.body.user_id === 'U0NEWCOMER'));
  assert.match(JSON.stringify(fresh.body.view.blocks), /None yet: ask in any channel, or message me here/);

  const before = h.slack.accepted('views.publish').length;
  await send(homeOpened(USER, 'messages'));
  await send(homeOpened('U0LAST', 'home'));
  await h.slack.waitFor('the later publish', () => h.slack.accepted('views.publish').find((c) => c.body.user_id === 'U0LAST'));
  assert.equal(h.slack.accepted('views.publish').length - before, 1, 'opening the Messages tab publishes nothing');
});
