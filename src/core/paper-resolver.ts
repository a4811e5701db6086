/**
 * Finds corpus papers by identifier (arXiv, ACL Anthology, DOI), by URL, or by exact title.
 */
import type { Corpus, Paper } from './corpus-schema.ts';
import { headerLine, looksLikePaperTitle, NAME_PARTICLES, normalizeAclId, normalizeUrl, PASTED_BODY_MIN_WORDS, quotedSpans, TITLE_LINE_MAX_WORDS, wordCount, type PaperIdentifier } from './input.ts';
import { contentWords } from './text.ts';

/** Title compared loosely: lowercase letters and digits only. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Each table is built by the first lookup that needs it (a start should not wait for tables its
 * questions may never use); the results are the same as if all were built up front.
 */
export class PaperResolver {
  private ids?: { byArxiv: Map<string, Paper>; byAcl: Map<string, Paper>; byDoi: Map<string, Paper>; byUrl: Map<string, Paper> };
  /**
   * Every normalized title in one string, each between newlines, with where each starts: an exact title
   * is one string search, and the fuzzy match looks only at titles holding some of the text's words
   * (no table of every title's words, no map of every title, to build before the first lookup).
   */
  private titleText?: { papers: Paper[]; joined: string; starts: Int32Array };
  /** Every paper's first two authors, folded (foldName), with a space in front: built by the first citation lookup. */
  private authors?: { paper: Paper; first: string; second: string }[];
  /**
   * `keptTitles`: where the normalized titles (normalizeTitle of each paper's title, in corpus order, one
   * a line) may already be kept, and where to keep them once computed (normalizing every title is most of
   * building the title text).
   */
  constructor(
    private readonly corpus: Corpus,
    private readonly keptTitles?: { read(): string | undefined; write(titles: string): void },
  ) {}

  private idTables() {
    if (this.ids) return this.ids;
    const t = { byArxiv: new Map<string, Paper>(), byAcl: new Map<string, Paper>(), byDoi: new Map<string, Paper>(), byUrl: new Map<string, Paper>() };
    for (const p of this.corpus.papers.values()) {
      if (p.ids.arxiv) t.byArxiv.set(p.ids.arxiv, p);
      if (p.ids.acl) t.byAcl.set(normalizeAclId(p.ids.acl), p);
      if (p.ids.doi) t.byDoi.set(p.ids.doi.toLowerCase(), p);
      t.byUrl.set(normalizeUrl(p.url), p);
    }
    return (this.ids = t);
  }

  /** Every paper with its title normalized (normalizeTitle), in corpus order, as one text (see titleText). */
  private titleIndex() {
    if (this.titleText) return this.titleText;
    const papers = [...this.corpus.papers.values()];
    let lines = this.keptTitles?.read();
    let starts = lines === undefined ? undefined : lineStarts(lines, papers.length);
    if (!starts) {
      lines = papers.map((paper) => normalizeTitle(paper.title)).join('\n');
      starts = lineStarts(lines, papers.length)!;
      this.keptTitles?.write(lines);
    }
    return (this.titleText = { papers, joined: `\n${lines}\n`, starts });
  }

  /** The normalized title of paper `i` (corpus order). */
  private titleOf(i: number): string {
    const { joined, starts } = this.titleIndex();
    return joined.slice(starts[i]!, joined.indexOf('\n', starts[i]!));
  }

  /** The index of the title that holds character `at` of the joined text. */
  private titleAt(at: number): number {
    const { starts } = this.titleIndex();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The last paper (in corpus order) whose normalized title is exactly `norm`, as a map from titles to papers would keep it. */
  private withTitle(norm: string): Paper | undefined {
    const { joined, papers } = this.titleIndex();
    const at = joined.lastIndexOf(`\n${norm}\n`);
    return at < 0 ? undefined : papers[this.titleAt(at + 1)];
  }

  /**
   * The titles (indexes, ascending) that could match a text of these distinct words with Dice ≥ TITLE_MATCH_THRESHOLD:
   * such a title shares at least t·a/(2−t) of the text's a words, so it holds one of any (a − that + 1) of them.
   */
  private titleCandidates(words: ReadonlySet<string>): number[] {
    const { joined } = this.titleIndex();
    const t = TITLE_MATCH_THRESHOLD;
    const mayMiss = words.size - Math.ceil((t * words.size) / (2 - t) - 1e-9);
    // The longest words are the rarest, so the fewest titles to look at; one more than needed, for safety.
    const probes = [...words].sort((a, b) => b.length - a.length).slice(0, mayMiss + 2);
    const found = new Set<number>();
    for (const w of probes) {
      for (let at = joined.indexOf(w); at >= 0; at = joined.indexOf(w, at + 1)) {
        const before = joined[at - 1];
        const after = joined[at + w.length];
        if ((before === ' ' || before === '\n') && (after === ' ' || after === '\n')) found.add(this.titleAt(at));
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  resolve(id: PaperIdentifier): Paper | undefined {
    const { byArxiv, byAcl, byDoi, byUrl } = this.idTables();
    switch (id.kind) {
      case 'arxiv':
        return byArxiv.get(id.value);
      case 'acl':
        return byAcl.get(id.value);
      case 'doi':
        return byDoi.get(id.value) ?? this.byAclDoi(id.value);
      case 'url':
        return byUrl.get(id.value);
    }
  }

  /** ACL DOIs embed the Anthology id (10.18653/v1/2020.acl-main.383). */
  private byAclDoi(doi: string): Paper | undefined {
    const m = doi.match(/^10\.18653\/v1\/(.+)$/);
    return m ? this.idTables().byAcl.get(normalizeAclId(m[1]!)) : undefined;
  }

  /** A paper whose title is exactly the given text (or its first line), compared loosely. */
  byExactTitle(text: string): Paper | undefined {
    const firstLine = text.split(/\n/)[0] ?? '';
    for (const candidate of [text, firstLine, firstLine.replace(/^title:\s*/i, '')]) {
      const norm = normalizeTitle(candidate);
      if (norm.length >= 12) {
        const hit = this.withTitle(norm);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  /**
   * The paper a pasted text is about, found by its title: exactly (byExactTitle), or else one of the
   * text's first lines (an author line or a venue may come before the title) matches a corpus title
   * with word overlap (Dice) of at least TITLE_MATCH_THRESHOLD, both titles having at least
   * TITLE_MATCH_MIN_WORDS words. The best match wins; a tie between two papers matches neither.
   */
  byTitle(text: string): Paper | undefined {
    const exact = this.byExactTitle(text);
    if (exact) return exact;
    const lines = text
      .split(/\n/)
      .map((l) => l.replace(/^title:\s*/i, '').trim())
      .filter((l) => l.length > 0)
      .slice(0, TITLE_LINES);
    return this.closestTitle(lines.map(titleWordSet));
  }

  /**
   * The paper whose title is quoted in a short question ('is "Toy Models of Superposition" mechanistic?'), wraps over
   * the first two lines (copied from a PDF) or opens a one-line paste ("Title. Abstract…", "Title: is it
   * mechanistic?"), as people paste them: the first two lines as one (exactly), then each quoted span of the first
   * TITLE_MAX_OPENING characters of a text shorter than an abstract, then the first line cut at each sentence or
   * clause break (".", ":", "?", "!", or a dash between spaces) within them, longest first, is matched as byTitle
   * matches a line: exactly, else by word overlap when it looks like a title itself (looksLikePaperTitle). A candidate
   * needs at least OPENING_TITLE_MIN_WORDS words, so a method name before a colon ("Activation patching: …") or in
   * quotes is never taken for a paper; a shorter title counts only as the first sentence of an abstract-length paste
   * ("Interventional Rationalization. <abstract>"). In an abstract-length paste whose line breaks became spaces, the
   * line's first RUN_ON_TITLE_MIN_WORDS or more words are tried first, when they are a corpus title exactly and a
   * capital follows.
   */
  byTitleWithin(text: string): Paper | undefined {
    const lines = text
      .split(/\n/)
      .map(headerLine)
      .filter((l) => l.length > 0);
    const first = lines[0];
    if (!first) return undefined;
    // A title wrapped over the first two lines, as a PDF's title page is copied: exactly, since joined it is the title.
    const wrapped = lines.length > 2 ? this.withTitle(normalizeTitle(`${first} ${lines[1]}`)) : undefined;
    if (wrapped) return wrapped;
    // A paper pasted with its line breaks turned to spaces: the line's first words are a corpus title, exactly, and a
    // capital (an author's name) follows them. Longest first, before the breaks inside the title are tried.
    const runOn = wordCount(first) >= PASTED_BODY_MIN_WORDS ? this.byOpeningWords(first) : undefined;
    if (runOn) return runOn;
    // A title quoted in a short question is what it asks about; quoted above an abstract, it may be any paper it cites.
    const quoted = wordCount(text) < PASTED_BODY_MIN_WORDS ? quotedSpans(text.slice(0, TITLE_MAX_OPENING)) : [];
    // A short title ("Interventional Rationalization") counts only as the first sentence of a pasted abstract.
    const sentence = (opening: string) => first.startsWith(`${opening}. `) && wordCount(first.slice(opening.length)) >= PASTED_BODY_MIN_WORDS;
    for (const opening of [...quoted, ...titleOpenings(first)]) {
      const norm = normalizeTitle(opening);
      const words = normalizedWordSet(norm);
      if (words.size < OPENING_TITLE_MIN_WORDS && !(words.size >= 2 && sentence(opening))) continue;
      const exact = norm.length >= 12 ? this.withTitle(norm) : undefined;
      if (exact) return exact;
      // Loosely only what could itself be a title: "We revisit <a cited title>" is a sentence about another paper.
      const loose = looksLikePaperTitle(opening) ? this.closestTitle([words]) : undefined;
      if (loose) return loose;
    }
    return undefined;
  }

  /** The corpus paper whose title is the line's first words, exactly, with a capital after them (see byTitleWithin). */
  private byOpeningWords(line: string): Paper | undefined {
    const words = line.slice(0, TITLE_MAX_OPENING).split(/\s+/);
    for (let n = Math.min(words.length - 1, TITLE_LINE_MAX_WORDS); n >= 2; n--) {
      if (!/^\p{Lu}/u.test(words[n]!)) continue;
      const norm = normalizeTitle(words.slice(0, n).join(' '));
      const exact = norm.split(' ').length >= RUN_ON_TITLE_MIN_WORDS ? this.withTitle(norm) : undefined;
      if (exact) return exact;
    }
    return undefined;
  }

  /**
   * The corpus papers a short question cites the way papers cite ("is Meng et al. 2022 mechanistic?", "Jain and
   * Wallace (2019)", "Wang et al., 2023a"): the first author's surname (and the second's, for "A and B"), and the year,
   * or, with none that year, the year before or after (a preprint and its venue). One paper when the question's other
   * words pick one (the only match, or the one whose title shares strictly the most of them); else every match, for the
   * asker to choose, and none when no corpus paper matches. A bare "Name 2022" is not a citation (it may be a venue,
   * "EMNLP 2023"): it needs "et al.", a second author or the year in brackets. Undefined when the text cites nothing.
   */
  byCitation(text: string): { citation: string; papers: Paper[] } | undefined {
    const m = citationIn(text);
    if (!m) return undefined;
    // Each paper's first two authors folded once, on the first citation asked about.
    this.authors ??= [...this.corpus.papers.values()].map((paper) => ({ paper, first: ` ${foldName(paper.authors[0] ?? '')}`, second: ` ${foldName(paper.authors[1] ?? '')}` }));
    const all = this.authors.filter((a) => a.first.endsWith(` ${m.first}`) && (m.second === undefined || a.second.endsWith(` ${m.second}`))).map((a) => a.paper);
    let papers = all.filter((p) => p.year === m.year);
    if (papers.length === 0) papers = all.filter((p) => Math.abs(p.year - m.year) === 1);
    if (papers.length <= 1) return { citation: m.citation, papers };
    // The rest of the question may say which: the paper whose title shares strictly the most of its words.
    const words = new Set(contentWords(text.replace(m.citation, ' ')));
    const shared = papers.map((p) => contentWords(p.title).filter((w) => words.has(w)).length);
    const best = Math.max(...shared);
    const top = papers.filter((_, i) => shared[i] === best);
    return { citation: m.citation, papers: best > 0 && top.length === 1 ? top : papers };
  }

  /**
   * The title closest to any of the lines' words: word overlap (Dice) of at least TITLE_MATCH_THRESHOLD, both titles
   * having at least TITLE_MATCH_MIN_WORDS words. The best match wins; a tie between two papers matches neither.
   */
  private closestTitle(lines: readonly ReadonlySet<string>[]): Paper | undefined {
    const { papers } = this.titleIndex();
    let best: { paper: Paper; score: number } | undefined;
    let tie = false;
    for (const words of lines) {
      if (words.size < TITLE_MATCH_MIN_WORDS || words.size > TITLE_MAX_WORDS) continue;
      for (const i of this.titleCandidates(words)) {
        const t = normalizedWordSet(this.titleOf(i));
        if (t.size < TITLE_MATCH_MIN_WORDS) continue;
        const score = dice(words, t);
        if (score < TITLE_MATCH_THRESHOLD) continue;
        if (!best || score > best.score) {
          best = { paper: papers[i]!, score };
          tie = false;
        } else if (score === best.score && papers[i]!.id !== best.paper.id) tie = true;
      }
    }
    return best && !tie ? best.paper : undefined;
  }
}

/** Particles that belong to a surname ("De Cao", "van Dijk"): the names' particles, capitalized or not. */
const PARTICLE = `(?:${NAME_PARTICLES.split('|')
  .map((p) => `[${p[0]!.toUpperCase()}${p[0]}]${p.slice(1)}`)
  .join('|')})`;
/** A surname as cited: capitalized, with a lowercase letter (so "EMNLP" is not one), perhaps after particles. */
const SURNAME = `((?:${PARTICLE}\\s+){0,2}\\p{Lu}[\\p{Ll}'’-][\\p{L}'’-]*)`;
const CITATION = new RegExp(`${SURNAME}(\\s+et\\s+al\\.?|\\s+(?:and|&)\\s+${SURNAME})?\\s*,?\\s*(\\(?)((?:19|20)\\d\\d)[a-z]?\\)?`, 'gu');

/** A name compared loosely: accents folded, lowercase letters and spaces. */
function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** The first citation in a text ("Meng et al. 2022", "Jain and Wallace (2019)"): its surnames (folded) and year. */
export function citationIn(text: string): { citation: string; first: string; second?: string; year: number } | undefined {
  for (const m of text.matchAll(CITATION)) {
    const [citation, first, tail, second, bracket, year] = m;
    // "Name 2022" alone may be a venue or a model: a citation has "et al.", a second author or a bracketed year.
    if (!tail && !bracket) continue;
    return { citation: citation!.trim(), first: foldName(first!), ...(second ? { second: foldName(second) } : {}), year: Number(year) };
  }
  return undefined;
}

/** How far into a one-line paste its title may end (the longest corpus titles are about 200 characters). */
const TITLE_MAX_OPENING = 300;
/** A title run into what follows it with no break at all needs this many words to be taken for the paper's. */
const RUN_ON_TITLE_MIN_WORDS = 6;
/** An opening shorter than this is a name or a phrase ("Activation patching:"), not a paper's title. */
export const OPENING_TITLE_MIN_WORDS = 4;

/**
 * The openings of a line that may be a title followed by more text: the line up to each break (".", ":", "?", "!"
 * followed by a space, or a dash between spaces) within its first TITLE_MAX_OPENING characters, longest first; the
 * mark itself is kept for "?" and "!" (a title may end in one), dropped otherwise.
 */
export function titleOpenings(line: string): string[] {
  const out: string[] = [];
  const head = line.slice(0, TITLE_MAX_OPENING + 3);
  for (const m of head.matchAll(/([.:?!])\s+|\s+[-–—|]\s+/g)) {
    if (m.index! > TITLE_MAX_OPENING) break;
    const end = m[1] === '?' || m[1] === '!' ? m.index! + 1 : m.index!;
    out.push(head.slice(0, end).trim());
  }
  return out.reverse();
}

/** Titles closer than this (titleSimilarity) are taken as the same paper: a pasted line against a corpus title, or a source's match. */
export const TITLE_MATCH_THRESHOLD = 0.9;

/** Word-level agreement of two titles (Dice over distinct words), 0..1. */
export function titleSimilarity(a: string, b: string): number {
  return dice(titleWordSet(a), titleWordSet(b));
}

function dice(A: ReadonlySet<string>, B: ReadonlySet<string>): number {
  if (A.size === 0 || B.size === 0) return 0;
  let shared = 0;
  for (const w of A) if (B.has(w)) shared++;
  return (2 * shared) / (A.size + B.size);
}

/**
 * Where each of `n` lines starts in `lines` (joined by newlines) when it has exactly `n` lines, shifted by
 * one for the newline that opens the joined text of titleIndex; undefined otherwise.
 */
function lineStarts(lines: string, n: number): Int32Array | undefined {
  const starts = new Int32Array(n);
  if (n === 0) return lines === '' ? starts : undefined;
  let at = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = at + 1;
    const end = lines.indexOf('\n', at);
    if ((end < 0) !== (i === n - 1)) return undefined;
    at = end + 1;
  }
  return starts;
}

const normalizedWordSet = (normalized: string) => new Set(normalized.split(' ').filter(Boolean));
const titleWordSet = (t: string) => normalizedWordSet(normalizeTitle(t));
/** Titles shorter than this are too generic to match loosely ("Attention is not explanation" matches exactly or not at all). */
const TITLE_MATCH_MIN_WORDS = 5;
/** A line longer than this is a sentence of the abstract, not a title. */
const TITLE_MAX_WORDS = 30;
/** How many of the first lines may hold the title (authors, venue or affiliations may come first). */
const TITLE_LINES = 4;
