/**
 * What the scan tests share: the bot's answers over the shipped corpus (lexical retrieval, so no encoder
 * loads), and paper sources configured like the program's, pointed at loopback fakes, waits recorded not slept.
 */
import { mechanisticOver } from '../../../src/app.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../../src/corpus/load.ts';
import { loadMissRates } from '../../../src/corpus/missed.ts';
import { PaperResolver } from '../../../src/core/paper-resolver.ts';
import type { Mechanistic } from '../../../src/core/service.ts';
import { createRetriever } from '../../../src/retrieval/retriever.ts';
import { createSources, type SourceSettings, type Sources } from '../../../src/sources/index.ts';

let cached: Mechanistic | undefined;

export function scanMechanistic(): Mechanistic {
  if (!cached) {
    const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
    cached = mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever: createRetriever({ corpus }) }, 'none (lexical only)', loadMissRates(DEFAULT_CORPUS_DIR));
  }
  return cached;
}

/** Nothing listens on port 9 of loopback: a source not given is refused at once. */
const NOWHERE = 'http://127.0.0.1:9';

export function scanSources(o: { arxivApiUrl: string; s2ApiUrl?: string; network?: boolean; arxivIntervalMs?: number }): Sources & { sleeps: number[] } {
  const sleeps: number[] = [];
  // Waits are recorded, not slept, and move the sources' clock on, as a real sleep would.
  let slept = 0;
  const settings: SourceSettings = {
    network: o.network ?? true,
    arxivApiUrl: o.arxivApiUrl,
    s2ApiUrl: o.s2ApiUrl ?? `${NOWHERE}/graph/v1`,
    crossrefApiUrl: NOWHERE,
    openreviewApiUrl: NOWHERE,
    anthologyUrl: NOWHERE,
    timeoutMs: 5000,
    ttlDays: 30,
    minIntervalMs: { arxiv: o.arxivIntervalMs ?? 0, 'semantic-scholar': 0 },
    retryDelayMs: 1000,
    now: () => Date.now() + slept,
    sleep: async (ms) => {
      sleeps.push(ms);
      slept += ms;
    },
  };
  return { ...createSources(settings), sleeps };
}
