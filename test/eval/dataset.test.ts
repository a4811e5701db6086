/**
 * Real-paper eval items may name an ACL Anthology id instead of copying the abstract: the title and
 * abstract are read from the shared Anthology XML by id, and an id that is not there fails loudly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { EvalSetError, loadSplit, parseEvalSet, REAL_SPLITS } from '../../scripts/eval/dataset.ts';

const labels = '"concepts":[],"precedents":[],"definitions":{"narrowTechnical":false,"broadTechnical":false,"narrowCultural":false,"broadCultural":false}';

/** The corpus and each split are loaded once for the whole file: later split tests compare against every earlier split. */
let loadedCorpus: ReturnType<typeof loadCorpus> | undefined;
const corpusOnce = () => (loadedCorpus ??= loadCorpus(DEFAULT_CORPUS_DIR));
const loadedSplits = new Map<(typeof REAL_SPLITS)[number], ReturnType<typeof loadSplit>>();
function splitOnce(split: (typeof REAL_SPLITS)[number]): ReturnType<typeof loadSplit> {
  let items = loadedSplits.get(split);
  if (!items) loadedSplits.set(split, (items = loadSplit(split, corpusOnce())));
  return items;
}

test('an item with an Anthology id and no query is asked its title and abstract, read from the shared XML', () => {
  const [item] = parseEvalSet(`{"id":"2024.acl-long.91","interpretability":false,${labels}}\n`, 'x.jsonl');
  assert.match(item!.query, /^LongLLMLingua: Accelerating and Enhancing LLMs in Long Context Scenarios via Prompt Compression\n\nIn long context scenarios/);
});

test('an Anthology item marked withAuthors is asked title, author line and abstract, as pasted from its page', () => {
  const [item] = parseEvalSet(`{"id":"2024.acl-long.91","withAuthors":true,"interpretability":false,${labels}}\n`, 'x.jsonl');
  const [title, authorLine, blank, abstract] = item!.query.split('\n');
  assert.equal(title, 'LongLLMLingua: Accelerating and Enhancing LLMs in Long Context Scenarios via Prompt Compression');
  assert.match(authorLine!, /^Huiqiang Jiang, .*, Lili Qiu$/);
  assert.equal(blank, '');
  assert.match(abstract!, /^In long context scenarios/);
});

test('a BlackboxNLP item is read from the workshop volumes beside the main Anthology XML', () => {
  const [item] = parseEvalSet(`{"id":"2025.blackboxnlp-1.1","withAuthors":true,"interpretability":true,${labels}}\n`, 'x.jsonl');
  assert.match(item!.query, /^CE-Bench: Towards a Reliable Contrastive Evaluation Benchmark of Interpretability of Sparse Autoencoders\n[^\n]+\n\n\S/);
});

test('an item with neither a query nor a readable Anthology id fails with the file and line', () => {
  assert.throws(() => parseEvalSet(`{"id":"2024.acl-long.99999",${labels}}\n`, 'y.jsonl'), (e: Error) => e instanceof EvalSetError && /y\.jsonl:1: "2024\.acl-long\.99999" has no title and abstract/.test(e.message));
  assert.throws(() => parseEvalSet(`{"id":"arXiv:2202.05262",${labels}}\n`, 'z.jsonl'), (e: Error) => e instanceof EvalSetError && /z\.jsonl:1: .*needs a query/.test(e.message));
});

test('the fresh real-paper split loads: 32 papers, at least 20 MI, every expected id in the corpus', () => {
  const items = splitOnce('real-fresh');
  assert.equal(items.length, 32);
  assert.ok(items.filter((i) => i.id?.startsWith('arXiv:')).length >= 20);
  assert.ok(items.filter((i) => i.interpretability === false).length >= 4);
  assert.ok(items.every((i) => i.query.length > 100));
});

test('the second fresh split loads: at least 24 papers, 14 arXiv MI papers 2023-25, 5 ACL interpretability, 5 not interpretability', () => {
  const items = splitOnce('real-fresh-2');
  assert.ok(items.length >= 24);
  const arxiv = items.filter((i) => i.id?.startsWith('arXiv:'));
  assert.ok(arxiv.length >= 14 && arxiv.every((i) => i.year! >= 2023 && i.year! <= 2025 && i.interpretability === true));
  assert.ok(items.filter((i) => !i.id?.startsWith('arXiv:') && i.interpretability === true).length >= 5);
  assert.ok(items.filter((i) => i.interpretability === false).length >= 5);
  assert.ok(items.every((i) => i.query.length > 100 && (i.interpretability === false || i.precedents.length > 0)));
});

test('the third fresh split loads: 30 papers pasted with their author line, 17 arXiv MI papers 2024-25, 7 ACL interpretability, 6 behavioural or not interpretability', () => {
  const items = splitOnce('real-fresh-3');
  assert.equal(items.length, 30);
  const arxiv = items.filter((i) => i.id?.startsWith('arXiv:') && i.interpretability === true && i.year! >= 2024);
  assert.ok(arxiv.length >= 17);
  assert.ok(items.filter((i) => !i.id?.startsWith('arXiv:') && i.interpretability === true).length >= 7);
  assert.ok(items.every((i) => i.cultureNote && i.query.split('\n')[2] === '' && i.query.split('\n')[1]!.includes(',')), 'title, author line, blank line, abstract');
  const corpus = corpusOnce();
  for (const i of items) for (const id of i.relevant ?? []) assert.ok(corpus.papers.get(id)!.year <= i.year!, `${id} is not earlier than ${i.id}`);
});

test('the fourth fresh split loads: papers pasted with their author line, MI 2024-25, ACL interpretability and not-interpretability papers, every relevant id earlier', () => {
  const corpus = corpusOnce();
  const items = splitOnce('real-fresh-4');
  assert.ok(items.length >= 24);
  assert.ok(items.filter((i) => i.id?.startsWith('arXiv:') && i.interpretability === true && i.year! >= 2024).length >= 10);
  assert.ok(items.filter((i) => !i.id?.startsWith('arXiv:') && i.interpretability === true).length >= 5);
  assert.ok(items.filter((i) => i.interpretability === false).length >= 5);
  assert.ok(items.every((i) => i.cultureNote && i.query.split('\n')[2] === ''), 'title, author line, blank line, abstract');
  for (const i of items) for (const id of i.relevant ?? []) assert.ok(corpus.papers.get(id)!.year <= i.year!, `${id} is not earlier than ${i.id}`);
});

test('the fifth fresh split loads: 15 arXiv interpretability papers 2023-25, 10 ACL ones, 5 not interpretability, every listed paper an earlier NLPI corpus paper', () => {
  const corpus = corpusOnce();
  const items = splitOnce('real-fresh-5');
  assert.equal(items.length, 30);
  assert.equal(items.filter((i) => i.id?.startsWith('arXiv:') && i.interpretability === true && i.year! >= 2023).length, 15);
  assert.equal(items.filter((i) => !i.id?.startsWith('arXiv:') && i.interpretability === true).length, 10);
  assert.equal(items.filter((i) => i.interpretability === false).length, 5);
  assert.ok(items.every((i) => i.cultureNote && i.query.split('\n')[2] === ''), 'title, author line, blank line, abstract');
  for (const i of items) {
    if (i.interpretability === false) assert.deepEqual([i.concepts, i.precedents, i.relevant ?? []], [[], [], []], `${i.id} is not interpretability`);
    for (const id of [...i.precedents, ...(i.relevant ?? [])]) {
      const p = corpus.papers.get(id);
      assert.ok(p && p.community === 'NLPI', `${id} (listed for ${i.id}) is an NLPI corpus paper`);
      assert.ok(p.year <= i.year!, `${id} is not earlier than ${i.id}`);
    }
    for (const c of i.concepts) assert.ok(corpus.concepts.has(c), `${c} is a concept`);
  }
  // No paper is in two real splits.
  const seen = new Set(REAL_SPLITS.filter((s) => s !== 'real-fresh-5').flatMap((s) => splitOnce(s).map((i) => (i.title ?? i.query.split('\n')[0]!).toLowerCase())));
  for (const i of items) assert.ok(!seen.has((i.title ?? i.query.split('\n')[0]!).toLowerCase()), `${i.id} is new`);
});

type Items = ReturnType<typeof loadSplit>;

/**
 * The checks every blind split since fresh-6 passes: 15 arXiv interpretability papers 2023-25 and 10 ACL ones 2023-24
 * pasted as title, author line, blank line, abstract; 5 not interpretability with empty lists (4 ACL 2024 and 1 arXiv
 * up to fresh-9, 5 ACL 2023-24 in fresh-10); years as the ids give them; every listed paper an earlier NLPI corpus paper
 * and never the item itself; no paper in two real splits, by id or by title.
 */
function assertBlindSplit(
  split: (typeof REAL_SPLITS)[number],
  items: Items,
  corpus: ReturnType<typeof loadCorpus>,
  notMiShape: { acl: RegExp; counts: [acl: number, arxiv: number] } = { acl: /^2024\.acl-/, counts: [4, 1] },
) {
  assert.equal(items.length, 30);
  const arxivMi = items.filter((i) => i.id?.startsWith('arXiv:') && i.interpretability === true);
  assert.equal(arxivMi.length, 15);
  assert.ok(arxivMi.every((i) => i.year! >= 2023 && i.year! <= 2025));
  const aclMi = items.filter((i) => !i.id?.startsWith('arXiv:') && i.interpretability === true);
  assert.equal(aclMi.length, 10);
  // ACL, EMNLP, NAACL and TACL papers of 2023-24; BlackboxNLP papers of 2023-25 (the shared data has its 2025 volume).
  assert.ok(aclMi.every((i) => i.withAuthors === true && i.year! >= 2023 && i.year! <= (i.id!.includes('.blackboxnlp-') ? 2025 : 2024)));
  const notMi = items.filter((i) => i.interpretability === false);
  assert.deepEqual([notMi.filter((i) => notMiShape.acl.test(i.id ?? '')).length, notMi.filter((i) => i.id?.startsWith('arXiv:')).length], notMiShape.counts);
  assert.ok(items.every((i) => i.cultureNote && i.query.split('\n')[2] === '' && i.query.split('\n')[1]!.length > 0), 'title, author line, blank line, abstract');
  for (const i of items) {
    // The year is the one the id gives (arXiv yymm, or the Anthology volume).
    assert.equal(i.year, i.id!.startsWith('arXiv:') ? 2000 + Number(i.id!.slice(6, 8)) : Number(i.id!.slice(0, 4)), `${i.id} year`);
    if (i.interpretability === false) {
      assert.deepEqual([i.concepts, i.precedents, i.relevant ?? []], [[], [], []], `${i.id} is not interpretability`);
      continue;
    }
    assert.ok(i.precedents.length > 0 && i.precedents.every((k) => i.relevant!.includes(k)), `${i.id}: every key precedent is also relevant`);
    for (const c of i.concepts) assert.ok(corpus.concepts.has(c), `${c} is a concept`);
    for (const id of i.relevant!) {
      const p = corpus.papers.get(id);
      assert.ok(p && p.community === 'NLPI', `${id} (listed for ${i.id}) is an NLPI corpus paper`);
      assert.ok(p.year <= i.year!, `${id} is not earlier than ${i.id}`);
      // An arXiv item's month is in its id: a paper of the same year must have a known, earlier month.
      if (i.id!.startsWith('arXiv:') && p.year === i.year) assert.ok(p.month !== undefined && p.month < Number(i.id!.slice(8, 10)), `${id} is not earlier than ${i.id}`);
      assert.notEqual(p.title.toLowerCase(), i.title!.toLowerCase(), `${i.id} lists itself`);
      assert.ok(p.ids.acl !== i.id && `arXiv:${p.ids.arxiv}` !== i.id, `${i.id} lists itself (${id})`);
    }
  }
  const others = REAL_SPLITS.filter((s) => s !== split).flatMap((s) => splitOnce(s));
  const seenTitles = new Set(others.map((i) => (i.title ?? i.query.split('\n')[0]!).toLowerCase()));
  const seenIds = new Set(others.map((i) => i.id).filter(Boolean));
  for (const i of items) assert.ok(!seenTitles.has(i.title!.toLowerCase()) && !seenIds.has(i.id), `${i.id} is new`);
}

test('the sixth fresh split loads: 15 arXiv interpretability papers 2023-25, 10 ACL ones 2023-24, 5 not interpretability, every listed paper an earlier NLPI corpus paper and never the item itself', () => {
  const corpus = corpusOnce();
  assertBlindSplit('real-fresh-6', splitOnce('real-fresh-6'), corpus);
});

/** At least `min` of the split's arXiv interpretability papers are not corpus papers (by arXiv id or title): what users paste. */
function assertMostlyNew(items: Items, corpus: ReturnType<typeof loadCorpus>, min = 8) {
  const papers = [...corpus.papers.values()];
  const inCorpus = (i: Items[number]) => papers.some((p) => `arXiv:${p.ids.arxiv}` === i.id || p.title.toLowerCase() === i.title!.toLowerCase());
  assert.ok(items.filter((i) => i.id?.startsWith('arXiv:') && i.interpretability === true && !inCorpus(i)).length >= min);
  assert.ok(items.every((i) => i.query.split('\n')[0] === i.title), 'the pasted title line is the title');
}

/** No pasted first line (arXiv or read from the Anthology) repeats the first line of another real split's item. */
function assertNewFirstLines(split: (typeof REAL_SPLITS)[number], items: Items) {
  const others = REAL_SPLITS.filter((s) => s !== split).flatMap((s) => splitOnce(s));
  const firstLines = new Set(others.map((i) => i.query.split('\n')[0]!.toLowerCase()));
  for (const i of items) assert.ok(!firstLines.has(i.query.split('\n')[0]!.toLowerCase()), `${i.id} is new by its first line`);
}

test('the seventh fresh split loads: as the sixth, with 8 of its 15 arXiv papers not in the corpus and each pasted title line its title', () => {
  const corpus = corpusOnce();
  const items = splitOnce('real-fresh-7');
  assertBlindSplit('real-fresh-7', items, corpus);
  assertMostlyNew(items, corpus);
});

for (const split of ['real-fresh-8', 'real-fresh-9'] as const) {
  test(`${split} loads: as the seventh, with 8 of its 15 arXiv papers not in the corpus, each pasted title line its title, and no paper of an earlier split`, () => {
    const corpus = corpusOnce();
    const items = splitOnce(split);
    assertBlindSplit(split, items, corpus);
    assertMostlyNew(items, corpus);
    assertNewFirstLines(split, items);
  });
}

/**
 * A blind split of the later rounds: its composition (`assertBlindSplit`), at least 8 of its arXiv papers and `aclNew`
 * of its ACL interpretability papers not in the corpus (by Anthology id or title), and no pasted first line of an earlier split.
 */
function assertLaterBlindSplit(split: (typeof REAL_SPLITS)[number], counts: [number, number], aclNew: number): Items {
  const corpus = corpusOnce();
  const items = splitOnce(split);
  assertBlindSplit(split, items, corpus, { acl: /^202[34]\.(acl|emnlp|naacl)-/, counts });
  assertMostlyNew(items, corpus);
  const papers = [...corpus.papers.values()];
  const notInCorpus = items.filter((i) => !i.id?.startsWith('arXiv:') && i.interpretability === true && !papers.some((p) => p.ids.acl === i.id || p.title.toLowerCase() === i.title!.toLowerCase()));
  assert.ok(notInCorpus.length >= aclNew, `${split}: ${notInCorpus.length} ACL interpretability papers not in the corpus, want ${aclNew}`);
  assertNewFirstLines(split, items);
  return items;
}

test('the tenth fresh split loads: as the ninth, with its 5 non-interpretability papers all from ACL venues 2023-24, 8 of its 15 arXiv papers not in the corpus, and no paper of an earlier split', () => {
  const items = assertLaterBlindSplit('real-fresh-10', [5, 0], 3);
  assert.ok(items.filter((i) => i.interpretability === false).every((i) => i.withAuthors === true), 'the ACL items are read from the Anthology by id');
});

test('the eleventh fresh split loads: as the tenth, with 4 of its 5 non-interpretability papers from ACL venues 2023-24 and 1 from arXiv, 8 of its 15 arXiv papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-11', [4, 1], 2);
});

test('the twelfth fresh split loads: as the eleventh, with 4 of its 5 non-interpretability papers from ACL venues 2023-24 and 1 from arXiv, 8 of its 15 arXiv papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-12', [4, 1], 2);
});

test('the thirteenth fresh split loads: as the twelfth, but with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 8 of its 15 arXiv papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-13', [3, 2], 2);
});

test('the fourteenth fresh split loads: as the thirteenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (all EMNLP 2024) and 2 from arXiv, 8 of its 15 arXiv papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-14', [3, 2], 2);
});

test('the fifteenth fresh split loads: as the fourteenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (ACL and EMNLP 2024) and 2 from arXiv, 9 of its 15 arXiv papers not in the corpus, 3 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-15', [3, 2], 3);
});

test('the sixteenth fresh split loads: as the fifteenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (ACL and EMNLP) and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 3 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-16', [3, 2], 3);
});

test('the seventeenth fresh split loads: as the sixteenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (ACL and EMNLP) and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-17', [3, 2], 2);
});

test('the eighteenth fresh split loads: as the seventeenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (ACL and EMNLP) and 2 from arXiv, 9 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-18', [3, 2], 2);
});

test('the nineteenth fresh split loads: as the eighteenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (ACL and EMNLP) and 2 from arXiv, 9 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-19', [3, 2], 2);
});

test('the twentieth fresh split loads: as the nineteenth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (EMNLP 2024) and 2 from arXiv, 9 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-20', [3, 2], 2);
});

test('the twenty-first fresh split (real-fresh-21) loads: as the twentieth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 (EMNLP 2024) and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-21', [3, 2], 2);
});

test('the twenty-second fresh split (real-fresh-22) loads: as the twenty-first, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 9 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-22', [3, 2], 2);
});

test('the twenty-third fresh split (real-fresh-23) loads: as the twenty-second, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-23', [3, 2], 2);
});

test('the twenty-fourth fresh split (real-fresh-24) loads: as the twenty-third, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 3 of its 10 ACL interpretability papers not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-24', [3, 2], 2);
});

test('the twenty-fifth fresh split (real-fresh-25) loads: as the twenty-fourth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus (6 from BlackboxNLP), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-25', [3, 2], 2);
});

test('the twenty-sixth fresh split (real-fresh-26) loads: as the twenty-fifth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, 2 of its 10 ACL interpretability papers not in the corpus (7 from BlackboxNLP), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-26', [3, 2], 2);
});

test('the twenty-seventh fresh split (real-fresh-27) loads: as the twenty-sixth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, all 10 of its ACL interpretability papers from BlackboxNLP (so none outside the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-27', [3, 2], 0);
});

test('the twenty-eighth fresh split (real-fresh-28) loads: as the twenty-seventh, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, all 10 of its ACL interpretability papers from BlackboxNLP (so none outside the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-28', [3, 2], 0);
});

test('the twenty-ninth fresh split (real-fresh-29) loads: as the twenty-eighth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 12 of its 15 arXiv papers not in the corpus, all 10 of its ACL interpretability papers from BlackboxNLP (so none outside the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-29', [3, 2], 0);
});

test('the thirtieth fresh split (real-fresh-30) loads: as the twenty-ninth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from ACL 2023, EMNLP 2023, ACL 2024 and BlackboxNLP 2023-25 (all in the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-30', [3, 2], 0);
});

test('the thirty-first fresh split (real-fresh-31) loads: as the thirtieth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, all 15 of its arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023, EMNLP 2023, ACL 2024 and EMNLP 2024 main volumes (none from BlackboxNLP), 5 of them not in the corpus, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-31', [3, 2], 5);
});

test('the thirty-second fresh split (real-fresh-32) loads: as the thirty-first, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 11 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023, EMNLP 2023, ACL 2024 and EMNLP 2024 main volumes (none from BlackboxNLP, all in the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-32', [3, 2], 0);
});

test('the thirty-third fresh split (real-fresh-33) loads: as the thirty-second, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023, EMNLP 2023, ACL 2024 and EMNLP 2024 main volumes and BlackboxNLP 2023 (all in the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-33', [3, 2], 0);
});

test('the thirty-fourth fresh split (real-fresh-34) loads: as the thirty-third, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023, EMNLP 2023, NAACL 2024 and EMNLP 2024 main volumes and BlackboxNLP 2023 (all in the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-34', [3, 2], 0);
});

test('the thirty-fifth fresh split (real-fresh-35) loads: as the thirty-fourth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the EMNLP 2023 main, ACL 2024 long, NAACL 2024 long and EMNLP 2024 main volumes (6 of them not in the corpus), and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-35', [3, 2], 6);
});

test('the thirty-sixth fresh split (real-fresh-36) loads: as the thirty-fifth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 11 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023 long, EMNLP 2023 main, ACL 2024 long and EMNLP 2024 main volumes, all of them corpus papers, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-36', [3, 2], 0);
});

test('the thirty-seventh fresh split (real-fresh-37) loads: as the thirty-sixth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 12 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023 long and short, EMNLP 2023 main, EMNLP 2024 main and BlackboxNLP 2025 volumes, all of them corpus papers, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-37', [3, 2], 0);
});

test('the thirty-eighth fresh split (real-fresh-38) loads: as the thirty-seventh, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 10 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the ACL 2023 long and short, EMNLP 2023 main, NAACL 2024 long, ACL 2024 long and short, EMNLP 2024 main and BlackboxNLP 2025 volumes, all of them corpus papers, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-38', [3, 2], 0);
});

test('the thirty-ninth fresh split (real-fresh-39) loads: as the thirty-eighth, with 3 of its 5 non-interpretability papers from ACL venues 2023-24 and 2 from arXiv, 8 of its 15 arXiv papers not in the corpus, its 10 ACL interpretability papers from the EMNLP 2023 main, NAACL 2024 long and short, ACL 2024 long and short, EMNLP 2024 main and BlackboxNLP 2025 volumes, all of them corpus papers, and no paper of an earlier split', () => {
  assertLaterBlindSplit('real-fresh-39', [3, 2], 0);
});
