/**
 * The weekly paper scan against loopback fakes of the arXiv API (real-format Atom listing pages, paged with
 * start/max_results, opensearch:totalResults, a 503, an empty page) and of Semantic Scholar (reference lists):
 * what is kept, exactly once across two scanners and across a crash between fetch and store, and the digest's
 * "New this week" (preview, opt-out, topics, network off, limits).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sourceCacheOf } from '../../src/app/resolve-paper.ts';
import { ANTHOLOGY_ATTRIBUTION } from '../../src/digest/anthology-week.ts';
import { composeDigest } from '../../src/digest/compose.ts';
import type { NewThisWeek } from '../../src/digest/new-papers.ts';
import { NETWORK_OFF_NOTICE, prepareDigest } from '../../src/digest/prepare.ts';
import { DISCORD_CONTENT_LIMIT, digestMarkdown } from '../../src/digest/render-markdown.ts';
import { digestSlackMessage, SLACK_BLOCKS_LIMIT, SLACK_SECTION_TEXT_LIMIT } from '../../src/digest/render-slack.ts';
import { conceptShares, isInterpretabilityWork, PaperScanner, rediscoveryRank, SCAN_LEASE_MS, type ScanPaperResult } from '../../src/digest/scan.ts';
import { discordContent } from '../../src/chat/discord/digest-poster.ts';
import { createLogger } from '../../src/log.ts';
import { arxivListingQuery, SourceError } from '../../src/sources/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { startLoopback, type Loopback } from '../ingest/loopback.ts';
import { logAnswer } from './helpers/answers.ts';
import { pngSize } from './helpers/png.ts';
import { loadListingFixture, startFakeArxivListing, type FakeArxivListing } from './helpers/fake-arxiv-listing.ts';
import { cliWith } from './helpers/cli.ts';
import { scanMechanistic, scanSources } from './helpers/scan-setup.ts';

const W34 = { year: 2026, week: 34 };
const MONDAY_AFTER = new Date('2026-08-24T09:00:00Z');
const log = createLogger('silent');
const mechanistic = scanMechanistic();
const corpus = mechanistic.corpus;
const entries = loadListingFixture();
/** The hand labels of eval/digest-scan-labels.tsv: which listed papers are interpretability work. */
const labelled = new Map(
  readFileSync(new URL('../../eval/digest-scan-labels.tsv', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => /^\d{4}\.\d{4,5}\t/.test(l))
    .map((l) => [l.split('\t')[0]!, l.split('\t')[1] === 'yes'] as const),
);
const KEPT = ['2608.18089', '2608.18106', '2608.18545', '2608.18768'];
const S2_REFS = readFileSync(new URL('../fixtures/sources/s2-references-2608.18545.json', import.meta.url), 'utf8');

let arxiv: FakeArxivListing;
let s2: Loopback;
const dirs: string[] = [];
before(async () => {
  arxiv = await startFakeArxivListing(entries);
  s2 = await startLoopback();
  s2.route('/graph/v1/paper/ARXIV:2608.18545/references', { body: S2_REFS, headers: { 'content-type': 'application/json' } });
});
after(async () => {
  await arxiv.close();
  await s2.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-scan-'));
  dirs.push(dir);
  return join(dir, 'mechanistic.db');
}

function scanner(store: Store, o: { now?: Date; owner?: string; pageSize?: number; network?: boolean; arxivIntervalMs?: number } = {}) {
  const sources = scanSources({ arxivApiUrl: arxiv.apiUrl, s2ApiUrl: `${s2.baseUrl}/graph/v1`, network: o.network, arxivIntervalMs: o.arxivIntervalMs });
  const s = new PaperScanner({
    store,
    mechanistic,
    sources,
    cache: sourceCacheOf(store.sourceCache),
    categories: ['cs.CL'],
    now: () => o.now ?? MONDAY_AFTER,
    log,
    pageSize: o.pageSize ?? 10,
    ...(o.owner ? { owner: o.owner } : {}),
  });
  return Object.assign(s, { sources });
}

const listingRequests = () => arxiv.requests.filter((r) => r.query.includes('submittedDate:[202608170000 TO 202608232359]'));

test('the rediscovery rank counts each uncited precedent at its concept\'s share of the main concept\'s score', () => {
  const uncited = (concept: string, n: number, missRate: number | null = null) =>
    Array.from({ length: n }, (_, i) => ({ id: `${concept}-${i}`, concept, cited: null, missRate }));
  // One concept, four precedents not cited: 4.
  assert.equal(rediscoveryRank(uncited('probing', 4)), 4);
  // Three on the main concept and four on one read at a fifth of its score: 3 + 4 x 0.2, below the first paper.
  const faint = [...uncited('circuits', 3), ...uncited('memorization', 4)];
  const shares = conceptShares([
    { id: 'circuits', score: 0.5 },
    { id: 'memorization', score: 0.1 },
  ]);
  assert.deepEqual([...shares], [['circuits', 1], ['memorization', 0.2]]);
  assert.equal(rediscoveryRank(faint, shares), 3.8);
  // Without the shares every concept counts in full, as before: 7.
  assert.equal(rediscoveryRank(faint), 7);
  // A cited precedent counts for nothing; one listed under two concepts counts once, at the surer concept's share.
  const shared = [{ id: 'x', concept: 'memorization', cited: null, missRate: 0.5 }, { id: 'x', concept: 'circuits', cited: null, missRate: 0.5 }];
  assert.equal(rediscoveryRank([...shared, { id: 'y', concept: 'circuits', cited: true, missRate: 1 }], shares), 1.05);
  // Miss rates break ties, weighted the same way.
  assert.ok(rediscoveryRank(uncited('probing', 2, 0.9)) > rediscoveryRank(uncited('probing', 2, 0.1)));
});

test('the listing query: categories OR-ed, submission dates of the ISO week in GMT, to the minute', () => {
  assert.equal(
    arxivListingQuery(['cs.CL', 'cs.LG', 'cs.AI'], new Date('2026-08-17T00:00:00Z'), new Date('2026-08-24T00:00:00Z')),
    '(cat:cs.CL OR cat:cs.LG OR cat:cs.AI) AND submittedDate:[202608170000 TO 202608232359]',
  );
  assert.throws(() => arxivListingQuery(['cs.CL) OR (all:x'], new Date(0), new Date(1)), /not an arXiv category list/);
  assert.throws(() => arxivListingQuery([], new Date(0), new Date(1)), /not an arXiv category list/);
});

test('a listing page: entries with ids, dates and categories, opensearch:totalResults; a malformed answer is a clear error', async () => {
  const sources = scanSources({ arxivApiUrl: arxiv.apiUrl });
  const q = arxivListingQuery(['cs.CL'], new Date('2026-08-17T00:00:00Z'), new Date('2026-08-24T00:00:00Z'));
  const page = await sources.arxiv.listingPage(q, 20, 10);
  assert.equal(page.totalResults, 23, 'the two July entries are outside the week');
  assert.equal(page.entries, 3);
  assert.deepEqual(page.papers.map((p) => p.ids.arxiv), ['2608.19083', '2608.19124', '2608.19133']);
  assert.deepEqual([page.papers[0]!.year, page.papers[0]!.month, page.papers[0]!.date, page.papers[0]!.categories], [2026, 8, '2026-08-19', ['cs.CL']]);
  assert.equal(page.papers[0]!.url, 'https://arxiv.org/abs/2608.19083');
  const req = arxiv.requests.at(-1)!;
  assert.deepEqual([req.start, req.maxResults, req.sortBy, req.sortOrder], [20, 10, 'submittedDate', 'ascending']);
  await assert.rejects(sources.arxiv.listingPage('not a query', 0, 10), (e) => e instanceof SourceError && e.kind === 'bad-response');
  assert.deepEqual((await sources.arxiv.listingPage(arxivListingQuery(['cs.LG'], new Date('2026-08-17T00:00:00Z'), new Date('2026-08-24T00:00:00Z')), 0, 10)).totalResults, 0);
});

test('the scan pages the week (start/max_results) one request every 3 s, retries a 503, asks an empty page again, keeps exactly the interpretability papers', async () => {
  const store = openSqliteStore(':memory:');
  const before = listingRequests().length;
  arxiv.fail503At(10);
  arxiv.emptyAt(20);
  const s = scanner(store, { arxivIntervalMs: 3000 });
  const run = await s.scan(W34);
  assert.equal(run.outcome, 'scanned', run.scan?.error ?? '');
  const reqs = listingRequests().slice(before);
  assert.deepEqual(reqs.map((r) => [r.start, r.maxResults, r.status]), [[0, 10, 200], [10, 10, 503], [10, 10, 200], [20, 10, 200], [20, 10, 200]]);
  assert.equal(s.sources.sleeps.filter((ms) => ms === 1000).length, 1, 'one wait before retrying the 503');
  const spacing = s.sources.sleeps.filter((ms) => ms !== 1000);
  // Each request after the first waited until 3 s after the previous one started (the waits are what was left).
  assert.equal(spacing.length, reqs.length - 1, `a wait before every later request: ${spacing.join(', ')}`);
  assert.ok(spacing.every((ms) => ms > 0 && ms <= 3000));

  assert.deepEqual([run.scan?.state, run.scan?.listed, run.scan?.kept, run.scan?.notices], ['done', 23, 4, []]);
  assert.equal((await store.paperScans.paperIds('2026-W34')).length, 23, 'every listed paper is analysed once');
  const kept = await store.paperScans.papers('2026-W34');
  assert.deepEqual(kept.map((p) => p.sourceId).sort(), KEPT);
  for (const id of KEPT) assert.equal(labelled.get(id), true, `${id} is labelled interpretability work`);
  assert.ok(!kept.some((p) => ['2608.19133', '2608.18280', '2608.18307'].includes(p.sourceId)), 'keyword-only papers are left out');

  const byId = new Map(kept.map((p) => [p.sourceId, p.result as ScanPaperResult]));
  const sva = byId.get('2608.18545')!;
  assert.ok(sva.concepts.some((c) => c.id === 'syntactic-agreement'));
  assert.equal(sva.references, 'semantic-scholar');
  assert.deepEqual(sva.precedents.filter((p) => p.id === 'linzen2016').map((p) => p.cited), [true], 'its reference list cites Linzen et al. 2016');
  assert.ok(sva.precedents.some((p) => p.cited === false), 'and misses others');
  for (const p of sva.precedents) assert.ok(corpus.papers.get(p.id)!.year < 2026, 'every precedent is earlier');
  const other = byId.get('2608.18768')!;
  assert.equal(other.references, null, 'Semantic Scholar has no list for it: whether it cites them is unknown');
  assert.ok(other.precedents.every((p) => p.cited === null));
  assert.deepEqual(s2.requests.filter((r) => r.path.includes('/references')).length, 4, 'references are asked for the kept papers only');
  assert.ok(kept[0]!.rank >= kept[1]!.rank && kept[1]!.rank >= kept[2]!.rank);
  await store.close();
});

test('the filter is the bot\'s answer: broad cultural on at least three pieces of evidence and a recognized concept', async () => {
  const ask = (text: string) => mechanistic.ask({ text });
  assert.equal(isInterpretabilityWork(await ask('Tourism Question Answer System in Indian Language using Domain-Adapted Foundation Models')), false);
  const e = entries.find((x) => x.id === '2608.18545')!;
  assert.equal(isInterpretabilityWork(await ask(`${e.title}\n\n${e.abstract}`)), true);
});

test('a concept offered only as the closest guess does not make a listed paper interpretability work: the digest would charge it with rediscovering the guess\'s precedents', async () => {
  // "The Hidden Attention of Mamba Models" (arXiv:2403.01590, not in the corpus; CC0 metadata), read from
  // a real-paper eval split: the real recognizer finds no concept in it and offers the classifier's closest guess.
  const line = readFileSync(new URL('../eval/real-fresh-10.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .find((l) => l.includes('"arXiv:2403.01590"'));
  assert.ok(line, 'the eval split holds the abstract');
  const { title, query } = JSON.parse(line) as { title: string; query: string };
  // As the scan asks it: title and abstract.
  const answer = await mechanistic.ask({ text: `${title}\n\n${query.split('\n\n').slice(1).join('\n\n')}` });
  assert.ok(answer.concepts.length === 1 && answer.concepts[0]!.guess === true, JSON.stringify(answer.concepts));
  const bc = answer.definitions.broadCultural;
  assert.ok(bc.applies === true && bc.evidence.length >= 3, 'the verdict alone would keep it');
  assert.equal(isInterpretabilityWork(answer), false);
});

test('concepts and the verdicts drawn from them are not enough: a listed paper whose own words do not read as interpretability research is left out', async () => {
  // LVPruning (arXiv:2501.13652, labelled not interpretability in eval/digest-scan-labels.tsv): a token-pruning method.
  const e = JSON.parse(
    readFileSync(new URL('../../eval/digest-scan-sample.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .find((l) => l.includes('"2501.13652"'))!,
  ) as { id: string; title: string; authors: string[]; abstract: string };
  assert.equal(labelled.get('2501.13652'), false);
  // As the scan asks it: title and abstract, with the listing's facts as the fetched paper.
  const fetched = { id: `arxiv:${e.id}`, title: e.title, authors: e.authors, year: 2025, month: 1, venue: 'arXiv', url: `https://arxiv.org/abs/${e.id}`, abstract: e.abstract, source: 'arXiv' };
  const answer = await mechanistic.ask({ text: `${e.title}\n\n${e.abstract}`, resolution: { fetched, notices: [] } });
  const bc = answer.definitions.broadCultural;
  assert.ok(bc.applies === true && bc.evidence.length >= 3 && answer.concepts.some((c) => !c.guess), 'the answer alone would keep it');
  assert.equal(isInterpretabilityWork(answer), false);
});

test('two scanners on one database: the week is scanned once, and a scanned week is never listed again', async () => {
  const path = tempDb();
  const a = openSqliteStore(path);
  const b = openSqliteStore(path);
  const before = listingRequests().length;
  const runs = await Promise.all([scanner(a, { owner: 'a' }).scan(W34), scanner(b, { owner: 'b' }).scan(W34)]);
  assert.deepEqual(runs.map((r) => r.outcome).sort(), ['busy', 'scanned']);
  assert.equal(listingRequests().length - before, 3, 'three pages, asked once');
  assert.deepEqual((await scanner(b, { owner: 'c', now: new Date('2026-09-30T00:00:00Z') }).scan(W34)).outcome, 'done');
  assert.equal(listingRequests().length - before, 3);
  assert.equal((await a.paperScans.papers('2026-W34')).length, 4);
  await a.close();
  await b.close();
});

test('a scanner killed between fetching a page and storing its papers: the next one waits out the lease, reads the pages from the cache and finishes', async () => {
  const path = tempDb();
  openSqliteStore(path).close();
  const before = listingRequests().length;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./helpers/run-scan.ts', import.meta.url)), path, arxiv.apiUrl, MONDAY_AFTER.toISOString(), '10', '10'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    let out = '';
    for await (const chunk of child.stdout!) {
      out += String(chunk);
      if (out.includes('fetched')) break;
    }
  } finally {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  assert.deepEqual(listingRequests().slice(before).map((r) => r.start), [0, 10], 'it had fetched two pages');
  const store = openSqliteStore(path);
  const stale = await store.paperScans.get('2026-W34');
  assert.deepEqual([stale?.state, stale?.owner], ['running', 'crashing-scanner']);
  assert.equal((await store.paperScans.paperIds('2026-W34')).length, 10, 'the first page was stored, the second not');

  const soon = new Date(MONDAY_AFTER.getTime() + 60_000);
  assert.equal((await scanner(store, { now: soon }).scan(W34)).outcome, 'busy', 'within the lease the claim is left alone');
  const late = new Date(MONDAY_AFTER.getTime() + SCAN_LEASE_MS + 60_000);
  const run = await scanner(store, { now: late, owner: 'second' }).scan(W34);
  assert.equal(run.outcome, 'scanned');
  assert.deepEqual([run.scan?.state, run.scan?.owner, run.scan?.attempts, run.scan?.listed, run.scan?.kept], ['done', 'second', 2, 23, 4]);
  assert.deepEqual(listingRequests().slice(before).map((r) => r.start), [0, 10, 20], 'pages 0 and 10 came from the cache; only page 20 was asked');
  assert.equal((await store.paperScans.paperIds('2026-W34')).length, 23);
  await store.close();
});

test('network off: nothing is claimed or asked', async () => {
  const store = openSqliteStore(':memory:');
  const before = arxiv.requests.length;
  const run = await scanner(store, { network: false }).scan(W34);
  assert.equal(run.outcome, 'network-off');
  assert.equal(await store.paperScans.get('2026-W34'), null);
  assert.equal(arxiv.requests.length, before);
  await store.close();
});

/** A store with the week scanned and one channel that asked about probing in 2026-W34. */
async function scanned(): Promise<Store> {
  const store = openSqliteStore(':memory:');
  assert.equal((await scanner(store).scan(W34)).outcome, 'scanned');
  await logAnswer(store, { channel: 'C-ASK', at: '2026-08-18T10:00:00Z', concepts: ['probing'], precedents: ['ettinger2016'] });
  return store;
}

const channel = (channelId: string) => ({ platform: 'slack', channelId, tz: 'UTC' });
const papersOn = (store: Store, network = true) => ({ scans: store.paperScans, network });

test('preview: both sections; the new papers most-rediscovering first, each with a link, its concepts and what it does not cite', async () => {
  const store = await scanned();
  const m = await prepareDigest(store.answers, corpus, channel('C-ASK'), W34, papersOn(store));
  assert.ok(m);
  const md = m.markdown;
  assert.match(md, /^## What we asked about in 2026-W34/);
  assert.match(md, /## New this week\nOf 23 new arXiv papers in cs\.CL submitted in 2026-W34, 4 are interpretability work; here are the 4 that rediscover the most earlier NLP-interpretability work\./);
  const lines = md.split('\n').filter((l) => l.startsWith('- [') && l.includes('arxiv.org/abs/2608'));
  assert.equal(lines.length, 4);
  const kept = await store.paperScans.papers('2026-W34');
  assert.deepEqual(lines.map((l) => /arxiv\.org\/abs\/(\d{4}\.\d{5})/.exec(l)![1]), kept.map((p) => p.sourceId), 'in rank order');
  const sva = lines.find((l) => l.includes('2608.18545'))!;
  assert.match(sva, /^- \[Shared Circuits for Shared Grammar[^\]]*\]\(https:\/\/arxiv\.org\/abs\/2608\.18545\) \([^)]+\), on \*\*/);
  assert.match(sva, /does not cite \[[A-Z][^\]]+ \d{4}\]\(https?:\/\/[^)]+\)/);
  assert.match(sva, /cites 1 of \d+ earlier precedents\.$/);
  assert.ok(!sva.includes('[Linzen et al. 2016]'), 'a cited precedent is not listed as missed');
  assert.match(lines.find((l) => l.includes('2608.18768'))!, /rediscovers .*\(its reference list could not be checked\)\.$/);
  assert.equal(m.digest.newThisWeek?.papers.length, 4);
  await store.close();
});

test('a week with new papers and no questions posts the new papers alone; with neither, nothing', async () => {
  const store = await scanned();
  const m = await prepareDigest(store.answers, corpus, channel('C-QUIET'), W34, papersOn(store));
  assert.ok(m);
  assert.match(m.markdown, /^## New this week\n/);
  assert.ok(!m.markdown.includes('What we asked'));
  assert.match(m.markdown, /_Chart: concepts of the week's new papers\. mechanistic digest 2026-W34\._$/, 'with no questions the chart shows the new papers\' concepts');
  assert.deepEqual(m.digest.newThisWeek?.concepts.slice(0, 1).map((c) => c.papers), [1]);
  assert.deepEqual(pngSize(m.chartPng), { width: 1440, height: 720 });
  const slack = digestSlackMessage(m.digest);
  assert.deepEqual(slack.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'New this week (2026-W34)' } });
  const image = digestSlackMessage(m.digest, 'F0CHART').blocks.find((b) => b.type === 'image') as { alt_text: string } | undefined;
  assert.equal(image?.alt_text, "Concepts of the week's new interpretability papers, 2026-W34", 'the alt text says what this chart shows');
  assert.equal(await prepareDigest(store.answers, corpus, channel('C-QUIET'), { year: 2026, week: 35 }, papersOn(store)), null, 'an unscanned week with no questions posts nothing');
  await store.close();
});

test('opt-out and topics: papers off leaves the section out (and a quiet week posts nothing); topics keep the papers on those concepts', async () => {
  const store = await scanned();
  const now = new Date('2026-08-20T00:00:00Z');
  await store.paperScans.setChannelPapers('slack', 'C-ASK', false, 'U1', now);
  const off = await prepareDigest(store.answers, corpus, channel('C-ASK'), W34, papersOn(store));
  assert.ok(off && !off.markdown.includes('New this week') && !off.digest.notices);
  await store.paperScans.setChannelPapers('slack', 'C-QUIET', false, 'U1', now);
  assert.equal(await prepareDigest(store.answers, corpus, channel('C-QUIET'), W34, papersOn(store)), null);

  await store.paperScans.setChannelTopics('slack', 'C-TOPIC', ['representational-similarity'], 'U1', now);
  const topic = await prepareDigest(store.answers, corpus, channel('C-TOPIC'), W34, papersOn(store));
  assert.deepEqual(topic?.digest.newThisWeek?.papers.map((p) => p.id), ['2608.18768']);
  assert.match(topic!.markdown, /here is the one on this channel's topics \(Representational similarity analysis\)/);
  await store.paperScans.setChannelTopics('slack', 'C-NONE', ['logit-lens'], 'U1', now);
  assert.equal(await prepareDigest(store.answers, corpus, channel('C-NONE'), W34, papersOn(store)), null, 'no new paper on its topics and no questions');
  await store.close();
});

test('MECHANISTIC_NETWORK=off: the section is left out with a notice; a quiet week still posts nothing', async () => {
  const store = await scanned();
  const m = await prepareDigest(store.answers, corpus, channel('C-ASK'), W34, papersOn(store, false));
  assert.ok(m && !m.markdown.includes('## New this week'));
  assert.ok(m.markdown.includes(`_${NETWORK_OFF_NOTICE}_`));
  assert.ok(digestSlackMessage(m.digest).text.includes('MECHANISTIC_NETWORK=off'));
  assert.equal(await prepareDigest(store.answers, corpus, channel('C-QUIET'), W34, papersOn(store, false)), null);
  await store.close();
});

test('limits: a full digest with long titles fits Slack\'s blocks and sections and Discord\'s 2,000 characters, marker kept', async () => {
  const store = await scanned();
  const scan = (await store.paperScans.get('2026-W34'))!;
  const big: NewThisWeek = {
    isoWeek: '2026-W34',
    listed: 4210,
    found: 40,
    volumes: [
      { id: '2023.blackboxnlp-1', venue: 'BlackboxNLP 2023', papers: 29 },
      { id: '2023.emnlp-main', venue: 'EMNLP 2023', papers: 1047 },
    ],
    attribution: ANTHOLOGY_ATTRIBUTION,
    categories: ['cs.CL', 'cs.LG', 'cs.AI'],
    topics: [],
    concepts: [{ name: 'Probing classifiers', papers: 30 }],
    notices: scan.notices,
    more: 35,
    papers: Array.from({ length: 5 }, (_, i) => ({
      id: `2608.1000${i}`,
      title: `A very long title ${'about circuits and probing '.repeat(12)}${i}`,
      url: `https://arxiv.org/abs/2608.1000${i}`,
      authorsShort: 'Someone et al.',
      concepts: [
        { id: 'probing', name: 'Probing classifiers' },
        { id: 'circuits', name: 'Circuits' },
      ],
      precedents: ['linzen2016', 'vig2020', 'giulianelli2018'].map((id) => {
        const p = corpus.papers.get(id)!;
        return { id, title: p.title, authorsShort: 'X et al.', year: p.year, url: p.url, cited: false, missRate: 0.5, measured: { citing: 1, papers: 2 } };
      }),
      earlier: 9,
      cited: 2,
      morePrecedents: 4,
    })),
  };
  const questions = [];
  for (const c of ['probing', 'activation-patching', 'circuits', 'logit-lens', 'steering-vectors', 'sparse-autoencoders']) questions.push({ askedAt: new Date('2026-08-18T10:00:00Z'), conceptIds: [c], precedentIds: [] });
  const d = composeDigest({ corpus, week: W34, tz: 'UTC', questions, newThisWeek: big })!;
  const slack = digestSlackMessage(d, 'F123');
  assert.ok(slack.blocks.length <= SLACK_BLOCKS_LIMIT);
  for (const b of slack.blocks) {
    const text = (b as { text?: { text?: string } }).text?.text ?? '';
    assert.ok(text.length <= SLACK_SECTION_TEXT_LIMIT);
  }
  assert.ok(slack.text.length <= 4000);
  assert.deepEqual(slack.blocks.at(-1), { type: 'context', elements: [{ type: 'mrkdwn', text: 'mechanistic digest 2026-W34' }] });
  const discord = discordContent(digestMarkdown(d), d);
  assert.ok(discord.length <= DISCORD_CONTENT_LIMIT, `${discord.length} characters`);
  assert.match(discord, /mechanistic digest 2026-W34/);
  assert.match(discord, /## New this week/, 'the compact form keeps the new papers');
  assert.ok(discord.includes(ANTHOLOGY_ATTRIBUTION), 'and the Anthology\'s attribution');
  await store.close();
});

test('chat: digest papers on|off and digest topics, for managers only; a preview shows "New this week"', async () => {
  const { digestChatCommand, parseDigestArgs } = await import('../../src/digest/chat-commands.ts');
  const { digestActionOf } = await import('../../src/chat/discord/handlers.ts');
  assert.deepEqual(parseDigestArgs('papers off'), { action: 'papers', on: false });
  assert.deepEqual(parseDigestArgs('topics probing, activation-patching'), { action: 'topics', topics: ['probing', 'activation-patching'] });
  assert.match((parseDigestArgs('papers maybe') as { error: string }).error, /digest papers needs on or off/);
  assert.deepEqual(digestActionOf('papers-on', null, null, null), { action: 'papers', on: true });
  assert.deepEqual(digestActionOf('topics', null, null, null, 'probing circuits'), { action: 'topics', topics: ['probing', 'circuits'] });

  const store = await scanned();
  const ctx = (userCanManage: boolean, network = true) => ({
    store,
    corpus,
    now: new Date('2026-08-25T12:00:00Z'),
    platform: 'slack' as const,
    workspaceId: 'T1',
    channelId: 'C-ASK',
    userId: 'U1',
    userCanManage,
    allowList: [],
    network,
  });
  const preview = await digestChatCommand(ctx(false), { action: 'preview' });
  assert.ok(preview.ephemeral);
  assert.match(preview.text, /## What we asked about in 2026-W34[\s\S]*## New this week/);
  assert.match((await digestChatCommand(ctx(false, false), { action: 'preview' })).text, /MECHANISTIC_NETWORK=off/);

  assert.match((await digestChatCommand(ctx(false), { action: 'papers', on: false })).text, /^Only workspace admins/);
  assert.deepEqual(await store.paperScans.channelSettings('slack', 'C-ASK'), { papers: true, topics: [] });
  const off = await digestChatCommand(ctx(true), { action: 'papers', on: false });
  assert.deepEqual([off.ephemeral, (await store.paperScans.channelSettings('slack', 'C-ASK')).papers], [false, false]);
  assert.ok(!(await digestChatCommand(ctx(true), { action: 'preview' })).text.includes('New this week'));
  await digestChatCommand(ctx(true), { action: 'papers', on: true });

  const bad = await digestChatCommand(ctx(true), { action: 'topics', topics: ['probing', 'not-a-concept'] });
  assert.match(bad.text, /not a concept id: "not-a-concept"/);
  const set = await digestChatCommand(ctx(true), { action: 'topics', topics: ['probing', 'Circuits'] });
  assert.match(set.text, /only papers on: Probing classifiers, Circuits/);
  assert.deepEqual((await store.paperScans.channelSettings('slack', 'C-ASK')).topics, ['probing', 'circuits']);
  assert.match((await digestChatCommand(ctx(false), { action: 'topics', topics: [] })).text, /keeps papers on: Probing classifiers, Circuits/);
  await digestChatCommand(ctx(true), { action: 'topics', topics: ['all'] });
  assert.deepEqual((await store.paperScans.channelSettings('slack', 'C-ASK')).topics, []);
  await store.close();
});

test('CLI: digest scan --week against the fakes, then papers, topics and a preview with both sections', async () => {
  const { main } = await import('../../src/cli/main.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-cli-scan-'));
  dirs.push(dataDir);
  const env = { MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_ARXIV_API_URL: arxiv.apiUrl, MECHANISTIC_S2_API_URL: `${s2.baseUrl}/graph/v1`, MECHANISTIC_DIGEST_ARXIV_CATEGORIES: 'cs.CL', LOG_LEVEL: 'silent' };
  const cli = cliWith(env);
  const bad = await cli('digest', 'scan', '--week', '2026-W99');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /week "2026-W99" is not an ISO week/);
  const off = await main(['digest', 'scan', '--week', '2026-W34'], { stdout: () => undefined, stderr: (t) => assert.match(t, /MECHANISTIC_NETWORK=off/), readStdin: async function* () {}, env: { ...env, MECHANISTIC_NETWORK: 'off' } });
  assert.equal(off, 2);

  const run = await cli('digest', 'scan', '--week', '2026-W34');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /^2026-W34: scanned now; 23 listed, 4 interpretability papers\n/);
  assert.equal(run.out.match(/https:\/\/arxiv\.org\/abs\/2608\./g)?.length, 4);
  assert.match((await cli('digest', 'scan', '--week', '2026-W34')).out, /^2026-W34: already scanned/);

  assert.equal((await cli('digest', 'topics', '--platform', 'slack', '--channel', 'C1', 'representational-similarity')).code, 0);
  assert.match((await cli('digest', 'topics', '--platform', 'slack', '--channel', 'C1')).out, /keeps new papers on: Representational similarity analysis \[representational-similarity\]/);
  assert.equal((await cli('digest', 'topics', '--platform', 'slack', '--channel', 'C1', 'nonsense')).code, 2);
  const preview = await cli('digest', 'preview', '--platform', 'slack', '--channel', 'C1', '--week', '2026-W34', '--out', join(dataDir, 'w34.png'));
  assert.equal(preview.code, 0, preview.err);
  assert.match(preview.out, /^## New this week\n.*here is the one on this channel's topics \(Representational similarity analysis\)/);
  assert.equal((await cli('digest', 'papers', '--platform', 'slack', '--channel', 'C1', 'off')).code, 0);
  assert.match((await cli('digest', 'preview', '--platform', 'slack', '--channel', 'C1', '--week', '2026-W34')).out, /that week's digest posts nothing/);
});

test('two schedulers sharing a database: the week is scanned once, each channel gets one post with "New this week"', async () => {
  const { DigestScheduler } = await import('../../src/digest/scheduler.ts');
  const { createSlackPoster } = await import('../../src/chat/slack/digest-poster.ts');
  const { startFakeSlack } = await import('./helpers/fake-slack.ts');
  const clock = new Date('2026-08-24T09:00:00Z');
  const slack = await startFakeSlack({ token: 'xoxb-test', now: () => clock });
  const path = tempDb();
  const a = openSqliteStore(path);
  const b = openSqliteStore(path);
  try {
    for (const c of ['C-S1', 'C-S2']) {
      await a.digest.subscribe({ platform: 'slack', workspaceId: 'T1', channelId: c, tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, new Date('2026-08-01T00:00:00Z'));
    }
    await logAnswer(a, { channel: 'C-S1', at: '2026-08-18T10:00:00Z', concepts: ['probing'], precedents: ['ettinger2016'] });
    const before = listingRequests().length;
    const scheduler = (store: Store, owner: string) =>
      new DigestScheduler({
        store,
        corpus,
        poster: createSlackPoster({ token: 'xoxb-test', apiUrl: slack.apiUrl }),
        now: () => clock,
        log,
        owner,
        papers: { scans: store.paperScans, network: true },
        scanner: scanner(store, { owner: `scan-${owner}`, now: clock }),
      });
    const [ra, rb] = await Promise.all([scheduler(a, 'a').tick(), scheduler(b, 'b').tick()]);
    const outcomes = [...ra, ...rb].map((r) => `${r.channelId} ${r.outcome}`).sort();
    assert.equal(outcomes.filter((o) => o.endsWith('posted')).length, 2, outcomes.join('; '));
    // The loser of the scan race waits for the next tick ('busy'); ticking again finishes nothing twice.
    const again = [...(await scheduler(a, 'a').tick()), ...(await scheduler(b, 'b').tick())];
    assert.ok(again.every((r) => r.outcome === 'done'), again.map((r) => r.outcome).join(', '));
    assert.equal(listingRequests().length - before, 3, 'the listing was read once');
    const posted = (c: string) => slack.posted.filter((p) => p.channel === c);
    assert.equal(posted('C-S1').length, 1);
    assert.equal(posted('C-S2').length, 1);
    assert.match(posted('C-S1')[0]!.text, /What we asked about in 2026-W34[\s\S]*New this week/);
    assert.match(posted('C-S2')[0]!.text, /^\*New this week \(2026-W34\)\*/);
    assert.equal((posted('C-S2')[0]!.text.match(/<https:\/\/arxiv\.org\/abs\/2608\./g) ?? []).length, 4);
  } finally {
    await a.close();
    await b.close();
    await slack.close();
  }
});

const pgUrl = process.env.MECHANISTIC_TEST_DATABASE_URL?.trim() || undefined;

test('PostgreSQL: two instances scanning the same week at once scan it once', { skip: pgUrl ? false : 'MECHANISTIC_TEST_DATABASE_URL is not set' }, async () => {
  const pg = (await import('pg')).default;
  const { openPostgresStore } = await import('../../src/store/postgres.ts');
  const { randomBytes } = await import('node:crypto');
  const admin = new pg.Pool({ connectionString: pgUrl, max: 1 });
  const schema = `mech_scan_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const a = await openPostgresStore(pgUrl!, { schema, max: 4 });
  const b = await openPostgresStore(pgUrl!, { schema, max: 4 });
  try {
    const before = listingRequests().length;
    const runs = await Promise.all([scanner(a, { owner: 'pg-a' }).scan(W34), scanner(b, { owner: 'pg-b' }).scan(W34), scanner(b, { owner: 'pg-c' }).scan(W34)]);
    assert.deepEqual(runs.map((r) => r.outcome).sort(), ['busy', 'busy', 'scanned']);
    assert.equal(listingRequests().length - before, 3);
    assert.deepEqual((await b.paperScans.papers('2026-W34')).map((p) => p.sourceId).sort(), KEPT);
    assert.equal((await a.paperScans.paperIds('2026-W34')).length, 23);
  } finally {
    await a.close();
    await b.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
});

test('arXiv down: the scan fails (after its one retry), the digest goes out with a notice, and the scan is tried again after the lease', async () => {
  const store = openSqliteStore(':memory:');
  await logAnswer(store, { channel: 'C-ASK', at: '2026-08-18T10:00:00Z', concepts: ['probing'], precedents: ['ettinger2016'] });
  arxiv.fail503At(0);
  arxiv.fail503At(0);
  const first = await scanner(store).scan(W34);
  assert.equal(first.outcome, 'failed');
  assert.match(first.scan?.error ?? '', /arXiv answered 503/);
  assert.equal((await scanner(store, { now: new Date(MONDAY_AFTER.getTime() + 60_000) }).scan(W34)).outcome, 'failed', 'not retried within the lease');
  const m = await prepareDigest(store.answers, corpus, channel('C-ASK'), W34, papersOn(store));
  assert.match(m!.markdown, /_New papers of the week are left out: the scan of arXiv failed \(arXiv answered 503\)\._/);
  const retried = await scanner(store, { now: new Date(MONDAY_AFTER.getTime() + SCAN_LEASE_MS + 1000) }).scan(W34);
  assert.deepEqual([retried.outcome, retried.scan?.attempts, retried.scan?.kept], ['scanned', 2, 4]);
  await store.close();
});
