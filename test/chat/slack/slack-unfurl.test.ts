/**
 * Paper links unfurl: a `link_shared` event (as Slack sends it) gets a `chat.unfurl` card with the four
 * senses, the top three earlier works and a "Full answer" button, per channel on or off with
 * `/mechanistic unfurl on|off`. A paper outside the corpus is read from the (fake) arXiv by its id only:
 * the pasted URL, its query and fragment, go nowhere.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_ACTIONS, parseButtonValue } from '../../../src/chat/slack/render-answer.ts';
import { UNFURL_PRECEDENTS } from '../../../src/chat/slack/render-unfurl.ts';
import { blockProblems, messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { ATOM, fixture, startFakes, type Fakes } from '../../sources/fakes.ts';
import { startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { CHANNEL, interactionBody, sendSigned, slashCommandBody, TEAM, USER } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
let h: Harness;
let fakes: Fakes;
let n = 0;

before(async () => {
  fakes = await startFakes();
  fakes.arxiv.route('/api/query?id_list=2401.06102&', { body: fixture('arxiv-2401.06102.atom.xml'), headers: ATOM });
  h = await startHarness({ lexical: true, env: { MECHANISTIC_NETWORK: 'on', MECHANISTIC_SOURCE_TIMEOUT_MS: '3000', ...fakes.env } });
});
after(async () => {
  await h.close();
  await fakes.close();
});

/** A link_shared event as Slack documents it (a message posted with links in the app's unfurl domains). */
function linkShared(links: string[], opts: { eventId?: string; channel?: string; messageTs?: string } = {}) {
  const messageTs = opts.messageTs ?? `1700030${String(++n).padStart(3, '0')}.000100`;
  const channel = opts.channel ?? CHANNEL;
  return {
    messageTs,
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: TEAM,
      api_app_id: 'A0TEST',
      event: {
        type: 'link_shared',
        channel,
        is_bot_user_member: true,
        user: USER,
        message_ts: messageTs,
        unfurl_id: `${channel}.${messageTs}.1b90fa1278528ce6e2f6c5c2bfa1abc9`,
        source: 'conversations_history',
        links: links.map((url) => ({ domain: new URL(url).hostname, url })),
        event_ts: messageTs,
      },
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev0LINK${n}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    }),
  };
}

async function share(links: string[], opts: Parameters<typeof linkShared>[1] = {}) {
  const e = linkShared(links, opts);
  const res = await sendSigned(h.eventsUrl, e.body, 'application/json', { secret: SIGNING_SECRET });
  assert.equal(res.status, 200);
  return e.messageTs;
}

function unfurlFor(messageTs: string) {
  return h.slack.waitFor(`chat.unfurl for ${messageTs}`, () => h.slack.accepted('chat.unfurl').find((c) => String(c.body.unfurl_id).includes(messageTs)));
}

/** A later event answered: every earlier delivery has been handled by then. */
async function settle(): Promise<void> {
  const ts = await share(['https://arxiv.org/abs/2211.00593']);
  await unfurlFor(ts);
}

test('a corpus paper link gets a card: the paper, the four senses, three earlier works, a Full answer button', async () => {
  const ts = await share(['https://arxiv.org/abs/2211.00593v2?utm_source=feed#results', 'https://arxiv.org/list/cs.CL/recent']);
  const call = await unfurlFor(ts);
  assert.equal(call.body.source, 'conversations_history');
  assert.equal(call.authorization, 'Bearer xoxb-test-bot-token');
  const unfurls = call.body.unfurls as Record<string, { blocks: unknown[] }>;
  assert.deepEqual(Object.keys(unfurls), ['https://arxiv.org/abs/2211.00593v2?utm_source=feed#results'], 'keyed by the URL as posted; the listing page names no paper');
  const blocks = unfurls['https://arxiv.org/abs/2211.00593v2?utm_source=feed#results']!.blocks;
  assert.deepEqual(blockProblems(blocks), []);
  const text = JSON.stringify(blocks);
  assert.match(text, /Interpretability in the Wild/i);
  assert.match(text, /Narrow technical: (yes|no|can't tell) · Broad technical: /);
  assert.match(text, /Earlier NLP-interpretability work/);
  const earlier = (blocks as { type: string; text?: { text: string } }[]).find((b) => b.text?.text.startsWith('*Earlier NLP-interpretability work*'))!.text!.text;
  const listed = earlier.split('\n').filter((l) => l.startsWith('• ')).length;
  assert.ok(listed >= 1 && listed <= UNFURL_PRECEDENTS, `${listed} earlier works listed`);

  const buttons = (blocks as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[]).find((b) => b.type === 'actions')!.elements!;
  assert.deepEqual(buttons.map((b) => [b.action_id, b.text.text]), [[ANSWER_ACTIONS.more, 'Full answer']]);
  const ref = parseButtonValue(buttons[0]!.value)!;
  assert.equal(ref.offset, 0);
  const stored = await h.store.answers.get(ref.questionRef);
  assert.deepEqual(stored?.origin, { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, userId: USER });
  assert.ok(stored.answer && stored.answer.precedents.length > listed, 'the stored answer has more than the card shows');
  assert.deepEqual(stored.answer.precedents.slice(0, listed).map((p) => earlier.includes(p.title.slice(0, 40))), Array(listed).fill(true), 'the card shows the first ones');

  // "Full answer": the whole first page, in the thread of the message that had the link.
  const click = {
    type: 'block_actions',
    user: { id: 'U0READER', username: 'bo', name: 'bo', team_id: TEAM },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    container: { type: 'message_attachment', message_ts: ts, attachment_id: 1, channel_id: CHANNEL, is_ephemeral: false, is_app_unfurl: true },
    trigger_id: '1337.46.qrst',
    team: { id: TEAM, domain: 'readinggroup' },
    channel: { id: CHANNEL, name: 'interp-reading' },
    message: { type: 'message', user: USER, text: '<https://arxiv.org/abs/2211.00593v2?utm_source=feed#results>', ts },
    response_url: h.slack.responseUrl('full'),
    actions: [{ action_id: ANSWER_ACTIONS.more, block_id: 'mechanistic_unfurl_actions', value: buttons[0]!.value, type: 'button', action_ts: '1700030999.000100', text: { type: 'plain_text', text: 'Full answer' } }],
  };
  assert.equal((await sendSigned(h.eventsUrl, interactionBody(click), FORM, { secret: SIGNING_SECRET })).status, 200);
  const full = await h.slack.waitFor('the full answer in the thread', () => h.slack.accepted('chat.postMessage').find((c) => c.body.thread_ts === ts));
  assert.deepEqual(messageProblems(full.body), []);
  assert.match(JSON.stringify(full.body.blocks), /Earlier work in NLP interpretability\* \(1–5\)/);
});

test("a Hugging Face paper page gets the card of its arXiv paper; a model's page there names no paper", async () => {
  const ts = await share(['https://huggingface.co/papers/2211.00593', 'https://huggingface.co/openai-community/gpt2']);
  const call = await unfurlFor(ts);
  const unfurls = call.body.unfurls as Record<string, { blocks: unknown[] }>;
  assert.deepEqual(Object.keys(unfurls), ['https://huggingface.co/papers/2211.00593']);
  const blocks = unfurls['https://huggingface.co/papers/2211.00593']!.blocks;
  assert.deepEqual(blockProblems(blocks), []);
  assert.match(JSON.stringify(blocks), /Interpretability in the Wild/i);
});
test('a paper outside the corpus is read from arXiv by its id alone; the pasted URL goes nowhere', async () => {
  const before = fakes.total();
  const pasted = 'https://arxiv.org/pdf/2401.06102v1.pdf?download=1&token=SECRET#page=2';
  const ts = await share([pasted]);
  const call = await unfurlFor(ts);
  const blocks = (call.body.unfurls as Record<string, { blocks: unknown[] }>)[pasted]!.blocks;
  assert.deepEqual(blockProblems(blocks), []);
  const requests = fakes.all.flatMap((f) => f.requests).slice(0);
  const asked = requests.map((r) => r.path);
  assert.equal(fakes.total() - before, 1, `one request, to arXiv: ${asked.join(', ')}`);
  assert.ok(fakes.arxiv.requests.at(-1)!.path.startsWith('/api/query?id_list=2401.06102&'));
  assert.doesNotMatch(asked.join(' '), /download|SECRET|page=2|pdf/, 'nothing of the pasted URL but the id');
});

test('/mechanistic unfurl off stops cards in that channel only; on brings them back; a retried event unfurls once', async () => {
  const slash = async (text: string, target: string) => {
    await sendSigned(h.eventsUrl, slashCommandBody(text, h.slack.responseUrl(target)), FORM, { secret: SIGNING_SECRET });
    return h.slack.waitFor(`the reply to ${text}`, () => h.slack.calls.find((c) => c.target === target && c.status === 200));
  };
  const off = await slash('unfurl off', 'unf-off');
  assert.equal(off.body.response_type, 'in_channel');
  assert.match(off.body.text, /no longer unfurled/);
  assert.equal(await h.store.unfurls.enabled('slack', CHANNEL), false);
  const status = await slash('unfurl', 'unf-status');
  assert.equal(status.body.response_type, 'ephemeral');
  assert.match(status.body.text, /are not unfurled/);
  const bad = await slash('unfurl sometimes', 'unf-bad');
  assert.match(bad.body.text, /takes on or off/);

  const skipped = await share(['https://arxiv.org/abs/2211.00593']);
  const elsewhere = await share(['https://arxiv.org/abs/2211.00593'], { channel: 'C0OTHER' });
  await unfurlFor(elsewhere);
  await slash('unfurl on', 'unf-on');
  await settle();
  assert.equal(h.slack.calls.filter((c) => c.method === 'chat.unfurl' && String(c.body.unfurl_id).includes(skipped)).length, 0, 'no card while it was off');

  const retried = linkShared(['https://aclanthology.org/2020.blackboxnlp-1.30.pdf'], { eventId: 'Ev0LINKRETRY' });
  await sendSigned(h.eventsUrl, retried.body, 'application/json', { secret: SIGNING_SECRET });
  await sendSigned(h.eventsUrl, retried.body, 'application/json', { secret: SIGNING_SECRET, timestampS: Math.floor(Date.now() / 1000) + 1, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
  await unfurlFor(retried.messageTs);
  await settle();
  assert.equal(h.slack.calls.filter((c) => c.method === 'chat.unfurl' && String(c.body.unfurl_id).includes(retried.messageTs)).length, 1);
});
