/**
 * The lookups behind `mechanistic concept|paper|term`: exact matches by id, name or alias,
 * otherwise a clear miss with the closest suggestions.
 */
import { bibtexEntry } from './bibtex.ts';
import type { Concept, Corpus, GlossaryTerm, Paper } from './corpus-schema.ts';
import { parseInput } from './input.ts';
import { normalizeTitle, type PaperResolver } from './paper-resolver.ts';
import { paperRef, type ScoredId } from './answer.ts';
import type { ConceptEntry, Lookup, PaperEntry, TermEntry } from './service.ts';

const norm = (s: string) => normalizeTitle(s);

/** Similarity of two short strings in 0..1 (shared words, then shared prefix), for suggestions. */
function closeness(a: string, b: string): number {
  const wa = new Set(norm(a).split(' ').filter(Boolean));
  const wb = new Set(norm(b).split(' ').filter(Boolean));
  const shared = [...wa].filter((w) => wb.has(w) || [...wb].some((x) => x.startsWith(w) || w.startsWith(x))).length;
  return shared / Math.max(1, Math.min(wa.size, wb.size));
}

function suggest(query: string, names: { label: string; keys: string[] }[], n = 5): string[] {
  return names
    .map((x) => ({ label: x.label, s: Math.max(...x.keys.map((k) => closeness(query, k))) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.label.localeCompare(b.label))
    .slice(0, n)
    .map((x) => x.label);
}

function conceptKeys(c: Concept): string[] {
  return [c.id, c.id.replace(/-/g, ' '), c.name, ...c.aliases.mi, ...c.aliases.nlpi];
}

export function lookupConcept(corpus: Corpus, name: string): Lookup<ConceptEntry> {
  const q = norm(name);
  if (!q) return { found: false, message: 'give a concept name, e.g. "activation patching"', suggestions: [] };
  const concepts = [...corpus.concepts.values()];
  const hit =
    corpus.concepts.get(name.trim().toLowerCase()) ??
    concepts.find((c) => norm(c.name) === q || norm(c.id) === q) ??
    concepts.find((c) => conceptKeys(c).some((k) => norm(k) === q));
  if (!hit) {
    return {
      found: false,
      message: `no concept called "${name.trim()}"`,
      suggestions: suggest(name, concepts.map((c) => ({ label: c.name, keys: conceptKeys(c) }))),
    };
  }
  const refs = (ids: { id: string; why: string }[]) =>
    ids.flatMap(({ id, why }) => {
      const p = corpus.papers.get(id);
      return p ? [paperRef(p, why, 1)] : [];
    });
  return {
    found: true,
    value: {
      concept: hit,
      precedents: refs(hit.precedents),
      miExamples: refs(hit.miExamples.map((id) => ({ id, why: `uses or rediscovers ${hit.name}` }))),
    },
  };
}

export function lookupPaper(
  corpus: Corpus,
  resolver: PaperResolver,
  query: string,
  searchTitles: (q: string, k: number) => ScoredId[],
): Lookup<PaperEntry> {
  const q = query.trim();
  if (!q) return { found: false, message: 'give a paper id, arXiv/ACL id or URL, DOI, or title', suggestions: [] };
  let paper: Paper | undefined = corpus.papers.get(q.toLowerCase());
  for (const id of parseInput(q).identifiers) paper ??= resolver.resolve(id);
  paper ??= resolver.byExactTitle(q);
  if (!paper) {
    const hits = searchTitles(q, 5);
    const top = hits[0];
    // One clearly best title match is the paper the user meant; otherwise list candidates.
    if (top && (hits.length === 1 || top.score > 1.5 * (hits[1]?.score ?? 0)) && closeness(q, corpus.papers.get(top.id)!.title) >= 0.6) {
      paper = corpus.papers.get(top.id);
    } else {
      return {
        found: false,
        message: `no paper in the corpus matches "${q.length > 80 ? `${q.slice(0, 77)}...` : q}"`,
        suggestions: hits.map((h) => {
          const p = corpus.papers.get(h.id)!;
          return `${p.title} (${p.year}) [${p.id}]`;
        }),
      };
    }
  }
  const p = paper!;
  const concepts = [...corpus.concepts.values()].filter(
    (c) => p.tags.includes(c.id) || [...c.precedents, ...(c.later ?? [])].some((l) => l.id === p.id) || c.miExamples.includes(p.id),
  );
  return { found: true, value: { paper: p, ref: paperRef(p, p.summary ?? 'paper in the corpus', 1), concepts, bibtex: bibtexEntry(p) } };
}

function termKeys(t: GlossaryTerm): string[] {
  return [t.id, t.term, ...t.aliases];
}

export function lookupTerm(corpus: Corpus, word: string): Lookup<TermEntry> {
  const q = norm(word);
  if (!q) return { found: false, message: 'give a term, e.g. "faithful"', suggestions: [] };
  const terms = [...corpus.glossary.values()];
  const hit = terms.find((t) => termKeys(t).some((k) => norm(k) === q)) ?? terms.find((t) => termKeys(t).some((k) => norm(k).startsWith(q) && q.length >= 4));
  if (!hit) {
    return {
      found: false,
      message: `"${word.trim()}" is not in the glossary`,
      suggestions: suggest(word, terms.map((t) => ({ label: t.term, keys: termKeys(t) }))),
    };
  }
  return {
    found: true,
    value: {
      term: hit,
      papers: hit.papers.flatMap((id) => {
        const p = corpus.papers.get(id);
        return p ? [paperRef(p, p.summary ?? '', 1)] : [];
      }),
      concepts: hit.concepts.flatMap((id) => corpus.concepts.get(id) ?? []),
    },
  };
}
