/**
 * Child process for the crash tests: one scheduler tick against a loopback Slack or Discord,
 * killed by the test while its post is in flight.
 * argv: <db path> <slack|discord> <api url> <now ISO> <corpus dir>
 */
import { loadCorpus } from '../../../src/corpus/load.ts';
import { createLogger } from '../../../src/log.ts';
import { openSqliteStore } from '../../../src/store/sqlite.ts';
import { createDiscordPoster } from '../../../src/chat/discord/digest-poster.ts';
import { DigestScheduler } from '../../../src/digest/scheduler.ts';
import { createSlackPoster } from '../../../src/chat/slack/digest-poster.ts';

const [dbPath, platform, apiUrl, nowIso, corpusDir] = process.argv.slice(2) as [string, string, string, string, string];
const poster = platform === 'slack' ? createSlackPoster({ token: 'xoxb-test', apiUrl }) : createDiscordPoster({ token: 'discord-test', apiUrl });
const scheduler = new DigestScheduler({
  store: openSqliteStore(dbPath),
  corpus: loadCorpus(corpusDir),
  poster,
  now: () => new Date(nowIso),
  log: createLogger('silent'),
  owner: 'crashing-child',
});
process.stdout.write('ready\n');
await scheduler.tick();
process.stdout.write('tick finished\n');
