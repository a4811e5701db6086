/**
 * Finds corpus papers by identifier (arXiv, ACL Anthology, DOI), by URL, or by exact title.
 */
import type { Corpus, Paper } from './corpus-schema.ts';
import { normalizeAclId, normalizeUrl, type PaperIdentifier } from './input.ts';

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
  private titleTable?: Map<string, Paper>;
  /** Every corpus title's distinct words, for the fuzzy match. */
  private titleWordTable?: { paper: Paper; words: Set<string> }[];

  /**
   * `keptTitles`: where the normalized titles (normalizeTitle of each paper's title, in corpus order) may
   * already be kept, and where to keep them once computed (normalizing every title is most of building
   * the title tables).
   */
  constructor(
    private readonly corpus: Corpus,
    private readonly keptTitles?: { read(): readonly string[] | undefined; write(titles: readonly string[]): void },
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

  /** Every paper with its title normalized (normalizeTitle), in corpus order: both title tables start from it. */
  private normalizedTitles?: { paper: Paper; title: string }[];
  private normalized() {
    if (this.normalizedTitles) return this.normalizedTitles;
    const papers = [...this.corpus.papers.values()];
    const kept = this.keptTitles?.read();
    if (kept && kept.length === papers.length) return (this.normalizedTitles = papers.map((paper, i) => ({ paper, title: kept[i]! })));
    this.normalizedTitles = papers.map((paper) => ({ paper, title: normalizeTitle(paper.title) }));
    this.keptTitles?.write(this.normalizedTitles.map((t) => t.title));
    return this.normalizedTitles;
  }

  private get titles(): Map<string, Paper> {
    return (this.titleTable ??= new Map(this.normalized().map((t) => [t.title, t.paper])));
  }

  private get titleWords(): { paper: Paper; words: Set<string> }[] {
    return (this.titleWordTable ??= this.normalized().map((t) => ({ paper: t.paper, words: normalizedWordSet(t.title) })));
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
        const hit = this.titles.get(norm);
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
    let best: { paper: Paper; score: number } | undefined;
    let tie = false;
    for (const line of lines) {
      const words = titleWordSet(line);
      if (words.size < TITLE_MATCH_MIN_WORDS || words.size > TITLE_MAX_WORDS) continue;
      for (const t of this.titleWords) {
        if (t.words.size < TITLE_MATCH_MIN_WORDS) continue;
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

const normalizedWordSet = (normalized: string) => new Set(normalized.split(' ').filter(Boolean));
const titleWordSet = (t: string) => normalizedWordSet(normalizeTitle(t));
/** Titles shorter than this are too generic to match loosely ("Attention is not explanation" matches exactly or not at all). */
const TITLE_MATCH_MIN_WORDS = 5;
/** A line longer than this is a sentence of the abstract, not a title. */
const TITLE_MAX_WORDS = 30;
/** How many of the first lines may hold the title (authors, venue or affiliations may come first). */
const TITLE_LINES = 4;
