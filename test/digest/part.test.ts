import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDigestPart, digestPartFactory } from '../../src/serve/parts/digest.ts';
import { createSlackPoster } from '../../src/chat/slack/digest-poster.ts';
import { createAnswerStep } from '../../src/app/answer-step.ts';
import { createLogger } from '../../src/log.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite.ts';
import { logAnswer } from './helpers/answers.ts';
import { startFakeSlack } from './helpers/fake-slack.ts';

const CORPUS = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-digest-part-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('serve runs the digest part when a Slack or Discord bot token is configured, and not for retention alone', () => {
  assert.equal(digestPartFactory.enabled(loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir })), false);
  assert.equal(digestPartFactory.enabled(loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, DISCORD_TOKEN: 'x', DISCORD_APP_ID: '1' })), true);
  assert.equal(digestPartFactory.enabled(loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's' })), true);
  assert.equal(
    digestPartFactory.enabled(loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_RETENTION_DAYS: '30' })),
    false,
    'retention is applied by serve (store.applyRetention), not by the digest part',
  );
});

test('the part catches up on start with the injected clock, and stop waits for the post', async () => {
  const clock = new Date('2026-11-24T10:00:00Z'); // the day after the Monday run: a missed run is caught up
  const slack = await startFakeSlack({ token: 'xoxb-part', now: () => clock });
  const config = loadConfig({ MECHANISTIC_NETWORK: 'off', MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_RETENTION_DAYS: '60' });
  const store = openSqliteStore(databasePath(dataDir));
  await store.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: 'CP', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-01T00:00:00Z'));
  await logAnswer(store, { channel: 'CP', at: '2026-11-18T10:00:00Z', concepts: ['probing'] });
  await logAnswer(store, { channel: 'CP', at: '2026-08-01T10:00:00Z', concepts: ['probing'] }); // older than the retention
  const mechanistic = await openMechanistic(config, { corpusDir: CORPUS, dense: false });
  const log = createLogger('silent');
  const now = () => clock;
  const answers = createAnswerStep({ mechanistic, store, log, now, answerTimeoutMs: config.MECHANISTIC_ANSWER_TIMEOUT_MS, logQuestionText: false });
  const part = createDigestPart(
    { config, mechanistic, answers, store, log, now },
    createSlackPoster({ token: 'xoxb-part', apiUrl: slack.apiUrl }),
    { tickMs: 3_600_000 },
  );
  const posted = once(slack.events, 'posted');
  await part.start();
  await posted;
  await part.stop();
  assert.equal((await store.digest.getPosted('slack', 'CP', '2026-W47'))?.state, 'sent');
  assert.equal(slack.posted.length, 1);
  assert.equal(
    (await store.answers.surfacedSince(new Date('2026-01-01T00:00:00Z'))).questions,
    2,
    'the part leaves retention to serve: the answer older than the retention is still there',
  );
  await store.close();
  await slack.close();
});

test('a subscription on a platform without a token waits unclaimed', async () => {
  const { posterByPlatform } = await import('../../src/digest/poster.ts');
  const { DigestScheduler } = await import('../../src/digest/scheduler.ts');
  const { loadCorpus } = await import('../../src/corpus/load.ts');
  const store = openSqliteStore(join(dataDir, 'no-poster.db'));
  await store.digest.subscribe({ platform: 'discord', workspaceId: 'G1', channelId: '77', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-11-01T00:00:00Z'));
  await logAnswer(store, { platform: 'discord', channel: '77', at: '2026-11-18T10:00:00Z', concepts: ['probing'] });
  const slackOnly = posterByPlatform({ slack: createSlackPoster({ token: 'xoxb-unused', apiUrl: 'http://127.0.0.1:9/api/' }) });
  const s = new DigestScheduler({ store, corpus: loadCorpus(CORPUS), poster: slackOnly, now: () => new Date('2026-11-23T10:00:00Z'), log: createLogger('silent') });
  assert.deepEqual((await s.tick()).map((r) => r.outcome), ['no-poster']);
  assert.deepEqual(await store.digest.listPosted(), []);
  await store.close();
});
