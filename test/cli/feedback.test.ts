import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite.ts';

function io(dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async function* () {},
    env: { MECHANISTIC_DATA_DIR: dataDir },
  };
  return { value, out, err };
}

test('feedback list prints the stored reports as a table, and as JSON with --json', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-feedback-'));
  const store = openSqliteStore(databasePath(dataDir));
  await store.feedback.record({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U1', query: 'is probing mechanistic?', answerId: null, paperId: 'hupkes2018', comment: 'Came after the paper.\nCite an earlier one.', createdAt: new Date('2026-11-20T10:30:00Z') });
  await store.feedback.record({ platform: 'discord', workspaceId: 'G1', channelId: 'C2', userId: 'U2', query: 'q'.repeat(100), answerId: 'abc123', paperId: null, comment: 'Missing the real precedent.', createdAt: new Date('2026-11-21T08:00:00Z') });
  await store.close();

  const t = io(dataDir);
  assert.equal(await main(['feedback', 'list'], t.value), 0);
  const lines = t.out.join('\n').split('\n');
  assert.match(lines[0]!, /^id +when \(UTC\) +platform +workspace +paper +question +comment$/);
  assert.match(lines[2]!, /^1 +2026-11-20 10:30 +slack +T1 +hupkes2018 +is probing mechanistic\? +Came after the paper\. Cite an earlier one\.$/);
  assert.match(lines[3]!, /^2 +2026-11-21 08:00 +discord +G1 +- +q{39}… +Missing the real precedent\.$/);

  const j = io(dataDir);
  assert.equal(await main(['feedback', 'list', '--json', '--platform', 'slack'], j.value), 0);
  const rows = JSON.parse(j.out.join('')) as { platform: string; paperId: string; createdAt: string }[];
  assert.deepEqual(rows.map((r) => [r.platform, r.paperId, r.createdAt]), [['slack', 'hupkes2018', '2026-11-20T10:30:00.000Z']]);
});

test('feedback list without a database says so and creates nothing; bad input is a one-line usage error', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-feedback-empty-'));
  const t = io(dataDir);
  assert.equal(await main(['feedback', 'list'], t.value), 0);
  assert.match(t.out.join(''), /No feedback yet: there is no database at/);
  assert.equal(existsSync(databasePath(dataDir)), false);

  const bad = io(dataDir);
  assert.equal(await main(['feedback', 'show'], bad.value), 2);
  assert.match(bad.err.join(''), /unknown subcommand "show": the one subcommand is list/);
  const badPlatform = io(dataDir);
  assert.equal(await main(['feedback', 'list', '--platform', 'irc'], badPlatform.value), 2);
  assert.match(badPlatform.err.join(''), /--platform "irc" is not known: use slack, discord or web/);
});
