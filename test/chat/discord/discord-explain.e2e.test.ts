/**
 * The "Explain" button on Discord, end to end: the real discord.js client against the fake Discord,
 * the real `openai` client against the fake OpenAI-compatible server. The answer is posted before
 * the model is asked anything; the click answers privately with the grounded explanation, both
 * verdicts where the model and the rules disagree, and the cited papers from the corpus.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openMechanistic } from '../../../src/app.ts';
import { checkMessage } from '../../../src/chat/discord/limits.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import type { Part } from '../../../src/serve/part.ts';
import { createDiscordPart } from '../../../src/serve/parts/discord.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite.ts';
import { explanationReply, startFakeOpenAI, type FakeOpenAI } from '../../llm/fake-openai.ts';
import { partDeps } from '../../helpers/part-deps.ts';
import { APP_ID, BOT_ID, FakeDiscord, TOKEN, message, nextId, user, type RecordedRequest } from './fake-discord.ts';

const EPHEMERAL = 64;
const dir = mkdtempSync(join(tmpdir(), 'mechanistic-discord-llm-'));
let discord: FakeDiscord;
let openai: FakeOpenAI;
let store: SqliteStore;
let part: Part;

before(async () => {
  discord = await new FakeDiscord().listen();
  openai = await startFakeOpenAI();
  store = openSqliteStore(join(dir, 'mechanistic.db'));
  const config = loadConfig({
    MECHANISTIC_NETWORK: 'off',
    MECHANISTIC_DATA_DIR: dir,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APP_ID: APP_ID,
    OPENAI_BASE_URL: openai.baseURL,
    MECHANISTIC_LLM_MODEL: 'qwen2.5-7b-instruct',
  });
  const mechanistic = await openMechanistic(config, { dense: false });
  part = createDiscordPart(partDeps({ config, mechanistic, store, log: createLogger('silent') }), { restApi: discord.restApi });
  await part.start();
});

after(async () => {
  await part?.stop();
  await discord?.close();
  await openai?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function replyTo(i: { id: string; token: string }): Promise<{ callback: RecordedRequest; edit: RecordedRequest }> {
  const callback = await discord.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  const edit = await discord.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
  return { callback, edit };
}

function bodyText(body: any): string {
  return [body.content ?? '', ...(body.embeds ?? []).flatMap((e: any) => [e.title, e.description, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]), e.footer?.text ?? ''])].join('\n');
}

test('Explain: the answer is out first; the click explains it privately, grounded, with both verdicts where they differ', async () => {
  const i = discord.interaction(2, {
    id: '500000000000000005',
    name: 'mechanistic',
    type: 1,
    options: [{ type: 1, name: 'ask', options: [{ name: 'query', type: 3, value: 'We use activation patching on attention heads to find a circuit' }] }],
  });
  const answered = (await replyTo(i)).edit;
  const ids: string[] = answered.body.components[0].components.map((c: any) => c.custom_id);
  assert.equal(ids.length, 5);
  const explainId = ids.find((c) => c.startsWith('mech:explain:'))!;
  assert.ok(explainId, 'an Explain button when an LLM is configured');
  assert.equal(openai.requests.length, 0, 'the answer was posted before the model was asked anything');

  const stored = (await store.answers.get(explainId.split(':')[2]!))!.answer!;
  const cited = stored.precedents[0]!;
  openai.script(
    explanationReply({
      verdicts: { narrowTechnical: { verdict: stored.definitions.narrowTechnical.applies === false ? 'yes' : 'no', reason: 'The model weighs the evidence differently.' } },
      explanation: `Patching heads is an intervention [${cited.id}]. The idea goes back to "An Invented Title" by Doe et al.`,
      cites: [cited.id, 'doe2017invented'],
    }),
  );
  const msg = message({ ...answered.body, id: nextId(), author: { ...user(BOT_ID, 'mechanistic'), bot: true }, application_id: APP_ID });
  const click = await replyTo(discord.interaction(3, { custom_id: explainId, component_type: 2 }, { message: msg }));
  assert.equal(click.callback.body.data.flags & EPHEMERAL, EPHEMERAL, 'only the one who clicked sees it');
  checkMessage({ content: click.edit.body.content, embeds: click.edit.body.embeds });
  const text = bodyText(click.edit.body);
  assert.match(text, /In plain words/);
  assert.match(text, /Patching heads is an intervention \\\[1\\\]/, 'the [n] escaped as Markdown');
  assert.match(text, /Narrow technical: the model says (yes|no), the rules say/);
  assert.ok(text.includes(cited.url) && text.includes(String(cited.year)), 'the cited paper’s link and year from the corpus');
  assert.ok(!text.includes('Invented') && !text.includes('doe2017'), 'what retrieval did not find is not shown');
  assert.match(text, /2 mentions of papers retrieval did not find were dropped/);
  assert.equal(openai.requests.length, 1);
});
