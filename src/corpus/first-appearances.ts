/**
 * Every paper's first appearance (firstAppearances in core/dates.ts), kept in the corpus's derived data
 * (see DerivedData in load.ts) so that a start does not compute it again for every paper: keyed by the
 * corpus and by the code that computes it. Three bytes a paper, in corpus order: the year (int16) and
 * the month (0 when unknown).
 */
import type { Corpus } from '../core/corpus-schema.ts';
import { firstAppearances, keepFirstAppearances, type PaperDate } from '../core/dates.ts';
import { derivedData, siblingModules } from './load.ts';

const NAME = 'first-appearances';

/** Makes firstAppearances(corpus.papers) answer from the derived data when it is there, and keeps it there when not. */
export function loadFirstAppearances(corpus: Corpus): void {
  const store = derivedData(corpus);
  if (!store) return;
  const code = siblingModules(import.meta.url, '../core/dates');
  const n = corpus.papers.size;
  const bytes = store.read(NAME, code);
  if (bytes && bytes.length === 3 * n) {
    const years = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 2 * n));
    const dates = new Map<string, PaperDate>();
    let i = 0;
    for (const id of corpus.papers.keys()) {
      const month = bytes[2 * n + i]!;
      dates.set(id, month === 0 ? { year: years[i]! } : { year: years[i]!, month });
      i++;
    }
    keepFirstAppearances(corpus.papers, dates);
    return;
  }
  const dates = firstAppearances(corpus.papers);
  const out = Buffer.alloc(3 * n);
  const years = new Int16Array(out.buffer, out.byteOffset, n);
  let i = 0;
  for (const id of corpus.papers.keys()) {
    const d = dates.get(id)!;
    // Outside int16 or a month outside 1–12 cannot be kept: then it is computed at every start.
    if (d.year !== (d.year << 16) >> 16 || (d.month !== undefined && !(d.month >= 1 && d.month <= 12))) return;
    years[i] = d.year;
    out[2 * n + i] = d.month ?? 0;
    i++;
  }
  store.write(NAME, code, out);
}
