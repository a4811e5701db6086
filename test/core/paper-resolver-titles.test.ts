/**
 * Finding a corpus paper by its title: the resolver searches one text of every normalized title
 * instead of building a map of titles and a word set per title before the first lookup. Its answers
 * are those of the tables it replaced, kept below verbatim as the reference, on every corpus title and
 * on titles changed the ways a pasted one is (a word dropped, added or changed, an author line first).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Corpus, Paper } from '../../src/core/corpus-schema.ts';
import { citationIn, normalizeTitle, OPENING_TITLE_MIN_WORDS, PaperResolver, TITLE_MATCH_THRESHOLD, titleOpenings } from '../../src/core/paper-resolver.ts';
import { loadCorpus } from '../../src/corpus/load.ts';

/** The title lookups as they were (a map of every normalized title, every title's word set). */
class ReferenceTitles {
  private readonly titles: Map<string, Paper>;
  private readonly titleWords: { paper: Paper; words: Set<string> }[];
  constructor(corpus: Corpus) {
    const normalized = [...corpus.papers.values()].map((paper) => ({ paper, title: normalizeTitle(paper.title) }));
    this.titles = new Map(normalized.map((t) => [t.title, t.paper]));
    this.titleWords = normalized.map((t) => ({ paper: t.paper, words: wordSet(t.title) }));
  }
  byExactTitle(text: string): Paper | undefined {
    const firstLine = text.split(/\n/)[0] ?? '';
    for (const candidate of [text, firstLine, firstLine.replace(/^title:\s*/i, '')]) {
      const norm = normalizeTitle(candidate);
      if (norm.length >= 12) {
        const hit = this.titles.get(norm);
        if (hit) return hit;
      }
    }
    return undefined;
  }
  byTitle(text: string): Paper | undefined {
    const exact = this.byExactTitle(text);
    if (exact) return exact;
    const lines = text
      .split(/\n/)
      .map((l) => l.replace(/^title:\s*/i, '').trim())
      .filter((l) => l.length > 0)
      .slice(0, 4);
    let best: { paper: Paper; score: number } | undefined;
    let tie = false;
    for (const line of lines) {
      const words = wordSet(normalizeTitle(line));
      if (words.size < 5 || words.size > 30) continue;
      for (const t of this.titleWords) {
        if (t.words.size < 5) continue;
        const score = dice(words, t.words);
        if (score < TITLE_MATCH_THRESHOLD) continue;
        if (!best || score > best.score) {
          best = { paper: t.paper, score };
          tie = false;
        } else if (score === best.score && t.paper.id !== best.paper.id) tie = true;
      }
    }
    return best && !tie ? best.paper : undefined;
  }
}
const wordSet = (normalized: string) => new Set(normalized.split(' ').filter(Boolean));
function dice(A: ReadonlySet<string>, B: ReadonlySet<string>): number {
  if (A.size === 0 || B.size === 0) return 0;
  let shared = 0;
  for (const w of A) if (B.has(w)) shared++;
  return (2 * shared) / (A.size + B.size);
}

/** Texts a user might paste for each paper: its title as is, changed a little, and after an author line. */
function pastedTitles(papers: Paper[]): string[] {
  const out: string[] = [];
  papers.forEach((p, i) => {
    const words = p.title.split(/\s+/);
    out.push(p.title, p.title.toUpperCase(), `Title: ${p.title}`);
    if (words.length > 3) {
      out.push(words.slice(1).join(' '), words.slice(0, -1).join(' '), [...words, 'revisited'].join(' '));
      out.push(words.map((w, j) => (j === i % words.length ? 'transformers' : w)).join(' '));
      out.push(`${p.authors.join(', ')}\n${words.slice(0, -1).join(' ')}\nAbstract: we study ${p.title}`);
      // Two titles' words in one line, and a title whose word order is changed.
      out.push(`${p.title} ${papers[(i + 1) % papers.length]!.title}`, [...words].reverse().join(' '));
    }
  });
  return out;
}

test('title lookups by one text of titles are those of the tables they replaced', () => {
  const corpus = loadCorpus();
  const papers = [...corpus.papers.values()];
  const resolver = new PaperResolver(corpus);
  const reference = new ReferenceTitles(corpus);
  const texts = [
    ...pastedTitles(papers),
    'we did causal tracing on the MLPs',
    'attention is not explanation',
    'the the the the the the',
    'a b c d e f g h',
    '',
  ];
  let exact = 0;
  let fuzzy = 0;
  for (const text of texts) {
    const want = reference.byTitle(text);
    assert.equal(resolver.byTitle(text)?.id, want?.id, JSON.stringify(text));
    assert.equal(resolver.byExactTitle(text)?.id, reference.byExactTitle(text)?.id, JSON.stringify(text));
    if (reference.byExactTitle(text)) exact++;
    else if (want) fuzzy++;
  }
  assert.ok(exact > papers.length && fuzzy > papers.length, `exact ${exact}, fuzzy ${fuzzy}: both kinds of match are exercised`);
});

test('two papers with the same title: the exact match is the later one, the loose one a tie', () => {
  const corpus = loadCorpus();
  const [a, b] = [...corpus.papers.values()].filter((p) => p.title.split(' ').length >= 6);
  const twin = { ...b!, id: `${b!.id}-twin`, title: a!.title };
  const papers = new Map([...corpus.papers, [twin.id, twin]]);
  const doubled = { ...corpus, papers };
  const resolver = new PaperResolver(doubled);
  const reference = new ReferenceTitles(doubled);
  assert.equal(resolver.byExactTitle(a!.title)?.id, twin.id);
  const loose = a!.title.split(' ').slice(0, -1).join(' ') + ' revisited';
  assert.equal(resolver.byTitle(loose)?.id, reference.byTitle(loose)?.id);
});

test('kept titles are read back as computed; kept titles of another size are not used', () => {
  const corpus = loadCorpus();
  let kept: string | undefined;
  const store = { read: () => kept, write: (t: string) => void (kept = t) };
  const texts = pastedTitles([...corpus.papers.values()].slice(0, 200));
  const fresh = new PaperResolver(corpus, store);
  const want = texts.map((t) => fresh.byTitle(t)?.id);
  assert.equal(kept?.split('\n').length, corpus.papers.size, 'written, one title a line');
  const reading = new PaperResolver(corpus, { read: () => kept, write: () => assert.fail('read back, not computed again') });
  assert.deepEqual(texts.map((t) => reading.byTitle(t)?.id), want);
  kept = kept!.split('\n').slice(1).join('\n');
  assert.deepEqual(texts.map((t) => new PaperResolver(corpus, store).byTitle(t)?.id), want, 'one title short: computed again');
  assert.equal(kept.split('\n').length, corpus.papers.size);
});

test('a paper pasted in one line ("Title. Abstract…", "Title: is it mechanistic?") or quoted in a short question resolves by that title', () => {
  const corpus = loadCorpus();
  const resolver = new PaperResolver(corpus);
  const body = 'We patch the outputs of attention heads from a clean run into a corrupted run and measure the change in the logit difference.';
  let checked = 0;
  for (const p of corpus.papers.values()) {
    const words = normalizeTitle(p.title).split(' ').length;
    // The paper an exact title finds (of two papers with one title, the later), and only titles long enough to be one.
    const want = resolver.byExactTitle(p.title);
    if (words < OPENING_TITLE_MIN_WORDS || !want) continue;
    const title = p.title.replace(/[.]$/, '');
    // A title with quotes of its own cannot be quoted.
    const quoted = /["“”«»]/.test(p.title) ? [] : [`is "${title}" mechanistic?`, `What came before “${p.title}”?`];
    for (const text of [`${title}. ${body}`, `${title}: is it mechanistic?`, `${title} — what came before it?`, `Title: ${title}. ${body}\nMore lines.`, ...quoted]) {
      assert.equal(resolver.byTitleWithin(text)?.id, want.id, text.slice(0, 80));
    }
    // Copied from a PDF's title page: the title wrapped over two lines, the authors and the abstract under it.
    const cut = Math.ceil(p.title.split(' ').length / 2);
    if (p.title.split(' ').length >= 6) {
      const [head, tail] = [p.title.split(' ').slice(0, cut).join(' '), p.title.split(' ').slice(cut).join(' ')];
      assert.equal(resolver.byTitleWithin(`${head}\n${tail}\nAnn Author, Bo Builder\nAbstract\n${body}`)?.id, want.id, `${head} / ${tail}`);
    }
    // Pasted with its line breaks as spaces and one author's name after the title: the line's first words, exactly.
    if (words >= 6) {
      assert.equal(resolver.byTitleWithin(`${title} Gautam Reddy ${body} ${body} ${body}`)?.id, want.id, `${title} Gautam Reddy`);
    }
    // Quoted above an abstract, a title may be any paper the abstract cites: not the paper in question.
    assert.equal(resolver.byTitleWithin(`We revisit "${p.title}" with new heads.\n${body} ${body} ${body}`)?.id, undefined, p.title);
    checked++;
  }
  assert.ok(checked > corpus.papers.size * 0.9, `${checked} titles checked`);
});

test('an opening that is a method name, a sentence, or a title changed beyond the threshold resolves to no paper', () => {
  const corpus = loadCorpus();
  const resolver = new PaperResolver(corpus);
  for (const text of [
    'Activation patching: what is the earliest NLP precedent?',
    'Sparse autoencoders. Are they mechanistic?',
    'We patch attention heads to find a circuit. Is this mechanistic?',
    'Causal tracing - who did it first?',
    'Feature Visualization. Is it mechanistic?',
    'Feature Visualization: we optimize inputs to excite a neuron and show the images; is that mechanistic or not at all?',
    'what does "the logit lens" read?',
    'attention is not explanation',
    '',
  ]) {
    assert.equal(resolver.byTitleWithin(text)?.id, undefined, text);
  }
  // A short title opens an abstract-length paste only as its own sentence.
  const abstract = Array.from({ length: 5 }, (_, i) => `We optimize the inputs of layer ${i} to excite single neurons.`).join(' ');
  assert.equal(resolver.byTitleWithin(`Feature Visualization. ${abstract}`)?.id, resolver.byExactTitle('Feature Visualization')?.id);
  assert.ok(resolver.byExactTitle('Feature Visualization'));
  assert.equal(resolver.byTitleWithin(`Feature Visualization: ${abstract}`)?.id, undefined);
  // A title opening a longer first line resolves; the same words changed beyond Dice 0.9 do not.
  assert.equal(resolver.byTitleWithin('Locating and Editing Factual Associations in GPT Models. We study facts.')?.id, resolver.byExactTitle('Locating and Editing Factual Associations in GPT')?.id);
  assert.equal(resolver.byTitleWithin('Locating and Editing Factual Knowledge in Small Transformers. We study facts.')?.id, undefined);
  // Run on with no break, a title counts only at six words or more, in an abstract-length paste, before a capital.
  assert.ok(resolver.byExactTitle('Language Models Represent Space and Time'));
  assert.equal(resolver.byTitleWithin(`Language Models Represent Space and Time Wes Gurnee ${abstract}`)?.id, resolver.byExactTitle('Language Models Represent Space and Time')?.id);
  assert.equal(resolver.byTitleWithin(`Language models represent space and time in their activations, and ${abstract}`)?.id, undefined);
  assert.equal(resolver.byTitleWithin(`Language Models Represent Space and Time Wes Gurnee`)?.id, undefined);
  assert.equal(resolver.byTitleWithin(`Feature Visualization Chris Olah ${abstract}`)?.id, undefined);
});

test('titleOpenings: every break in the first 300 characters, longest first, keeping a closing "?" or "!"', () => {
  assert.deepEqual(titleOpenings('Patchscopes: A Unifying Framework. We read it: a lot? yes - no'), [
    'Patchscopes: A Unifying Framework. We read it: a lot? yes',
    'Patchscopes: A Unifying Framework. We read it: a lot?',
    'Patchscopes: A Unifying Framework. We read it',
    'Patchscopes: A Unifying Framework',
    'Patchscopes',
  ]);
  assert.deepEqual(titleOpenings('no break at all'), []);
  assert.deepEqual(titleOpenings(`${'word '.repeat(70)}. after`), [], 'a break past 300 characters is not an opening');
});

test('every corpus paper is found by its citation ("Surname et al. Year", "A and B (Year)"), alone or among the papers named', () => {
  const corpus = loadCorpus();
  const resolver = new PaperResolver(corpus);
  let checked = 0;
  for (const p of corpus.papers.values()) {
    const surnames = p.authors.map((a) => a.split(/\s+/).at(-1)!);
    if (!surnames.slice(0, 2).every((n) => /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(n))) continue;
    // No other words, which could pick another paper of the same authors and year by its title.
    const texts = [`${surnames[0]} et al. ${p.year}`, `${surnames[0]} et al. (${p.year})?`];
    if (p.authors.length === 2) texts.push(`${surnames[0]} and ${surnames[1]} (${p.year})`);
    for (const text of texts) {
      const cited = resolver.byCitation(text);
      assert.ok(cited?.papers.some((q) => q.id === p.id), `${text} → ${cited?.papers.map((q) => q.id).join(', ') ?? 'nothing'}`);
    }
    checked++;
  }
  assert.ok(checked > corpus.papers.size * 0.8, `${checked} papers checked`);
  assert.deepEqual(citationIn('Meng et al., 2022a'), { citation: 'Meng et al., 2022a', first: 'meng', year: 2022 });
  assert.deepEqual(citationIn('as van Dijk and De Cao (2021) show'), { citation: 'van Dijk and De Cao (2021)', first: 'van dijk', second: 'de cao', year: 2021 });
  for (const text of ['EMNLP 2023', 'GPT-4 2023', 'Olsson 2022', 'in 2022 et al.', '']) assert.equal(citationIn(text), undefined, text);
});
