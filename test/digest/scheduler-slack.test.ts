import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DigestScheduler } from '../../src/digest/scheduler.ts';
import { createSlackPoster } from '../../src/chat/slack/digest-poster.ts';
import { createLogger } from '../../src/log.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { logAnswer } from './helpers/answers.ts';
import { startFakeSlack, type FakeSlack } from './helpers/fake-slack.ts';
import { pngSize } from './helpers/png.ts';

const CORPUS_DIR = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const corpus = loadCorpus(CORPUS_DIR);
const log = createLogger('silent');
const TOKEN = 'xoxb-test';

let clock = new Date('2026-11-20T12:00:00Z');
const now = () => clock;
let slack: FakeSlack;
const dirs: string[] = [];

before(async () => {
  slack = await startFakeSlack({ token: TOKEN, now });
});
after(async () => {
  await slack.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A store with a Berlin channel subscribed since 10 November and questions in 2026-W47 (16–22 Nov). */
async function setup(channel: string): Promise<{ path: string; store: Store }> {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-digest-'));
  dirs.push(dir);
  const path = join(dir, 'mechanistic.db');
  const store = openSqliteStore(path);
  await store.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: channel, tz: 'Europe/Berlin', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-10T10:00:00Z'));
  for (const at of ['2026-11-16T10:00:00Z', '2026-11-18T15:00:00Z', '2026-11-22T22:30:00Z']) {
    await logAnswer(store, { channel, at, concepts: ['activation-patching'], precedents: ['vig2020'] });
  }
  await logAnswer(store, { channel, at: '2026-11-19T09:00:00Z', concepts: ['probing', 'activation-patching'], precedents: ['giulianelli2018'] });
  // Sunday 23:30 in Berlin is already Monday in UTC terms of the next week: it belongs to W47.
  await logAnswer(store, { channel, at: '2026-11-22T22:59:00Z', concepts: ['probing'] });
  // Monday 00:30 Berlin: week 48, not in this digest.
  await logAnswer(store, { channel, at: '2026-11-22T23:30:00Z', concepts: ['probing'] });
  return { path, store };
}

function scheduler(store: Store, owner?: string): DigestScheduler {
  return new DigestScheduler({ store, corpus, poster: createSlackPoster({ token: TOKEN, apiUrl: slack.apiUrl }), now, log, owner });
}

const inChannel = (channel: string) => slack.posted.filter((p) => p.channel === channel);

test('posts the week once at Monday 09:00 Berlin, with the chart, and never again across restarts', async () => {
  const { path, store } = await setup('C-ONCE');
  clock = new Date('2026-11-23T07:59:00Z'); // 08:59 in Berlin: the run owed is last Monday's, for W46 (nothing asked)
  const first = await scheduler(store).tick();
  assert.deepEqual(first.map((r) => [r.isoWeek, r.outcome]), [['2026-W46', 'empty']]);
  assert.equal(inChannel('C-ONCE').length, 0, 'an empty week posts nothing');

  clock = new Date('2026-11-23T08:00:00Z');
  const s1 = scheduler(store);
  const posted = await s1.tick();
  assert.deepEqual(posted.map((r) => [r.isoWeek, r.outcome]), [['2026-W47', 'posted']]);
  const [msg] = inChannel('C-ONCE');
  assert.ok(msg);
  assert.deepEqual(msg.metadata, { event_type: 'mechanistic_digest', event_payload: { iso_week: '2026-W47' } });
  assert.match(msg.text, /Activation patching\* \(asked 4 times\)/);
  assert.match(msg.text, /Probing classifiers\* \(asked 2 times\)/);
  assert.ok(msg.text.indexOf('Activation patching') < msg.text.indexOf('Probing classifiers'), 'most asked first');
  const probing = msg.text.slice(msg.text.indexOf('Probing classifiers'));
  assert.ok(probing.indexOf('<https://aclanthology.org/W16-2524/|') > 0, 'ettinger2016 is shown');
  assert.ok(probing.indexOf('<https://aclanthology.org/W16-2524/|') < probing.indexOf('<https://aclanthology.org/W18-5426/|'), 'precedents earliest first');
  assert.match(probing, /and 1 more/, 'the fourth precedent is left out, with a pointer');
  assert.match(msg.text, /Vig et al\., NeurIPS 2020, in 3 answers this week/);
  const image = msg.blocks.find((b) => b.type === 'image');
  const chart = slack.uploads.get(image?.slack_file?.id ?? '');
  assert.ok(chart, 'the image block shows the uploaded chart');
  assert.deepEqual(pngSize(chart), { width: 1440, height: 720 });

  assert.deepEqual((await s1.tick()).map((r) => r.outcome), ['done']);
  clock = new Date('2026-11-25T08:00:00Z');
  await store.close();
  const restarted = openSqliteStore(path);
  assert.deepEqual((await scheduler(restarted).tick()).map((r) => r.outcome), ['done']);
  assert.equal(inChannel('C-ONCE').length, 1);
  assert.equal((await restarted.digest.getPosted('slack', 'C-ONCE', '2026-W47'))?.messageId, msg.ts);
  await restarted.close();
});

test('a process killed after Slack got the post but before recording it: the next scheduler finds the post and does not repeat it', async () => {
  const { path, store } = await setup('C-CRASH');
  await store.close();
  clock = new Date('2026-11-23T08:00:00Z');
  slack.holdPosts = true;
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./helpers/run-tick.ts', import.meta.url)), path, 'slack', slack.apiUrl, clock.toISOString(), CORPUS_DIR], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(slack.events, 'posted');
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
    slack.holdPosts = false;
  }
  const store2 = openSqliteStore(path);
  assert.equal((await store2.digest.getPosted('slack', 'C-CRASH', '2026-W47'))?.state, 'intent');
  assert.equal(inChannel('C-CRASH').length, 1);

  clock = new Date('2026-11-23T08:05:00Z'); // within the lease: the crashed claim is left alone
  assert.deepEqual((await scheduler(store2).tick()).map((r) => r.outcome), ['busy']);
  clock = new Date('2026-11-23T08:11:00Z');
  const [result] = await scheduler(store2).tick();
  assert.equal(result?.outcome, 'reconciled');
  assert.equal(inChannel('C-CRASH').length, 1, 'not posted twice');
  const row = await store2.digest.getPosted('slack', 'C-CRASH', '2026-W47');
  assert.equal(row?.state, 'sent');
  assert.equal(row?.messageId, inChannel('C-CRASH')[0]?.ts);
  await store2.close();
});

test('a process killed before anything reached Slack: the next scheduler posts the week (no skip)', async () => {
  const { path, store } = await setup('C-EARLY');
  await store.close();
  clock = new Date('2026-11-23T08:00:00Z');
  slack.holdUploads = true;
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./helpers/run-tick.ts', import.meta.url)), path, 'slack', slack.apiUrl, clock.toISOString(), CORPUS_DIR], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(slack.events, 'upload-requested');
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
    slack.holdUploads = false;
  }
  const store2 = openSqliteStore(path);
  assert.equal((await store2.digest.getPosted('slack', 'C-EARLY', '2026-W47'))?.state, 'intent');
  clock = new Date('2026-11-23T08:20:00Z');
  assert.deepEqual((await scheduler(store2).tick()).map((r) => r.outcome), ['posted']);
  assert.deepEqual((await scheduler(store2).tick()).map((r) => r.outcome), ['done']);
  assert.equal(inChannel('C-EARLY').length, 1);
  await store2.close();
});

test('two schedulers on one database post once', async () => {
  const { path, store } = await setup('C-TWO');
  const other = openSqliteStore(path);
  clock = new Date('2026-11-23T09:30:00Z');
  const results = (await Promise.all([scheduler(store, 'a').tick(), scheduler(other, 'b').tick()])).flat();
  assert.deepEqual(results.map((r) => r.outcome).sort(), ['busy', 'posted']);
  assert.equal(inChannel('C-TWO').length, 1);
  await store.close();
  await other.close();
});

test('a failed post is retried after the lease, checked first, and posted once', async () => {
  const { store } = await setup('C-FAIL');
  clock = new Date('2026-11-23T08:00:00Z');
  slack.failPosts = true;
  assert.deepEqual((await scheduler(store).tick()).map((r) => r.outcome), ['retry']);
  slack.failPosts = false;
  assert.match((await store.digest.getPosted('slack', 'C-FAIL', '2026-W47'))?.error ?? '', /internal_error|500/);
  clock = new Date('2026-11-23T08:10:00Z');
  assert.deepEqual((await scheduler(store).tick()).map((r) => r.outcome), ['posted']);
  assert.equal(inChannel('C-FAIL').length, 1);
  await store.close();
});

test('a scheduler down at the scheduled time catches up later that week; a subscription made after the run owes nothing', async () => {
  const { store } = await setup('C-LATE');
  await store.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: 'C-NEW', tz: 'Europe/Berlin', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-24T10:00:00Z'));
  await logAnswer(store, { channel: 'C-NEW', at: '2026-11-18T10:00:00Z', concepts: ['probing'] });
  clock = new Date('2026-11-25T14:00:00Z');
  const results = await scheduler(store).tick();
  assert.deepEqual(
    results.map((r) => [r.channelId, r.outcome]),
    [
      ['C-LATE', 'posted'],
      ['C-NEW', 'not-due'],
    ],
  );
  await store.close();
});

test('when Slack will not show the chart inline, the digest is posted as text and the chart shared in its thread', async () => {
  const { store } = await setup('C-NOIMG');
  clock = new Date('2026-11-23T08:00:00Z');
  slack.rejectImageBlocks = true;
  try {
    assert.deepEqual((await scheduler(store).tick()).map((r) => r.outcome), ['posted']);
  } finally {
    slack.rejectImageBlocks = false;
  }
  const [m] = inChannel('C-NOIMG');
  assert.equal(inChannel('C-NOIMG').length, 1);
  assert.equal(m?.blocks.some((b) => b.type === 'image'), false);
  const share = slack.shared.find((s) => s.channel === 'C-NOIMG');
  assert.equal(share?.threadTs, m?.ts);
  assert.deepEqual(pngSize(slack.uploads.get(share!.fileIds[0]!)!), { width: 1440, height: 720 });
  await store.close();
});
