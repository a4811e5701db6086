/**
 * End to end: the real discord.js client, started by createDiscordPart over the real
 * openMechanistic (lexical retrieval, for speed), against a loopback fake of Discord's REST API
 * and gateway. Assertions are on what the fake received.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GatewayIntentBits } from 'discord.js';
import { openMechanistic } from '../../../src/app.ts';
import { createDiscordPart, DiscordStartError } from '../../../src/serve/parts/discord.ts';
import { checkMessage } from '../../../src/chat/discord/limits.ts';
import { registerCommands } from '../../../src/chat/discord/register.ts';
import type { Part } from '../../../src/serve/part.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Mechanistic } from '../../../src/core/service.ts';
import { createLogger } from '../../../src/log.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite.ts';
import { countingMechanistic, partDeps } from '../../helpers/part-deps.ts';
import {
  APP_ID,
  BOT_ID,
  BOT_ROLE_ID,
  CHANNEL_ID,
  FakeDiscord,
  GUILD_ID,
  MENTION_CHANNEL_ID,
  TOKEN,
  message,
  nextId,
  user,
  type RecordedRequest,
} from './fake-discord.ts';

const EPHEMERAL = 64;
const dir = mkdtempSync(join(tmpdir(), 'mechanistic-discord-'));
let fake: FakeDiscord;
let store: SqliteStore;
let mechanistic: Mechanistic;
let part: Part;

function config(extra: Record<string, string> = {}) {
  return loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dir, DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, LOG_LEVEL: 'silent', ...extra });
}

function partWith(f: FakeDiscord, extra: Record<string, string>, hooks = {}, now = () => new Date(), m: Mechanistic = mechanistic): Part {
  return createDiscordPart(
    partDeps({ config: config(extra), mechanistic: m, store, log: createLogger(process.env.FAKE_DISCORD_DEBUG ? 'debug' : 'silent'), now }),
    { restApi: f.restApi, hooks },
  );
}

before(async () => {
  fake = await new FakeDiscord().listen();
  store = openSqliteStore(join(dir, 'mechanistic.db'));
  mechanistic = await openMechanistic(config(), { dense: false });
  // Every question here comes from one user; the limits get their own test below.
  part = partWith(fake, { DISCORD_MENTION_CHANNELS: MENTION_CHANNEL_ID, MECHANISTIC_RATE_LIMIT_USER: '1000', MECHANISTIC_RATE_LIMIT_CHANNEL: '1000' }, {
    lineage: async () => {
      throw new Error('the lineage renderer crashed');
    },
  });
  await part.start();
});

after(async () => {
  await part?.stop();
  await fake?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function slash(sub: string, options: { name: string; type: number; value: unknown; focused?: boolean }[] = []) {
  return { id: '500000000000000005', name: 'mechanistic', type: 1, options: [{ type: 1, name: sub, options }] };
}

const text = (value: string) => ({ name: 'query', type: 3, value });

/** The deferral and the edited reply of one interaction. */
async function replyTo(i: { id: string; token: string }): Promise<{ callback: RecordedRequest; edit: RecordedRequest }> {
  const callback = await fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
  return { callback, edit };
}

function assertWithinLimits(body: any): void {
  checkMessage({ content: body.content, embeds: body.embeds });
  assert.deepEqual(body.allowed_mentions?.parse, [], 'allowed_mentions.parse is empty');
}

function bodyText(body: any): string {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e: any) => [e.title, e.description, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])])].join('\n');
}

/** Polls until the condition holds; fails after 10 s rather than hanging the run. */
async function until(condition: () => boolean, what = 'a condition', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('connects: identifies with the token, asks for Message Content only because mention channels are set, acks heartbeats', async () => {
  const [identify] = fake.identifies;
  assert.equal(identify!.token, TOKEN);
  assert.equal(identify!.intents, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent);
  await until(() => fake.heartbeatsAcked > 0);
});

let answered: RecordedRequest;

test('/mechanistic ask: defers at once (type 5), then edits the reply with embeds within limits and no pings', async () => {
  const i = fake.interaction(2, slash('ask', [text('We use activation patching on attention heads to find a circuit, @everyone')]));
  const { callback, edit } = await replyTo(i);
  assert.equal(callback.body.type, 5);
  assert.equal((callback.body.data?.flags ?? 0) & EPHEMERAL, 0, 'a public answer');
  assert.equal(callback.authorization, undefined, 'interaction callbacks carry no bot token');
  assertWithinLimits(edit.body);
  const embed = edit.body.embeds[0];
  assert.match(embed.description, /Narrow technical/);
  assert.match(bodyText(edit.body), /Activation patching/i);
  const ids = edit.body.components[0].components.map((c: any) => c.custom_id);
  assert.equal(ids.length, 4);
  answered = edit;
  const answerId = ids[0].split(':')[2];
  const row = await store.answers.get(answerId);
  assert.ok(row, 'the buttons carry the stored answer id');
  assert.equal(row.origin.platform, 'discord');
  assert.equal(row.origin.workspaceId, GUILD_ID);
  assert.equal(row.queryText, null, 'question text is not kept');
  assert.ok(row.answer && row.answer.precedents.length > 5, 'the whole answer is stored for the buttons to page');
});

test('/mechanistic ask with a paper pasted as the command box sends it (line breaks as spaces): its authors are read', async () => {
  // Title, author line and abstract as one line with nothing after the title, as Discord's command box long pasted them.
  const paste = [
    'Sparse Feature Circuits in Small Language Models',
    'Neel Nanda, Arthur Conmy, Ann Author',
    'We train sparse autoencoders on the residual stream of a small transformer and trace circuits of their features. Ablating the features that the circuit names removes the behaviour, and patching them from a clean run into a corrupted run restores it. We compare the circuits with those found over attention heads and neurons, and discuss what the features add.',
  ].join(' ');
  const i = fake.interaction(2, slash('ask', [text(paste)]));
  const { edit } = await replyTo(i);
  // A long answer goes on in follow-up messages; the buttons are on the last of them.
  const buttons = edit.body.components?.[0] ? edit.body : (await fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${i.token}` && r.body.components?.[0])).body;
  const answerId = buttons.components[0].components[0].custom_id.split(':')[2];
  const row = await store.answers.get(answerId);
  assert.ok(row?.answer);
  const culture = row.answer.definitions.narrowCultural;
  assert.equal(culture.applies, true, culture.evidence.join(' | '));
  assert.match(culture.evidence[0]!, /^authors: .*(Neel Nanda|Arthur Conmy)/, culture.evidence.join(' | '));
});

test('/mechanistic ask private:true defers ephemerally', async () => {
  const i = fake.interaction(2, slash('ask', [text('probing classifiers on BERT layers'), { name: 'private', type: 5, value: true }]));
  const { callback, edit } = await replyTo(i);
  assert.equal(callback.body.data.flags & EPHEMERAL, EPHEMERAL);
  assertWithinLimits(edit.body);
});

test('a 429 on the edit is waited out by the REST queue and the reply still arrives', async () => {
  fake.rateLimitOnce('PATCH', /\/messages\/@original$/, 0.05);
  const i = fake.interaction(2, slash('ask', [text('sparse autoencoders find interpretable features')]));
  const { edit } = await replyTo(i);
  const attempts = fake.requests.filter((r) => r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
  assert.deepEqual(
    attempts.map((r) => r.status),
    [429, 200],
  );
  assertWithinLimits(edit.body);
});

/** An interaction answered at once (callback type 4) instead of deferred. */
async function immediate(i: { id: string; token: string }): Promise<RecordedRequest> {
  return fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
}

test('bad input gets a clear message: empty and 25,000 characters at once and only to the asker; a link that resolves to nothing', async () => {
  const empty = await immediate(fake.interaction(2, slash('ask', [text('   ')])));
  assert.equal(empty.body.type, 4);
  assert.equal(empty.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(empty.body.data.content, /query is empty/);
  // Mentions and message commands carry no Discord cap of their own: the core's limit applies, as everywhere.
  const long = await immediate(fake.interaction(2, slash('ask', [text('patching '.repeat(3000).slice(0, 25_000))])));
  assert.equal(long.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(long.body.data.content, /25,000 characters; the limit is 20,000/);
  for (const r of [empty, long]) assertWithinLimits(r.body.data);
  const url = await replyTo(fake.interaction(2, slash('ask', [text('https://example.invalid/no-such-paper.pdf')])));
  assertWithinLimits(url.edit.body);
  assert.match(url.edit.body.embeds[0].description, /⚠️ .*link/);
});

function clickButton(action: string, source = answered) {
  const button = source.body.components[0].components.find((c: any) => c.custom_id.startsWith(`mech:${action}:`));
  const msg = message({ ...source.body, id: nextId(), author: { ...user(BOT_ID, 'mechanistic'), bot: true }, application_id: APP_ID });
  return { customId: button.custom_id as string, i: fake.interaction(3, { custom_id: button.custom_id, component_type: 2 }, { message: msg }) };
}

/** The UPDATE_MESSAGE callback (type 7) of a button that pages in place. */
async function updated(i: { id: string; token: string }): Promise<RecordedRequest> {
  const callback = await fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  assert.equal(callback.body.type, 7, 'the message is updated in place');
  assertWithinLimits(callback.body.data);
  return callback;
}

function buttonsOf(data: any): { custom_id: string; label: string; disabled: boolean }[] {
  return data.components[0].components;
}

test('buttons: More earlier work pages in place with Previous and More; Why these definitions? and BibTeX (ephemeral)', async () => {
  const more = await updated(clickButton('more').i);
  assert.match(bodyText(more.body.data), /More earlier work \(from #6\)/);
  const labels = buttonsOf(more.body.data).map((b) => b.label);
  assert.deepEqual(labels.slice(0, 2), ['Previous', 'More earlier work']);
  const answerId = buttonsOf(answered.body)[0]!.custom_id.split(':')[2];
  assert.equal(buttonsOf(more.body.data)[0]!.custom_id, `mech:more:${answerId}:0`, 'Previous goes back to the first page');
  assert.equal(buttonsOf(more.body.data)[1]!.custom_id, `mech:more:${answerId}:10`);
  // The first button whose custom_id is a page is Previous.
  const firstPage = await updated(clickButton('more', { body: more.body.data } as RecordedRequest).i);
  assert.match(firstPage.body.data.embeds[0].description, /Narrow technical/, 'Previous from page 2 shows the answer again');
  assert.equal(buttonsOf(firstPage.body.data)[0]!.label, 'More earlier work', 'no Previous on the first page');

  const why = await replyTo(clickButton('why').i);
  assert.equal(why.callback.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.equal(why.edit.body.embeds[0].title, 'Why these four definitions?');

  const bib = await replyTo(clickButton('bib').i);
  assert.equal(bib.callback.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(bib.edit.body.content, /^```bibtex\n@/);
  assertWithinLimits(bib.edit.body);
});

test('Wrong precedent? opens a modal; the submission is stored as feedback for the curators', async () => {
  const { customId, i } = clickButton('wrong');
  const modal = await fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  assert.equal(modal.body.type, 9);
  assert.equal(modal.body.data.custom_id, customId);
  const submit = fake.interaction(5, {
    custom_id: customId,
    components: [
      { type: 1, components: [{ type: 4, custom_id: 'paper', value: '1' }] },
      { type: 1, components: [{ type: 4, custom_id: 'comment', value: 'This one is about a different method.' }] },
    ],
  });
  const { edit } = await replyTo(submit);
  assert.match(edit.body.content, /stored for the curators/);
  const fb = (await store.feedback.list()).find((f) => f.platform === 'discord')!;
  assert.equal(fb.comment, 'This one is about a different method.');
  assert.equal(fb.workspaceId, GUILD_ID);
  assert.ok(fb.paperId && mechanistic.corpus.papers.has(fb.paperId), 'precedent number 1 resolved to a corpus paper');
  const stored = await store.answers.get(customId.split(':')[2]!);
  assert.equal(fb.paperId, stored?.answer?.precedents[0]?.id, 'number 1 is the stored answer’s first precedent');
});

test('concept autocomplete answers with corpus concepts (callback type 8)', async () => {
  const i = fake.interaction(4, slash('concept', [{ name: 'name', type: 3, value: 'patch', focused: true }]));
  const cb = await fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  assert.equal(cb.body.type, 8);
  assert.ok(cb.body.data.choices.length > 0 && cb.body.data.choices.length <= 25);
  assert.ok(cb.body.data.choices.some((c: any) => c.value === 'activation-patching'));
});

test('concept, term, paper, help, digest; a crash becomes an apology with a reference id', async () => {
  const concept = await replyTo(fake.interaction(2, slash('concept', [{ name: 'name', type: 3, value: 'activation-patching' }])));
  assertWithinLimits(concept.edit.body);
  const entry = mechanistic.concept('activation-patching');
  assert.ok(entry.found);
  assert.equal(concept.edit.body.embeds[0].title, entry.value.concept.name);
  const paperId = [...mechanistic.corpus.papers.keys()][0]!;
  const paper = fake.interaction(2, slash('paper', [text(paperId)]));
  const paperReply = await replyTo(paper);
  assertWithinLimits(paperReply.edit.body);
  const followUp = await fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${paper.token}`);
  assert.match(followUp.body.content, /^```bibtex\n@/, 'the BibTeX page follows as a follow-up');
  assertWithinLimits(followUp.body);
  const unknown = await replyTo(fake.interaction(2, slash('term', [{ name: 'word', type: 3, value: 'qwertyuiop' }])));
  assert.ok(unknown.edit.body.content.length > 0);
  const help = await replyTo(fake.interaction(2, slash('help')));
  assert.equal(help.callback.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(bodyText(help.edit.body), /\/mechanistic ask/);
  const status = await replyTo(fake.interaction(2, slash('digest', [{ name: 'action', type: 3, value: 'status' }])));
  assert.equal(status.callback.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(status.edit.body.content, /weekly digest is off here/);
  const on = await replyTo(fake.interaction(2, slash('digest', [{ name: 'action', type: 3, value: 'on' }, { name: 'timezone', type: 3, value: 'Europe/Berlin' }])));
  assert.equal((on.callback.body.data?.flags ?? 0) & EPHEMERAL, 0, 'turning the digest on is announced in the channel');
  assert.match(on.edit.body.content, /Weekly digest on: .*Europe\/Berlin/);
  assert.equal((await store.digest.getSubscription('discord', CHANNEL_ID))?.workspaceId, GUILD_ID);
  await replyTo(fake.interaction(2, slash('digest', [{ name: 'action', type: 3, value: 'keep-text-on' }])));
  await replyTo(fake.interaction(2, slash('ask', [text('probing for syntax in BERT')])));
  const keptReply = await replyTo(fake.interaction(2, slash('ask', [text('probing for syntax in BERT, again')])));
  const keptId = keptReply.edit.body.components[0].components[0].custom_id.split(':')[2];
  const kept = (await store.answers.get(keptId))?.queryText;
  assert.equal(kept, 'probing for syntax in BERT, again', 'question text is kept once the channel opted in');
  const crash = await replyTo(fake.interaction(2, slash('lineage', [{ name: 'concept', type: 3, value: 'probing' }])));
  assert.match(crash.edit.body.content, /^Sorry, something went wrong.*Reference: `[0-9a-f]{8}`/);
  assert.doesNotMatch(crash.edit.body.content, /lineage renderer crashed/, 'no internals in the apology');
});

test('message command "Is this mechanistic?" answers about the target message', async () => {
  const target = message({ content: 'Causal tracing of factual associations in GPT by restoring hidden states' });
  const i = fake.interaction(2, { id: '500000000000000006', name: 'Is this mechanistic?', type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } });
  const { callback, edit } = await replyTo(i);
  assert.equal(callback.body.type, 5);
  assertWithinLimits(edit.body);
  assert.match(edit.body.embeds[0].description, /Causal tracing/);

  const blank = message({ content: '' });
  const onBlank = await immediate(
    fake.interaction(2, { id: '500000000000000006', name: 'Is this mechanistic?', type: 3, target_id: blank.id, resolved: { messages: { [blank.id]: blank } } }),
  );
  assert.equal(onBlank.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(onBlank.body.data.content, /no text I can read/);
});

test('mentions are answered only in configured channels, as replies that ping nobody', async () => {
  const before = fake.requests.length;
  fake.postMessage(message({ channel_id: CHANNEL_ID, content: `<@${BOT_ID}> is probing mechanistic?`, mentions: [{ ...user(BOT_ID, 'mechanistic'), bot: true }] }));
  const question = message({ channel_id: MENTION_CHANNEL_ID, content: `<@${BOT_ID}> is logit lens mechanistic? cc @everyone`, mentions: [{ ...user(BOT_ID, 'mechanistic'), bot: true }] });
  fake.postMessage(question);
  const reply = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${MENTION_CHANNEL_ID}/messages`, before);
  assert.equal(reply.body.message_reference.message_id, question.id);
  assert.deepEqual(reply.body.allowed_mentions, { parse: [], replied_user: false });
  assertWithinLimits(reply.body);
  assert.equal(fake.requests.slice(before).filter((r) => r.path === `/channels/${CHANNEL_ID}/messages`).length, 0, 'no reply outside mention channels');

  const viaRole = message({ channel_id: MENTION_CHANNEL_ID, content: `<@&${BOT_ROLE_ID}> is amnesic probing causal?`, mention_roles: [BOT_ROLE_ID] });
  const mark = fake.requests.length;
  fake.postMessage(viaRole);
  const roleReply = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${MENTION_CHANNEL_ID}/messages`, mark);
  assert.equal(roleReply.body.message_reference.message_id, viaRole.id, 'mentioning the bot’s role counts as mentioning the bot');
  assert.match(roleReply.body.embeds[0].description, /amnesic probing/);
});

test('"@bot" alone in reply to a message asks about that message', async () => {
  const before = fake.requests.length;
  const paper = message({ channel_id: MENTION_CHANNEL_ID, content: 'New paper: we find induction heads by ablating attention heads' });
  fake.postMessage(paper);
  const ping = message({
    channel_id: MENTION_CHANNEL_ID,
    content: `<@${BOT_ID}>`,
    mentions: [{ ...user(BOT_ID, 'mechanistic'), bot: true }],
    message_reference: { type: 0, message_id: paper.id, channel_id: MENTION_CHANNEL_ID, guild_id: GUILD_ID },
    type: 19,
  });
  fake.postMessage(ping);
  const reply = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${MENTION_CHANNEL_ID}/messages`, before);
  assert.match(reply.body.embeds[0].description, /induction heads/);
});

test('registerCommands PUTs both commands to the guild through the REST client', async () => {
  const result = await registerCommands({ token: TOKEN, appId: APP_ID, guildId: GUILD_ID, api: fake.restApi });
  assert.deepEqual(result.names, ['mechanistic', 'Is this mechanistic?']);
  const put = await fake.waitFor((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
  assert.equal(put.authorization, `Bot ${TOKEN}`);
  const subs = put.body[0].options.map((o: any) => o.name);
  assert.deepEqual(subs, ['ask', 'concept', 'paper', 'term', 'check', 'help', 'digest', 'lineage']);
  assert.equal(put.body[1].type, 3);
  for (const command of put.body) {
    assert.deepEqual(command.integration_types, [0, 1], `${command.name}: installable to a server and to a user`);
    assert.deepEqual(command.contexts, [0, 1, 2], `${command.name}: usable in servers, the bot's DM and other DMs`);
  }
});

test('guildDelete deletes the server’s answers, feedback, stored questions and digest settings', async () => {
  const tables = ['answer', 'feedback', 'digest_subscription'];
  const count = (table: string) => store.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE workspace_id = ?`).pluck().get(GUILD_ID) as number;
  for (const t of tables) assert.ok(count(t) > 0, `${t} has rows for the server`);
  fake.dispatch('GUILD_DELETE', { id: GUILD_ID });
  await until(() => tables.every((t) => count(t) === 0), 'the server’s rows to be deleted');
});

test('without mention channels: no Message Content intent (runs where it is refused), lineage picture, question limits, token window', async () => {
  let paper = { id: '', token: '' };
  let skewed = { id: '', token: '' };
  const strict = await new FakeDiscord().listen();
  strict.disallowedIntents = GatewayIntentBits.MessageContent;
  // The local clock runs 16 minutes ahead of Discord's: by the interaction ids' timestamps every token
  // would look expired, but the 15 minutes count from when this process received the interaction.
  let ahead = 16 * 60_000;
  const slashOnly = partWith(strict, { MECHANISTIC_RATE_LIMIT_USER: '1' }, {}, () => new Date(Date.now() + ahead));
  try {
    await slashOnly.start();
    assert.equal(strict.identifies[0]!.intents, GatewayIntentBits.Guilds);

    const lineage = strict.interaction(2, slash('lineage', [{ name: 'concept', type: 3, value: 'activation patching' }]));
    const edit = await strict.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${lineage.token}/messages/@original`);
    assert.match(edit.body.content, /Lineage of Activation patching/);
    assert.deepEqual(edit.body.uploaded_files, ['files[0]'], 'the timeline picture is attached');
    assert.equal(edit.body.flags & 4, 4, 'link previews are suppressed');
    assertWithinLimits(edit.body);

    const first = strict.interaction(2, slash('ask', [text('logit lens on GPT-2 layers')]));
    await strict.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${first.token}/messages/@original`);
    const second = strict.interaction(2, slash('ask', [text('attention flow in BERT')]));
    const refused = await strict.waitFor((r) => r.path === `/interactions/${second.id}/${second.token}/callback`);
    assert.equal(refused.body.type, 4);
    assert.equal(refused.body.data.flags & EPHEMERAL, EPHEMERAL, 'only the asker sees the refusal');
    assert.match(refused.body.data.content, /more than 1 questions in a minute/);

    const paperId = [...mechanistic.corpus.papers.keys()][0]!;
    skewed = strict.interaction(2, slash('paper', [text(paperId)]));
    const followUp = await strict.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${skewed.token}`);
    assert.match(followUp.body.content, /^```bibtex/, 'a skewed local clock does not drop the BibTeX page');

    paper = strict.interaction(2, slash('paper', [text(paperId)]));
    await strict.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${paper.token}/messages/@original`);
    // While the first page is being sent, 16 minutes pass for this process: the token has died.
    ahead += 16 * 60_000;
    const later = strict.interaction(2, slash('help'));
    await strict.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${later.token}/messages/@original`);
  } finally {
    await slashOnly.stop();
  }
  assert.equal(
    strict.requests.filter((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${paper.token}`).length,
    0,
    'no follow-up is attempted once the interaction token has expired',
  );
  const withMentions = partWith(strict, { DISCORD_MENTION_CHANNELS: MENTION_CHANNEL_ID });
  try {
    await assert.rejects(withMentions.start(), (e: Error) => e instanceof DiscordStartError && /Message Content Intent/.test(e.message));
  } finally {
    await withMentions.stop();
    await strict.close();
  }
});

test('buttons read the stored answer: zero retriever calls, and they still work after the corpus is reloaded', async () => {
  // A new process with a freshly loaded corpus over the same store: only the store connects the two.
  const fresh = await replyTo(fake.interaction(2, slash('ask', [text('We patch activations of attention heads to find the circuit')])));
  const source = fresh.edit;
  await part.stop();
  const reloaded = countingMechanistic();
  part = partWith(fake, { DISCORD_MENTION_CHANNELS: MENTION_CHANNEL_ID }, {}, () => new Date(), reloaded.mechanistic);
  await part.start();
  const more = { edit: await updated(clickButton('more', source).i).then((r) => ({ body: r.body.data })) };
  assert.match(bodyText(more.edit.body), /More earlier work \(from #6\)/);
  const stored = await store.answers.get(clickButton('more', source).customId.split(':')[2]!);
  assert.ok(stored?.answer);
  for (const p of stored.answer.precedents.slice(5, 10)) assert.ok(bodyText(more.edit.body).includes(`${p.year}, `), `page 2 shows stored precedent ${p.id}`);
  const shown = stored.answer.precedents.slice(5, 10).map((p) => p.url.replace(/\(/g, '%28').replace(/\)/g, '%29'));
  assert.ok(shown.every((u) => bodyText(more.edit.body).includes(u)), 'page 2 is precedents 6–10 of the stored answer');
  const why = await replyTo(clickButton('why', source).i);
  assert.match(bodyText(why.edit.body), /Narrow technical/);
  const bib = await replyTo(clickButton('bib', source).i);
  assert.match(bib.edit.body.content, /^```bibtex\n@/);
  const { i } = clickButton('wrong', source);
  const modal = await fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  assert.equal(modal.body.type, 9, 'the feedback form opens from the store alone');
  assert.equal(reloaded.calls(), 0, 'no button reached the retriever');
});
