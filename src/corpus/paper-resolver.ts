/**
 * The PaperResolver of a loaded corpus, with its papers' normalized titles kept in the corpus's derived
 * data (see DerivedData in load.ts), one a line: keyed by the corpus and by the resolver's code, so they
 * are those normalizeTitle gives for these very titles.
 */
import type { Corpus } from '../core/corpus-schema.ts';
import { PaperResolver } from '../core/paper-resolver.ts';
import { derivedData, siblingModules } from './load.ts';

export function corpusPaperResolver(corpus: Corpus): PaperResolver {
  const store = derivedData(corpus);
  if (!store) return new PaperResolver(corpus);
  const code = siblingModules(import.meta.url, '../core/paper-resolver');
  return new PaperResolver(corpus, {
    // Normalized titles are ASCII (lowercase letters, digits, spaces), one a line.
    read: () => store.read('paper-titles', code)?.toString('latin1'),
    write: (titles) => store.write('paper-titles', code, Buffer.from(titles, 'latin1')),
  });
}
