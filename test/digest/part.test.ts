import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDigestPart, digestPartFactory } from '../../src/digest/part.ts';
import { createSlackPoster } from '../../src/digest/slack-poster.ts';
import { getPosted, subscribe } from '../../src/digest/store.ts';
import { createLogger } from '../../src/log.ts';
import { databasePath, openDatabase } from '../../src/store/database.ts';
import { logAnswer } from './helpers/answers.ts';
import { startFakeSlack } from './helpers/fake-slack.ts';

const CORPUS = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-digest-part-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('serve runs the digest part when a bot token or a retention is configured', () => {
  assert.equal(digestPartFactory.enabled(loadConfig({ MECHANISTIC_DATA_DIR: dataDir })), false);
  assert.equal(digestPartFactory.enabled(loadConfig({ MECHANISTIC_DATA_DIR: dataDir, DISCORD_TOKEN: 'x', DISCORD_APP_ID: '1' })), true);
  assert.equal(digestPartFactory.enabled(loadConfig({ MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_RETENTION_DAYS: '30' })), true, 'retention runs without a platform');
});

test('the part catches up on start with the injected clock, and stop waits for the post', async () => {
  const clock = new Date('2026-11-24T10:00:00Z'); // the day after the Monday run: a missed run is caught up
  const slack = await startFakeSlack({ token: 'xoxb-part', now: () => clock });
  const config = loadConfig({ MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_RETENTION_DAYS: '60' });
  const db = openDatabase(databasePath(dataDir));
  subscribe(db, { platform: 'slack', workspaceId: 'T1', channelId: 'CP', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-01T00:00:00Z'));
  logAnswer(db, { channel: 'CP', at: '2026-11-18T10:00:00Z', concepts: ['probing'] });
  logAnswer(db, { channel: 'CP', at: '2026-08-01T10:00:00Z', concepts: ['probing'] }); // older than the retention
  const mechanistic = await openMechanistic(config, { corpusDir: CORPUS, dense: false });
  const part = createDigestPart(
    { config, mechanistic, db, log: createLogger('silent'), now: () => clock },
    createSlackPoster({ token: 'xoxb-part', apiUrl: slack.apiUrl }),
    { tickMs: 3_600_000 },
  );
  const posted = once(slack.events, 'posted');
  await part.start();
  await posted;
  await part.stop();
  assert.equal(getPosted(db, 'slack', 'CP', '2026-W47')?.state, 'sent');
  assert.equal(slack.posted.length, 1);
  assert.equal(db.prepare('SELECT count(*) FROM answered_question').pluck().get(), 1, 'retention ran');
  db.close();
  await slack.close();
});

test('a subscription on a platform without a token waits unclaimed', async () => {
  const { posterByPlatform } = await import('../../src/digest/poster.ts');
  const { DigestScheduler } = await import('../../src/digest/scheduler.ts');
  const { listPosted } = await import('../../src/digest/store.ts');
  const { loadCorpus } = await import('../../src/corpus/load.ts');
  const db = openDatabase(join(dataDir, 'no-poster.db'));
  subscribe(db, { platform: 'discord', workspaceId: 'G1', channelId: '77', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-01T00:00:00Z'));
  logAnswer(db, { platform: 'discord', channel: '77', at: '2026-11-18T10:00:00Z', concepts: ['probing'] });
  const slackOnly = posterByPlatform({ slack: createSlackPoster({ token: 'xoxb-unused', apiUrl: 'http://127.0.0.1:9/api/' }) });
  const s = new DigestScheduler({ db, corpus: loadCorpus(CORPUS), poster: slackOnly, now: () => new Date('2026-11-23T10:00:00Z'), log: createLogger('silent') });
  assert.deepEqual((await s.tick()).map((r) => r.outcome), ['no-poster']);
  assert.deepEqual(listPosted(db), []);
  db.close();
});
