/**
 * arXiv's rule (one request at a time, one every 3 s) holds for the whole process: the weekly scan builds its own
 * Sources, yet it and an answer-time lookup wait in one line for arXiv's host. Against the loopback fake arXiv,
 * which holds each answer until another request comes in and counts the requests it answers at once; nothing is
 * timed (the spacing is 0 here, so only the one-at-a-time line keeps them apart).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPaperResolution, sourceCacheOf } from '../../src/app/resolve-paper.ts';
import { loadConfig } from '../../src/config.ts';
import { PaperScanner } from '../../src/digest/scan.ts';
import { createLogger } from '../../src/log.ts';
import { createSources, sourceSettingsFromConfig, type SourceSettings } from '../../src/sources/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { loadListingFixture, startFakeArxivListing, type FakeArxivListing } from './helpers/fake-arxiv-listing.ts';
import { scanMechanistic } from './helpers/scan-setup.ts';

const mechanistic = scanMechanistic();
const LOOKUPS = ['2608.18545', '2608.18768', '2608.18089'];

let arxiv: FakeArxivListing;
before(async () => {
  arxiv = await startFakeArxivListing(loadListingFixture());
});
after(async () => {
  await arxiv.close();
});

/** The settings the program builds from its configuration, pointed at the fake, with no spacing between requests. */
function settings(): SourceSettings {
  const config = loadConfig({ MECHANISTIC_ARXIV_API_URL: arxiv.apiUrl, MECHANISTIC_S2_API_URL: 'http://127.0.0.1:9/graph/v1', MECHANISTIC_ANTHOLOGY_URL: 'http://127.0.0.1:9' });
  return { ...sourceSettingsFromConfig(config), minIntervalMs: { arxiv: 0, 'semantic-scholar': 0 } };
}

/** The scan (pages of 5 entries) and three answer-time lookups of arXiv links, at once; each through its own Sources. */
async function scanWhileAnswering(scanSettings: SourceSettings): Promise<void> {
  const store = openSqliteStore(':memory:');
  const scanner = new PaperScanner({
    store,
    mechanistic,
    sources: createSources(scanSettings),
    cache: sourceCacheOf(store.sourceCache),
    categories: ['cs.CL'],
    now: () => new Date('2026-08-24T09:00:00Z'),
    log: createLogger('silent'),
    pageSize: 5,
  });
  const resolve = createPaperResolution({ corpus: mechanistic.corpus, sources: createSources(settings()) });
  const [run, ...answers] = await Promise.all([scanner.scan({ year: 2026, week: 34 }), ...LOOKUPS.map((id) => resolve(`what does https://arxiv.org/abs/${id} rediscover?`))]);
  assert.equal(run.outcome, 'scanned', run.scan?.error ?? '');
  assert.equal(run.scan?.listed, 23);
  answers.forEach((a, i) => assert.equal(a?.fetched?.url, `https://arxiv.org/abs/${LOOKUPS[i]}`, 'each answer got its paper from arXiv'));
  await store.close();
}

test("the scan and answers in one process: one request to arXiv's host at a time", async () => {
  arxiv.hold(200);
  const before = { requests: arxiv.requests.length, lookups: arxiv.lookups.length };
  await scanWhileAnswering(settings());
  assert.equal(arxiv.requests.length - before.requests, 5, 'five listing pages');
  assert.equal(arxiv.lookups.length - before.lookups, LOOKUPS.length);
  assert.equal(arxiv.maxInFlight(), 1);
});

test('the control: a client with limits of its own (its own clock, as tests give) overlaps the answers, and the fake sees it', async () => {
  const fresh = await startFakeArxivListing(loadListingFixture());
  const saved = arxiv;
  arxiv = fresh;
  try {
    arxiv.hold(200);
    await scanWhileAnswering({ ...settings(), now: () => Date.now() });
    assert.equal(arxiv.maxInFlight(), 2);
  } finally {
    arxiv = saved;
    await fresh.close();
  }
});
