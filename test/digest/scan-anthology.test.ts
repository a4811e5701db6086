/**
 * The weekly scan's ACL Anthology half, on the real Anthology XML in ../shared/data/acl-anthology (CC BY 4.0,
 * read in place, not copied): which week a volume is in, the volumes of a week, a scan of BlackboxNLP 2019's
 * week (2019-W32) through the same filter and precedents as arXiv papers, exactly once and resumable, and the
 * "New this week" section with Anthology links and the attribution line (preview, CLI).
 */
import { firstAppearance, isEarlier } from '../../src/core/dates.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sourceCacheOf } from '../../src/app/resolve-paper.ts';
import { ANTHOLOGY_ATTRIBUTION, anthologyVolumesOfWeek, eventFirstDay, volumeWeek } from '../../src/digest/anthology-week.ts';
import { formatIsoWeek } from '../../src/digest/iso-week.ts';
import { prepareDigest } from '../../src/digest/prepare.ts';
import { digestSlackMessage } from '../../src/digest/render-slack.ts';
import { PaperScanner, SCAN_LEASE_MS, type ScanPaperResult } from '../../src/digest/scan.ts';
import { createLogger } from '../../src/log.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { startLoopback, type Loopback } from '../ingest/loopback.ts';
import { loadListingFixture, startFakeArxivListing, type FakeArxivListing } from './helpers/fake-arxiv-listing.ts';
import { cliWith } from './helpers/cli.ts';
import { scanMechanistic, scanSources } from './helpers/scan-setup.ts';

const ANTHOLOGY_DIR = fileURLToPath(new URL('../../../shared/data/acl-anthology/', import.meta.url));
/** BlackboxNLP 2019 (W19-48, "August 2019", no event dates): the week of the first Monday of August 2019. */
const W32 = { year: 2019, week: 32 };
const MONDAY_AFTER = new Date('2019-08-12T09:00:00Z');
const log = createLogger('silent');
const mechanistic = scanMechanistic();
const corpus = mechanistic.corpus;

let arxiv: FakeArxivListing;
let s2: Loopback;
const dirs: string[] = [];
before(async () => {
  arxiv = await startFakeArxivListing(loadListingFixture());
  s2 = await startLoopback();
});
after(async () => {
  await arxiv.close();
  await s2.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scanner(store: Store, o: { now?: Date; owner?: string; dir?: string } = {}) {
  return new PaperScanner({
    store,
    mechanistic,
    sources: scanSources({ arxivApiUrl: arxiv.apiUrl, s2ApiUrl: `${s2.baseUrl}/graph/v1` }),
    cache: sourceCacheOf(store.sourceCache),
    categories: ['cs.CL'],
    anthologyDataDir: o.dir ?? ANTHOLOGY_DIR,
    now: () => o.now ?? MONDAY_AFTER,
    log,
    ...(o.owner ? { owner: o.owner } : {}),
  });
}

test("a volume's week: its event's first day when the Anthology has the event's dates, else the first Monday of its month, else none", () => {
  assert.deepEqual(eventFirstDay('December 6–10, 2023'), { year: 2023, month: 12, day: 6 });
  assert.deepEqual(eventFirstDay('May 31–June 5, 2025'), { year: 2025, month: 5, day: 31 });
  assert.deepEqual(eventFirstDay('November 12-16, 2024'), { year: 2024, month: 11, day: 12 });
  assert.equal(eventFirstDay('sometime in 2024'), undefined);
  const week = (v: Parameters<typeof volumeWeek>[0]) => {
    const w = volumeWeek(v);
    return w && formatIsoWeek(w);
  };
  assert.equal(week({ year: 2023, month: 12, eventStart: { year: 2023, month: 12, day: 6 } }), '2023-W49');
  assert.equal(week({ year: 2019, month: 8 }), '2019-W32', '1 August 2019 is a Thursday: the week of Monday 5 August');
  assert.equal(week({ year: 2020, month: 11 }), '2020-W45', '2 November 2020 is the first Monday');
  assert.equal(week({ year: 2024, month: 7 }), '2024-W27', '1 July 2024 is a Monday');
  assert.equal(week({ year: 2023 }), null, 'a yearly volume (TACL) is in no week');
});

test("the volumes of a week in the shared Anthology XML: BlackboxNLP 2023 by EMNLP 2023's dates (it is colocated), with EMNLP's volumes; no tutorials", async () => {
  const w49 = await anthologyVolumesOfWeek(ANTHOLOGY_DIR, { year: 2023, week: 49 });
  const ids = w49.map((v) => v.id);
  assert.ok(ids.includes('2023.blackboxnlp-1') && ids.includes('2023.emnlp-main'), ids.join(', '));
  assert.ok(!ids.includes('2023.emnlp-tutorial'), 'tutorial abstracts are left out');
  const bb = w49.find((v) => v.id === '2023.blackboxnlp-1')!;
  assert.deepEqual([bb.venue, bb.dated, bb.papers.length], ['BlackboxNLP 2023', 'event', 29]);
  assert.match(bb.papers[0]!.url, /^https:\/\/aclanthology\.org\/2023\.blackboxnlp-1\.\d+\/$/);
  assert.ok(bb.papers.every((p) => p.source === 'anthology' && p.year === 2023 && p.month === 12 && p.abstract));

  const w32 = await anthologyVolumesOfWeek(ANTHOLOGY_DIR, W32);
  assert.deepEqual(w32.map((v) => [v.id, v.venue, v.dated, v.papers.length]), [['W19-48', 'BlackboxNLP 2019', 'month', 28]]);
  assert.deepEqual(await anthologyVolumesOfWeek(ANTHOLOGY_DIR, { year: 2019, week: 33 }), []);
  await assert.rejects(anthologyVolumesOfWeek(join(ANTHOLOGY_DIR, 'no-such-dir'), W32), /ENOENT/);
});

test("a scan of BlackboxNLP 2019's week: the volume's interpretability papers kept with earlier precedents, once, resumable after a crash", async () => {
  const store = openSqliteStore(':memory:');
  // A scanner that claimed the week, stored one paper and died; its claim is taken over after the lease.
  await store.paperScans.claim({ isoWeek: '2019-W32', owner: 'crashed', categories: ['cs.CL'] }, MONDAY_AFTER);
  const stored = { id: 'W19-4803', source: 'anthology', title: 'stored before the crash', url: 'https://aclanthology.org/W19-4803/' };
  await store.paperScans.savePapers('2019-W32', [{ sourceId: 'acl:W19-4803', kept: false, rank: 0, result: stored }]);
  assert.equal((await scanner(store).scan(W32)).outcome, 'busy', 'within the lease the claim is left alone');

  const late = new Date(MONDAY_AFTER.getTime() + SCAN_LEASE_MS + 60_000);
  const run = await scanner(store, { now: late, owner: 'second' }).scan(W32);
  assert.equal(run.outcome, 'scanned', run.scan?.error ?? '');
  assert.deepEqual([run.scan?.listed, run.scan?.volumes, run.scan?.attempts], [0, [{ id: 'W19-48', venue: 'BlackboxNLP 2019', papers: 28 }], 2]);
  const all = await store.paperScans.papers('2019-W32', { all: true });
  assert.equal(all.length, 28, 'every paper of the volume analysed once');
  assert.ok(all.every((p) => /^acl:W19-48\d\d$/.test(p.sourceId)));
  assert.deepEqual(all.find((p) => p.sourceId === 'acl:W19-4803')!.result, stored, 'the paper stored before the crash is not analysed again');

  const kept = await store.paperScans.papers('2019-W32');
  assert.equal(run.scan?.kept, kept.length);
  assert.ok(kept.length >= 5 && kept.length < 28, `${kept.length} kept`);
  const clark = kept.find((p) => p.sourceId === 'acl:W19-4828');
  assert.ok(clark, 'Clark et al., "What Does BERT Look at?", is interpretability work');
  for (const p of kept) {
    const r = p.result as ScanPaperResult;
    assert.deepEqual([r.source, r.venue, r.url], ['anthology', 'BlackboxNLP 2019', `https://aclanthology.org/${r.id}/`]);
    assert.ok(r.concepts.length > 0);
    for (const q of r.precedents) {
      const prec = corpus.papers.get(q.id)!;
      // Earlier by first appearance (an arXiv posting counts): BlackboxNLP 2019 met in August 2019.
      const first = firstAppearance(prec);
      assert.ok(isEarlier(first, { year: 2019, month: 8 }), `${q.id} (first appeared ${first.year}-${first.month ?? '?'}) is earlier than ${r.id}`);
      assert.notEqual(prec.url, r.url, 'a paper is not its own precedent');
      // Nor is a paper of the same volume, though its arXiv preprint came first (Clark et al., June 2019).
      assert.ok(!prec.ids.acl?.startsWith('W19-48'), `${q.id} appeared with ${r.id}, in BlackboxNLP 2019`);
    }
  }
  assert.ok((clark!.result as ScanPaperResult).precedents.length > 0);
  // S2 has no reference lists here: whether they are cited is unknown; it was asked by Anthology id.
  assert.ok(s2.requests.some((r) => r.path.startsWith('/graph/v1/paper/ACL:W19-4828/references')));

  assert.equal((await scanner(store, { now: late, owner: 'third' }).scan(W32)).outcome, 'done', 'a scanned week is not scanned again');
  await store.close();
});

test('a data directory that cannot be read: the arXiv half still runs, with a notice', async () => {
  const store = openSqliteStore(':memory:');
  const run = await scanner(store, { dir: join(ANTHOLOGY_DIR, 'no-such-dir') }).scan(W32);
  assert.equal(run.outcome, 'scanned');
  assert.deepEqual(run.scan?.volumes, []);
  assert.match(run.scan?.notices.join(' ') ?? '', /ACL Anthology's volumes were not read \(MECHANISTIC_ANTHOLOGY_DATA_DIR could not be read: ENOENT\)/);
  await store.close();
});

test('"New this week" for the week: the Anthology papers with their links and venue, the CC BY attribution (Markdown and Slack)', async () => {
  const store = openSqliteStore(':memory:');
  assert.equal((await scanner(store).scan(W32)).outcome, 'scanned');
  const m = await prepareDigest(store.answers, corpus, { platform: 'slack', channelId: 'C-QUIET', tz: 'UTC' }, W32, { scans: store.paperScans, network: true });
  assert.ok(m, 'a week with new papers and no questions posts the papers');
  assert.match(m.markdown, /^## New this week\nOf the 28 papers of BlackboxNLP 2019 in the ACL Anthology published in 2019-W32, \d+ are interpretability work; here are the 5 that rediscover/);
  const lines = m.markdown.split('\n').filter((l) => l.startsWith('- ['));
  assert.equal(lines.length, 5);
  // Ranked by what they rediscover (uncited precedents, each at its concept's share of the main concept's score), each
  // with its link, authors and venue. Clark et al., pinned here until the thirty-fourth round, is not among them: as an
  // early paper on attention heads it has few earlier works to rediscover.
  const first = /^- \[(.+?)\]\((https:\/\/aclanthology\.org\/W19-48\d\d\/)\) \([^)]+, BlackboxNLP 2019\), on \*\*/.exec(lines[0]!);
  assert.ok(first, lines.join('\n'));
  assert.ok(lines.every((l) => /\(https:\/\/aclanthology\.org\/W19-48\d\d\/\) \([^)]+, BlackboxNLP 2019\)/.test(l)));
  assert.ok(m.markdown.includes(`_${ANTHOLOGY_ATTRIBUTION}_`));
  const slack = digestSlackMessage(m.digest);
  assert.ok(slack.blocks.some((b) => JSON.stringify(b).includes('ACL Anthology, https://aclanthology.org, CC BY 4.0')));
  assert.ok(slack.text.includes(`<${first[2]}|${first[1]}>`), slack.text);
  await store.close();
});

test('CLI: digest scan --week 2019-W32 and digest preview read the configured Anthology data and list the volume\'s interpretability papers', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-cli-anthology-'));
  dirs.push(dataDir);
  const env = {
    MECHANISTIC_DATA_DIR: dataDir,
    MECHANISTIC_ARXIV_API_URL: arxiv.apiUrl,
    MECHANISTIC_S2_API_URL: `${s2.baseUrl}/graph/v1`,
    MECHANISTIC_DIGEST_ARXIV_CATEGORIES: 'cs.CL',
    MECHANISTIC_ANTHOLOGY_DATA_DIR: ANTHOLOGY_DIR,
    LOG_LEVEL: 'silent',
  };
  const cli = cliWith(env);
  const run = await cli('digest', 'scan', '--week', '2019-W32');
  assert.equal(run.code, 0, run.err);
  assert.match(run.err, /and the ACL Anthology volumes of the week in /);
  assert.match(run.out, /^2019-W32: scanned now; 0 listed on arXiv, 28 in the ACL Anthology \(W19-48 BlackboxNLP 2019\), \d+ interpretability papers\n/);
  assert.match(run.out, /What Does BERT Look at\? An Analysis of BERT’s Attention https:\/\/aclanthology\.org\/W19-4828\//);
  const preview = await cli('digest', 'preview', '--platform', 'slack', '--channel', 'C1', '--week', '2019-W32', '--out', join(dataDir, 'w32.png'));
  assert.equal(preview.code, 0, preview.err);
  assert.match(preview.out, /^## New this week\nOf the 28 papers of BlackboxNLP 2019 in the ACL Anthology/);
  assert.match(preview.out, /\]\(https:\/\/aclanthology\.org\/W19-4828\/\) \(Clark et al\., BlackboxNLP 2019\)/);
  assert.ok(preview.out.includes(ANTHOLOGY_ATTRIBUTION));
});

test('a paper on arXiv and in an Anthology volume the same week is shown once, its higher-ranked entry', async () => {
  const { composeNewThisWeek } = await import('../../src/digest/new-papers.ts');
  const store = openSqliteStore(':memory:');
  assert.equal((await scanner(store).scan(W32)).outcome, 'scanned');
  const scan = (await store.paperScans.get('2019-W32'))!;
  const kept = await store.paperScans.papers('2019-W32');
  const clark = kept.find((p) => p.sourceId === 'acl:W19-4828')!;
  const r = clark.result as ScanPaperResult;
  // The same paper as an arXiv entry of the week (its arXiv version, 1906.04341), ranked lower.
  const onArxiv = { sourceId: '1906.04341', kept: true, rank: clark.rank - 1, result: { ...r, id: '1906.04341', source: undefined, venue: undefined, title: 'What does BERT look at? An analysis of BERT\'s attention', url: 'https://arxiv.org/abs/1906.04341' } };
  const n = composeNewThisWeek({ corpus, scan, papers: [...kept, onArxiv], limits: { papers: 50 } })!;
  assert.deepEqual(n.papers.filter((p) => /what does bert look at/i.test(p.title)).map((p) => p.url), ['https://aclanthology.org/W19-4828/']);
  assert.equal(n.papers.length, kept.length);
  await store.close();
});
