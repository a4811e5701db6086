import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite.ts';
import { logAnswer } from './helpers/answers.ts';
import { pngSize } from './helpers/png.ts';

const CORPUS = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-cli-digest-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    readStdin: async function* () {},
    env: { MECHANISTIC_DATA_DIR: dataDir },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

test('digest subscribe, list, unsubscribe', async () => {
  const sub = await cli('digest', 'subscribe', '--platform', 'slack', '--channel', 'C9', '--tz', 'Europe/Berlin', '--at', 'mon 09:00');
  assert.equal(sub.code, 0, sub.err);
  assert.match(sub.out, /Subscribed: slack C9, mon 09:00 Europe\/Berlin; next run 20\d\d-\d\d-\d\dT0[78]:00:00\.000Z/);
  const list = await cli('digest', 'list');
  assert.match(list.out, /slack C9 {2}mon 09:00 Europe\/Berlin {2}next .* last posted none yet/);
  const bad = await cli('digest', 'subscribe', '--platform', 'teams', '--channel', 'C9');
  assert.equal(bad.code, 2);
  assert.equal(bad.err, 'mechanistic digest: --platform "teams" is not known: use slack or discord\n');
  const badAt = await cli('digest', 'subscribe', '--platform', 'slack', '--channel', 'C9', '--at', 'someday');
  assert.equal(badAt.code, 2);
  assert.match(badAt.err, /--at "someday" is not a weekly time/);
  assert.equal((await cli('digest', 'unsubscribe', '--platform', 'slack', '--channel', 'C9')).code, 0);
  const again = await cli('digest', 'unsubscribe', '--platform', 'slack', '--channel', 'C9');
  assert.equal(again.code, 2);
  assert.match(again.err, /slack channel C9 is not subscribed/);
});

test('digest preview prints Markdown and writes the chart without posting; stats counts recent answers', async () => {
  const store = openSqliteStore(databasePath(dataDir));
  await logAnswer(store, { channel: 'C7', at: '2026-11-17T10:00:00Z', concepts: ['activation-patching'], precedents: ['vig2020'] });
  await logAnswer(store, { channel: 'C7', at: new Date(Date.now() - 86_400_000).toISOString(), concepts: ['probing'], precedents: ['ettinger2016'] });
  await store.close();
  const out = join(dataDir, 'w47.png');
  const r = await cli('digest', 'preview', '--channel', 'C7', '--week', '2026-W47', '--out', out, '--corpus', CORPUS);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^## What we asked about in 2026-W47/);
  assert.match(r.out, /### 1\. Activation patching \(asked once\)/);
  assert.match(r.err, /chart written to .*w47\.png/);
  assert.deepEqual(pngSize(readFileSync(out)), { width: 1440, height: 720 });
  const empty = await cli('digest', 'preview', '--channel', 'C7', '--week', '2026-W30', '--corpus', CORPUS);
  assert.match(empty.out, /posts nothing/);
  const defaultChart = await cli('digest', 'preview', '--channel', 'C7', '--week', '2026-W47', '--corpus', CORPUS);
  assert.ok(existsSync(join(dataDir, 'charts', 'digest-slack-C7-2026-W47.png')), defaultChart.err);

  const stats = await cli('digest', 'stats', '--days', '7', '--corpus', CORPUS);
  assert.match(stats.out, /^1 answered question in the last 7 days/);
  assert.match(stats.out, /1 {2}Probing classifiers \[probing\]/);
  assert.match(stats.out, /1 {2}Probing for Semantic Evidence .* \(2016\) \[ettinger2016\]/);
  const json = JSON.parse((await cli('digest', 'stats', '--days', '365', '--json')).out) as { questions: number };
  assert.equal(json.questions, 2);
  assert.equal((await cli('digest', 'stats', '--days', '0')).code, 2);
});

test('lineage prints the papers and writes the picture', async () => {
  const out = join(dataDir, 'lineage.png');
  const r = await cli('lineage', 'causal', 'mediation', 'analysis', '--out', out, '--corpus', CORPUS);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /NLPI first: .* 2020, 2 years before the earliest MI work here \(Meng et al\. 2022\)/);
  assert.equal(pngSize(readFileSync(out)).width, 1800);
  const miss = await cli('lineage', 'superposition', '--corpus', CORPUS);
  assert.equal(miss.code, 2);
  assert.match(miss.err, /^mechanistic lineage: no concept "superposition" in the corpus/);
});
