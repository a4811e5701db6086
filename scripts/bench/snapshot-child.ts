/**
 * Run in a fresh process by the benchmark: times building the corpus snapshot (parse and validate
 * every YAML file, then write `.snapshot/`) and then reading it back, and prints one JSON line.
 * A fresh process, so the YAML parser's import is part of the build, as on a real first start.
 */
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';

let t = performance.now();
const built = loadCorpus(DEFAULT_CORPUS_DIR, { snapshot: 'refresh' });
const buildSeconds = (performance.now() - t) / 1000;
t = performance.now();
const read = loadCorpus(DEFAULT_CORPUS_DIR, { snapshot: 'use' });
const readSeconds = (performance.now() - t) / 1000;
process.stdout.write(
  `${JSON.stringify({ papers: built.papers.size, concepts: built.concepts.size, buildSeconds, readSeconds, readPapers: read.papers.size, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
