import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import { digestChatCommand, lineageChatCommand, parseDigestArgs, type DigestCommandContext } from '../../src/digest/chat-commands.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { logAnswer } from './helpers/answers.ts';
import { pngSize } from './helpers/png.ts';

const corpus = loadCorpus(fileURLToPath(new URL('./fixtures/corpus/', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'mechanistic-chat-digest-'));
const store = openSqliteStore(join(dir, 'mechanistic.db'));
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (over: Partial<DigestCommandContext>): DigestCommandContext => ({
  store,
  corpus,
  now: new Date('2026-11-25T12:00:00Z'),
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C1',
  userId: 'U-member',
  userCanManage: false,
  allowList: ['U-allowed'],
  ...over,
});

test('parsing the Slack words after "digest"', () => {
  assert.deepEqual(parseDigestArgs('on'), { action: 'on' });
  assert.deepEqual(parseDigestArgs('on Europe/Berlin fri 16:30'), { action: 'on', tz: 'Europe/Berlin', at: 'fri 16:30' });
  assert.deepEqual(parseDigestArgs('on mon 08:00 UTC'), { action: 'on', tz: 'UTC', at: 'mon 08:00' });
  assert.deepEqual(parseDigestArgs('preview 2026-W47'), { action: 'preview', week: '2026-W47' });
  assert.deepEqual(parseDigestArgs('keep-text on'), { action: 'keep-text', keep: true });
  assert.deepEqual(parseDigestArgs(''), { action: 'status' });
  assert.match((parseDigestArgs('weekly') as { error: string }).error, /unknown digest action "weekly"/);
});

test('only admins, channel managers and the allow-list may turn the digest on or off', async () => {
  const refused = await digestChatCommand(ctx({}), { action: 'on' });
  assert.equal(refused.ephemeral, true);
  assert.match(refused.text, /Only workspace admins and owners/);
  assert.equal(await store.digest.getSubscription('slack', 'C1'), null);

  const allowed = await digestChatCommand(ctx({ userId: 'U-allowed', defaultTz: 'Europe/Berlin' }), { action: 'on' });
  assert.match(allowed.text, /Weekly digest on: mon 09:00 \(Europe\/Berlin\)/);
  assert.equal((await store.digest.getSubscription('slack', 'C1'))?.tz, 'Europe/Berlin');

  const admin = await digestChatCommand(ctx({ userCanManage: true }), { action: 'on', at: 'fri 16:30' });
  assert.match(admin.text, /fri 16:30 \(Europe\/Berlin\)/, 'a second on keeps the zone and changes the time');

  assert.match((await digestChatCommand(ctx({}), { action: 'off' })).text, /Only workspace admins/);
  assert.match((await digestChatCommand(ctx({}), { action: 'keep-text', keep: true })).text, /Only workspace admins/);
  assert.equal(await store.privacy.keepsQuestionText('slack', 'C1'), false);
  assert.match((await digestChatCommand(ctx({ userCanManage: true }), { action: 'off' })).text, /Weekly digest off/);
  assert.equal(await store.digest.getSubscription('slack', 'C1'), null);
});

test('bad zones and times get one clear line, not an exception', async () => {
  const r = await digestChatCommand(ctx({ userCanManage: true, platform: 'discord', channelId: '9' }), { action: 'on', tz: 'Moon/Base' });
  assert.equal(r.ephemeral, true);
  assert.match(r.text, /time zone "Moon\/Base" is not known/);
  const w = await digestChatCommand(ctx({ platform: 'discord', channelId: '9' }), { action: 'preview', week: '2026-W99' });
  assert.match(w.text, /week "2026-W99" is not an ISO week/);
});

test('preview shows anyone the last complete week, privately, with the chart', async () => {
  const empty = await digestChatCommand(ctx({ channelId: 'C2' }), { action: 'preview' });
  assert.match(empty.text, /Nothing was asked about a known concept here in 2026-W47/);
  await logAnswer(store, { channel: 'C2', at: '2026-11-18T10:00:00Z', concepts: ['probing'] });
  const r = await digestChatCommand(ctx({ channelId: 'C2' }), { action: 'preview' });
  assert.equal(r.ephemeral, true);
  assert.match(r.text, /Probing classifiers \(asked once\)/);
  assert.equal(r.png?.name, 'mechanistic-digest-2026-W47.png');
  assert.deepEqual(pngSize(r.png!.data), { width: 1440, height: 720 });
});

test('lineage: the text and the picture of the same papers; unknown concepts get suggestions', async () => {
  const r = await lineageChatCommand(corpus, 'causal tracing');
  assert.match(r.text, /^Lineage of Activation patching \(activation-patching\)/);
  assert.match(r.text, /Vig et al\., "Investigating Gender Bias/);
  assert.match(r.text, /MI works on it:\n- 2022 {2}Meng et al\./);
  assert.equal(r.png?.name, 'mechanistic-lineage-activation-patching.png');
  assert.equal(pngSize(r.png!.data).width, 1800);
  const miss = await lineageChatCommand(corpus, 'probe heads');
  assert.equal(miss.ephemeral, true);
  assert.match(miss.text, /did you mean probing\?/);
});
