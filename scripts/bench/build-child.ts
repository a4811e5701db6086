/**
 * Run in a fresh process by the benchmark: builds the corpus vector index into an empty data dir
 * and prints one JSON line with the time, the item counts and the process's peak RSS. With
 * `--no-bundled` every text goes through the embedder (a build from nothing); otherwise the shipped
 * vectors are used where they exist. `--data-dir <dir>` builds there (default: a new temp dir), so
 * the parent can open the finished index without embedding again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { corpusHash, corpusIndexItems } from '../../src/retrieval/index-items.ts';
import { ensureVectorIndex } from '../../src/retrieval/vector-index.ts';

const noBundled = process.argv.includes('--no-bundled');
const dirFlag = process.argv.indexOf('--data-dir');
const dataDir = dirFlag >= 0 ? process.argv[dirFlag + 1]! : mkdtempSync(join(tmpdir(), 'mechanistic-bench-build-'));
const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
const embedder = await createUseLiteEmbedder();
const items = corpusIndexItems(corpus);
const t = performance.now();
const built = await ensureVectorIndex({
  dataDir,
  embedder,
  items,
  corpusHash: corpusHash(corpus.files),
  ...(noBundled ? { bundledDir: mkdtempSync(join(tmpdir(), 'mechanistic-bench-nobundle-')) } : {}),
});
const seconds = (performance.now() - t) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, items: items.length, papers: corpus.papers.size, embedded: built.embedded, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
