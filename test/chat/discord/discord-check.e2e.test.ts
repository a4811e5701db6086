/**
 * `/mechanistic check link:` end to end: the real discord.js client started by createDiscordPart, against
 * the loopback fake Discord. With MECHANISTIC_NETWORK=off a bare link has no reference list (a private
 * note replaces the public placeholder); with the network on, Semantic Scholar is a loopback fake serving
 * the real reference list of Meng et al. 2022.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openMechanistic } from '../../../src/app.ts';
import { commandBodies } from '../../../src/chat/discord/commands.ts';
import { checkMessage } from '../../../src/chat/discord/limits.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Mechanistic } from '../../../src/core/service.ts';
import { createLogger } from '../../../src/log.ts';
import type { Part } from '../../../src/serve/part.ts';
import { createDiscordPart } from '../../../src/serve/parts/discord.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite.ts';
import { partDeps } from '../../helpers/part-deps.ts';
import { fixture, JSON_TYPE, startFakes, type Fakes } from '../../sources/fakes.ts';
import { APP_ID, FakeDiscord, TOKEN, type RecordedRequest } from './fake-discord.ts';

const EPHEMERAL = 64;
const MENG = 'https://arxiv.org/abs/2202.05262';
const dir = mkdtempSync(join(tmpdir(), 'mechanistic-discord-check-'));
let fakes: Fakes;
let mechanistic: Mechanistic;
const running: { part: Part; discord: FakeDiscord; store: SqliteStore }[] = [];

function config(extra: Record<string, string>) {
  return loadConfig({
    MECHANISTIC_NETWORK: 'off',
    MECHANISTIC_DATA_DIR: dir,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APP_ID: APP_ID,
    LOG_LEVEL: 'silent',
    MECHANISTIC_RATE_LIMIT_USER: '1000',
    MECHANISTIC_RATE_LIMIT_CHANNEL: '1000',
    ...extra,
  });
}

/** A part with its own database (and so its own cache of fetched reference lists). */
async function startPart(extra: Record<string, string> = {}): Promise<FakeDiscord> {
  const discord = await new FakeDiscord().listen();
  const own = mkdtempSync(join(dir, 'part-'));
  const store = openSqliteStore(join(own, 'mechanistic.db'));
  const part = createDiscordPart(partDeps({ config: config({ MECHANISTIC_DATA_DIR: own, ...extra }), mechanistic, store, log: createLogger('silent') }), { restApi: discord.restApi });
  running.push({ part, discord, store });
  await part.start();
  return discord;
}

before(async () => {
  fakes = await startFakes();
  fakes.s2.route('/graph/v1/paper/ARXIV:2202.05262/references', { body: fixture('s2-references-2202.05262.json'), headers: JSON_TYPE });
  mechanistic = await openMechanistic(config({}), { dense: false });
});

after(async () => {
  for (const { part, discord, store } of running) {
    await part.stop();
    await discord.close();
    await store.close();
  }
  await fakes?.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (link: string) => ({ id: '500000000000000005', name: 'mechanistic', type: 1, options: [{ type: 1, name: 'check', options: [{ name: 'link', type: 3, value: link }] }] });

function assertWithinLimits(body: any): void {
  checkMessage({ content: body.content, embeds: body.embeds });
  assert.deepEqual(body.allowed_mentions?.parse, [], 'nobody is pinged');
}

function bodyText(body: any): string {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e: any) => [e.title, e.description, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]), e.footer?.text])].join('\n');
}

test('the check subcommand is registered with a required link option', () => {
  const body = commandBodies()[0] as any;
  const sub = body.options.find((o: any) => o.name === 'check');
  assert.ok(sub, 'a check subcommand');
  assert.deepEqual(sub.options.map((o: any) => [o.name, o.required]), [['link', true]]);
});

test('network off: deferred publicly, then a private note that there are no references replaces the placeholder', async () => {
  const discord = await startPart();
  const i = discord.interaction(2, check(MENG));
  const callback = await discord.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  assert.equal(callback.body.type, 5, 'deferred first');
  const deleted = await discord.waitFor((r) => r.method === 'DELETE' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
  assert.ok(deleted, 'the public placeholder goes');
  const note = await discord.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${i.token}`);
  assert.equal(note.body.flags & EPHEMERAL, EPHEMERAL, 'only the asker sees it');
  assert.match(note.body.content, /^No references to check: can't fetch the paper's reference list/);
  assertWithinLimits(note.body);
  assert.equal(discord.requests.filter((r) => r.method === 'PATCH' && r.path.includes(i.token)).length, 0, 'no public check was posted');

  // Help lists check.
  const help = discord.interaction(2, { id: '500000000000000005', name: 'mechanistic', type: 1, options: [{ type: 1, name: 'help', options: [] }] });
  const helpEdit: RecordedRequest = await discord.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${help.token}/messages/@original`);
  assert.match(bodyText(helpEdit.body), /\/mechanistic check link:/);
});

test('network on: the check of a corpus paper against its Semantic Scholar references, public, within limits', async () => {
  const discord = await startPart({ ...fakes.env, MECHANISTIC_NETWORK: 'on', MECHANISTIC_SOURCE_TIMEOUT_MS: '3000' });
  const i = discord.interaction(2, check(MENG));
  const callback = await discord.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  assert.equal(callback.body.type, 5);
  assert.equal((callback.body.data?.flags ?? 0) & EPHEMERAL, 0, 'a public check');
  const edit = await discord.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
  assertWithinLimits(edit.body);
  const embed = edit.body.embeds[0];
  assert.match(embed.title, /^Reference check: Locating and Editing Factual Associations in GPT/);
  assert.match(embed.description, /\*\*Narrow technical\*\*: \S+.* · .*\*\*Broad cultural\*\*/);
  assert.match(embed.description, /References \(from Semantic Scholar\): 6 read, 6 matched to corpus papers, 0 not in the corpus/);
  const patching = embed.fields.find((f: any) => /^Activation patching: cites \d+ of \d+ earlier precedents$/i.test(f.name));
  assert.ok(patching, JSON.stringify(embed.fields.map((f: any) => f.name)));
  assert.match(patching.value, /✓ \[Amnesic Probing/);
  assert.match(patching.value, /✗ \[Neural Natural Language Inference Models Partially Embed/, 'Geiger et al. 2020 is missed');
});

test('a check counts against the per-user question limit; over it, the refusal is private and nothing is deferred', async () => {
  const discord = await startPart({ MECHANISTIC_RATE_LIMIT_USER: '1' });
  const first = discord.interaction(2, check(MENG));
  await discord.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${first.token}`);
  const second = discord.interaction(2, check(MENG));
  const refused = await discord.waitFor((r) => r.path === `/interactions/${second.id}/${second.token}/callback`);
  assert.equal(refused.body.type, 4, 'answered at once, not deferred');
  assert.equal(refused.body.data.flags & EPHEMERAL, EPHEMERAL);
  assert.match(refused.body.data.content, /more than 1 questions in a minute/);
});
