/**
 * What the vector index holds for a corpus: one item per paper (`paper:<id>`: title and summary,
 * or the abstract when there is no summary) and one per concept (`concept:<id>`: name, aliases in
 * both communities' vocabularies, description), in a stable order.
 */
import { createHash } from 'node:crypto';
import type { Concept, Corpus, Paper } from '../core/corpus-schema.ts';
import { derivedData, siblingModules, type CorpusFiles } from '../corpus/load.ts';
import type { IndexItem } from './vector-index.ts';

export function paperIndexText(paper: Paper): string {
  const body = paper.summary ?? paper.abstract ?? '';
  return body ? `${paper.title}. ${body}` : paper.title;
}

export function conceptIndexText(concept: Concept): string {
  const aliases = [...new Set([...concept.aliases.mi, ...concept.aliases.nlpi])].filter(
    (a) => a.toLowerCase() !== concept.name.toLowerCase(),
  );
  const named = aliases.length > 0 ? `${concept.name} (also: ${aliases.join(', ')})` : concept.name;
  return `${named}. ${concept.description}`;
}

export function corpusIndexItems(corpus: Pick<Corpus, 'papers' | 'concepts'>): IndexItem[] {
  const papers = [...corpus.papers.values()].map((p) => ({ id: `paper:${p.id}`, text: paperIndexText(p) }));
  const concepts = [...corpus.concepts.values()].map((c) => ({ id: `concept:${c.id}`, text: conceptIndexText(c) }));
  const byId = (a: IndexItem, b: IndexItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...papers.sort(byId), ...concepts.sort(byId)];
}

/** sha256 over the corpus files (path and content, in path order), as recorded in the index manifest. */
export function corpusHash(files: readonly { path: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${f.path}\0${f.text}\0`);
  }
  return hash.digest('hex');
}

/**
 * corpusHash of a loaded corpus's files, kept with its snapshot's derived data: a start that found
 * the corpus by its files' stats then reads neither the files nor their hash (the derived data is
 * keyed by the files' content, so the value is that of these very files).
 */
export function corpusHashOf(corpus: Corpus & CorpusFiles): string {
  const store = derivedData(corpus);
  const code = siblingModules(import.meta.url);
  const kept = store?.read('corpus-hash', code)?.toString('latin1');
  if (kept && /^[0-9a-f]{64}$/.test(kept)) return kept;
  const hash = corpusHash(corpus.files);
  store?.write('corpus-hash', code, Buffer.from(hash, 'latin1'));
  return hash;
}
