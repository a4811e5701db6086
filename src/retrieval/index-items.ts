/**
 * What the vector index holds for a corpus: one item per paper (`paper:<id>`: title and summary,
 * or the abstract when there is no summary) and one per concept (`concept:<id>`: name, aliases in
 * both communities' vocabularies, description), in a stable order.
 */
import { createHash } from 'node:crypto';
import type { Concept, Corpus, Paper } from '../core/corpus-schema.ts';
import { derivedData, siblingModules, type CorpusFiles } from '../corpus/load.ts';
import { textHash } from './vector-cache.ts';
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

/** An item whose text is made when first read: a start that finds its index fresh reads no paper's abstract. */
function lazyItem(id: string, make: () => string): IndexItem {
  let text: string | undefined;
  return {
    id,
    get text() {
      return (text ??= make());
    },
  };
}

export function corpusIndexItems(corpus: Pick<Corpus, 'papers' | 'concepts'>): IndexItem[] {
  const papers = [...corpus.papers.values()].map((p) => lazyItem(`paper:${p.id}`, () => paperIndexText(p)));
  const concepts = [...corpus.concepts.values()].map((c) => lazyItem(`concept:${c.id}`, () => conceptIndexText(c)));
  const byId = (a: IndexItem, b: IndexItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...papers.sort(byId), ...concepts.sort(byId)];
}

/** sha256 digests are 32 bytes. */
const DIGEST_BYTES = 32;

/**
 * textHash of each item's text, in order, for `items = corpusIndexItems(corpus)`: kept with the snapshot's
 * derived data (keyed by the corpus files and by this code and textHash's), so a start with an unchanged corpus
 * neither makes the texts nor hashes them. A corpus with no snapshot has them computed.
 */
export function indexTextHashes(corpus: Corpus, items: readonly IndexItem[]): string[] {
  const store = derivedData(corpus);
  const code = siblingModules(import.meta.url, './vector-cache');
  const kept = store?.read('index-text-hashes', code);
  if (kept && kept.length === items.length * DIGEST_BYTES) {
    return Array.from({ length: items.length }, (_, i) => kept.toString('hex', i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
  }
  const hashes = items.map((i) => textHash(i.text));
  store?.write('index-text-hashes', code, Buffer.from(hashes.join(''), 'hex'));
  return hashes;
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
