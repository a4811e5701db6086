/**
 * The check step end to end on the real corpus (lexical retriever, the committed miss-rate table): references
 * from a .bib, from pasted text, and from Semantic Scholar served by a loopback fake in the real format.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { mechanisticOver } from '../../src/app.ts';
import { createCheckStep, type CheckOutcome, type CheckResult } from '../../src/app/check-step.ts';
import { createPaperResolution } from '../../src/app/resolve-paper.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { loadMissRates } from '../../src/corpus/missed.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { fixture, JSON_TYPE, sourcesFor, startFakes, type Fakes } from '../sources/fakes.ts';

const corpus = loadCorpus();
const SHARED_MENG = new URL('../../../shared/data/mi-references/meng2022.bib', import.meta.url);
const mechanistic = mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever: createRetriever({ corpus }) }, 'none', loadMissRates(DEFAULT_CORPUS_DIR));
let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(async () => {
  await fakes.close();
});

function stepWith(env: Record<string, string> = {}) {
  const sources = sourcesFor(fakes, env);
  return createCheckStep({ mechanistic, sources, resolvePaper: createPaperResolution({ corpus, sources }), timeoutMs: 20_000 });
}
function ok(o: CheckOutcome): CheckResult {
  assert.ok(o.ok, JSON.stringify(o));
  return o.check;
}
const PAPER_KEYS = ['authors', 'community', 'id', 'score', 'title', 'url', 'venue', 'why', 'year'];

// Cites only MI work on activation patching (real works, written out by hand).
const MI_ONLY_BIB = `
@article{meng2022locating, title = {Locating and Editing Factual Associations in {GPT}}, author = {Meng, Kevin and Bau, David and Andonian, Alex and Belinkov, Yonatan}, year = {2022}, eprint = {2202.05262}, archivePrefix = {arXiv}}
@inproceedings{wang2023interpretability, title = {Interpretability in the Wild: a Circuit for Indirect Object Identification in {GPT}-2 Small}, author = {Wang, Kevin and Variengien, Alexandre and Conmy, Arthur and Shlegeris, Buck and Steinhardt, Jacob}, booktitle = {ICLR}, year = {2023}}
@misc{nobody2024, title = {A blog post the corpus does not have}, author = {Nobody, N.}, year = {2024}}
`;

test('a .bib citing only MI work on activation patching gets Vig et al. 2020 and Geiger et al. 2020 listed as missing', async () => {
  const c = ok(await stepWith({ MECHANISTIC_NETWORK: 'off' }).check({
    text: 'We patch activations from a clean run into a corrupted run (activation patching, causal tracing) to find which heads carry the indirect object.',
    bib: { text: MI_ONLY_BIB, label: 'refs.bib' },
  }));
  assert.deepEqual(Object.keys(c).sort(), ['concepts', 'coverage', 'definitions', 'notices', 'paper', 'references']);
  assert.equal(c.references.source, 'bibtex');
  assert.equal(c.references.total, 3);
  assert.deepEqual(c.references.matched.map((m) => m.id).sort(), ['meng2022', 'wang2023']);
  assert.deepEqual(c.references.unmatched, ['nobody2024']);
  const patching = c.coverage.find((x) => x.concept === 'activation-patching')!;
  assert.ok(patching, `concepts: ${c.concepts.map((x) => x.id)}`);
  const missing = patching.missing.map((p) => p.id);
  assert.ok(missing.includes('vig2020') && missing.includes('geiger2020'), missing.join(', '));
  assert.equal(patching.cited.length, 0);
  assert.equal(patching.score, 0);
  for (const p of patching.missing) {
    assert.deepEqual(Object.keys(p).filter((k) => k !== 'missRate').sort(), PAPER_KEYS);
    assert.ok(p.missRate === null || (p.missRate >= 0 && p.missRate <= 1));
  }
  // Measured precedents come first, with "cited by k of n" in the why-line.
  const geiger = patching.missing.find((p) => p.id === 'geiger2020')!;
  assert.equal(geiger.missRate, 1);
  assert.match(geiger.why, /cited by 0 of 1 measured MI paper on this concept/);
  assert.equal(patching.missing[0]!.missRate, 1);
});

test('a link to a corpus paper: its references come from Semantic Scholar (loopback fake, real format)', async () => {
  fakes.s2.route('/graph/v1/paper/ARXIV:2202.05262/references', { body: fixture('s2-references-2202.05262.json'), headers: JSON_TYPE });
  const c = ok(await stepWith().check({ text: 'https://arxiv.org/abs/2202.05262' }));
  assert.equal(c.paper?.id, 'meng2022');
  assert.equal(c.references.source, 'semantic-scholar');
  assert.equal(c.references.total, 6);
  const matched = new Map(c.references.matched.map((m) => [m.id, m.how]));
  assert.equal(matched.get('elazar2021'), 'doi');
  // Knowledge Neurons has its arXiv id (2104.08696) in the corpus too, and arXiv ids are matched first.
  assert.equal(matched.get('dai2022knowledge'), 'arxiv');
  assert.equal(matched.get('vig2020'), 'arxiv');
  // No ids at all: found by title.
  assert.ok([...matched.values()].includes('title'));
  // Geva et al. 2021 is in the corpus (from the 2021 EMNLP XML): matched by its Anthology id.
  assert.ok([...matched].some(([id, how]) => /geva/.test(id) && how === 'anthology'), JSON.stringify([...matched]));
  assert.equal(matched.get('radford2019'), 'title', 'GPT-2 has no ids in the list: found by its title');
  assert.deepEqual(c.references.unmatched, []);
  assert.ok(c.references.unmatched.every((u) => !/Key-Value Memories/.test(u)));
  assert.ok(fakes.s2.requests.some((r) => r.path.startsWith('/graph/v1/paper/ARXIV:2202.05262/references')));
  const patching = c.coverage.find((x) => x.concept === 'activation-patching')!;
  assert.ok(patching.cited.some((p) => p.id === 'elazar2021'));
  assert.ok(patching.missing.some((p) => p.id === 'geiger2020'));
  // Only work from before February 2022 is "earlier work".
  for (const x of c.coverage) for (const p of [...x.missing]) assert.ok(p.year <= 2022, p.id);
});

test('pasted text with a references section is read as reference lines', async () => {
  const text = `Title: Patching attention heads in small transformers
Abstract: We use activation patching (interchange interventions) on attention heads.

References
Jesse Vig, Sebastian Gehrmann, Yonatan Belinkov, Sharon Qian, Daniel Nevo, Yaron Singer, and Stuart Shieber. 2020. Causal mediation analysis for interpreting neural NLP: The case of gender bias. arXiv preprint arXiv:2004.12265.
Kevin Meng, David Bau, Alex Andonian, and Yonatan Belinkov. 2022. Locating and editing factual associations in GPT. In Advances in Neural Information Processing Systems.
`;
  const c = ok(await stepWith({ MECHANISTIC_NETWORK: 'off' }).check({ text }));
  assert.equal(c.references.source, 'text');
  assert.equal(c.references.total, 2);
  assert.deepEqual(c.references.matched.map((m) => [m.id, m.how]), [['vig2020', 'arxiv'], ['meng2022', 'title']]);
  const patching = c.coverage.find((x) => x.concept === 'activation-patching');
  assert.ok(patching?.cited.some((p) => p.id === 'vig2020'));
});

test('bad input: no references to be had with the network off, a broken .bib, a 5 MB paste', async () => {
  const step = stepWith({ MECHANISTIC_NETWORK: 'off' });
  const off = await step.check({ text: 'https://arxiv.org/abs/2401.00001' });
  assert.ok(!off.ok && off.reason === 'bad_input' && off.code === 'no_references');
  assert.match(off.message, /can't fetch.*pass --bib/);
  const bib = await step.check({ text: 'activation patching', bib: { text: '@article{a, title={x}, year={2020}}\n@article{b2020,\n title = {oops', label: 'refs.bib' } });
  assert.ok(!bib.ok && bib.reason === 'bad_input' && bib.code === 'bad_bibtex');
  assert.match(bib.message, /refs\.bib line 2: entry b2020/);
  const empty = await step.check({ text: 'activation patching', bib: { text: '', label: 'refs.bib' } });
  assert.ok(!empty.ok && empty.reason === 'bad_input' && empty.code === 'bad_bibtex');
  const huge = await step.check({ text: 'x '.repeat(2_600_000) });
  assert.ok(!huge.ok && huge.reason === 'bad_input' && huge.code === 'too_long');
  assert.match(huge.message, /5\.2 MB/);
});

test('checking a measured MI paper leaves its own reference list out of the miss rates (ROME, meng2022)', { skip: existsSync(SHARED_MENG) ? false : `no ${SHARED_MENG}` }, async () => {
  const rates = loadMissRates(DEFAULT_CORPUS_DIR);
  // In the committed table, ROME is the only measured paper on activation patching after Geiger et al. 2020.
  const full = rates.get('activation-patching', 'geiger2020')!;
  assert.deepEqual([full.papers, full.citing, full.missRate, full.missedBy], [1, 0, 1, ['meng2022']]);
  const c = ok(await stepWith({ MECHANISTIC_NETWORK: 'off' }).check({
    text: 'https://arxiv.org/abs/2202.05262',
    bib: { text: readFileSync(SHARED_MENG, 'utf8'), label: 'meng2022.bib' },
  }));
  assert.equal(c.paper?.id, 'meng2022');
  const patching = c.coverage.find((x) => x.concept === 'activation-patching')!;
  assert.ok(patching, `concepts: ${c.concepts.map((x) => x.id)}`);
  assert.ok(patching.cited.some((p) => p.id === 'vig2020'));
  const geiger = patching.missing.find((p) => p.id === 'geiger2020')!;
  assert.ok(geiger, patching.missing.map((p) => p.id).join(', '));
  // Its own miss no longer makes it "100% missed": with ROME left out, nothing is measured.
  assert.equal(geiger.missRate, null);
  assert.doesNotMatch(geiger.why, /measured MI paper/);
  for (const cov of c.coverage) {
    for (const m of cov.missing) {
      const cell = rates.get(cov.concept, m.id);
      if (!cell?.missedBy?.includes('meng2022')) continue;
      const rest = cell.papers - 1;
      assert.equal(m.missRate, rest === 0 ? null : Math.round((1 - cell.citing / rest) * 1000) / 1000, `${cov.concept} ${m.id}`);
    }
  }
});

test('with a store, a check is stored with an id; an answer\'s button gets its stored check back, never a new one', async () => {
  const store = openSqliteStore(':memory:');
  try {
    const origin = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', userId: 'U1' };
    let clock = new Date('2026-11-25T12:00:00.000Z');
    const sources = sourcesFor(fakes, { MECHANISTIC_NETWORK: 'off' });
    const step = createCheckStep({ mechanistic, sources, resolvePaper: createPaperResolution({ corpus, sources }), timeoutMs: 20_000, store, now: () => clock });
    const input = { text: 'activation patching on attention heads', bib: { text: MI_ONLY_BIB, label: 'refs.bib' } };
    const first = await step.check(input, { origin });
    assert.ok(first.ok && first.id, JSON.stringify(first));
    const stored = await step.stored(first.id);
    assert.deepEqual(stored?.check, first.check);
    assert.deepEqual(stored?.origin, origin);
    assert.equal(stored?.createdAt.toISOString(), clock.toISOString());
    assert.equal(await step.stored('AAAAAAAAAAAA'), null);

    // The "Check its references" button of a stored answer: checked once, then read back.
    const answer = await mechanistic.ask({ text: 'activation patching on attention heads', limit: 10, offset: 0 });
    const answerId = (await store.answers.save({ origin, createdAt: clock, answer, queryText: null })).id;
    const byButton = await step.check(input, { origin, answerId });
    assert.ok(byButton.ok && byButton.id && byButton.id !== first.id);
    clock = new Date('2026-11-25T13:00:00.000Z');
    // A second click, even with different input, gets the same stored check, not a new one.
    const again = await step.check({ text: 'steering vectors', bib: { text: '@misc{other, title = {Something else entirely}, year = {2020}}', label: 'x.bib' } }, { origin: { ...origin, userId: 'U2' }, answerId });
    assert.ok(again.ok);
    assert.equal(again.id, byButton.id);
    assert.deepEqual(again.check, byButton.check);
    // Without a store: checked, not stored.
    const bare = await stepWith({ MECHANISTIC_NETWORK: 'off' }).check(input);
    assert.ok(bare.ok && bare.id === null);
    assert.equal(await stepWith().stored(first.id), null);
  } finally {
    await store.close();
  }
});

test('a guessed concept is not checked: its precedents are leads, not omissions charged to the paper', async () => {
  // "The Hidden Attention of Mamba Models" (arXiv:2403.01590, not in the corpus; CC0 metadata), read from
  // a real-paper eval split: the real recognizer finds no concept in it and offers the classifier's closest guess.
  const line = readFileSync(new URL('../eval/real-fresh-10.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .find((l) => l.includes('"arXiv:2403.01590"'));
  assert.ok(line, 'the eval split holds the abstract');
  const { query: text } = JSON.parse(line) as { query: string };
  // The answer names the guess and its precedents ...
  const answered = await mechanistic.ask({ text });
  const guess = answered.concepts.find((c) => c.guess);
  assert.ok(guess && answered.concepts.length === 1, JSON.stringify(answered.concepts));
  assert.ok(answered.precedents.length > 0);
  // ... the check leaves it out and says why.
  const c = ok(await stepWith({ MECHANISTIC_NETWORK: 'off' }).check({ text, bib: { text: MI_ONLY_BIB, label: 'refs.bib' } }));
  assert.deepEqual([c.concepts, c.coverage], [[], []]);
  assert.ok(c.notices.includes(`No crosswalk concept was recognized with confidence (the closest guess, "${guess.name}", is not checked), so there are no precedents to check the references against.`), c.notices.join('\n'));
  assert.ok(!c.notices.some((n) => n.startsWith('No crosswalk concept was recognized with confidence; the earlier work below')), c.notices.join('\n'));
});
