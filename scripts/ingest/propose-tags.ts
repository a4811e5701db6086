/**
 * Proposes concept tags by embedding similarity for every corpus paper and writes
 * corpus/selection/embedding-proposed-tags.tsv for review (minutes with USE-lite; never run in CI).
 *   npm run ingest:propose-tags [-- --threshold 0.75 --per-paper 1]
 */
import { writeFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.ts';
import { formatEmbeddingTagsTsv, proposeByEmbedding } from '../../src/ingest/embedding-tags.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { argValue, repoPath } from './paths.ts';

const threshold = Number(argValue('--threshold') ?? 0.75);
const perPaper = Number(argValue('--per-paper') ?? 1);
const corpus = loadCorpus();
const embedder = await createUseLiteEmbedder();
const concepts = [...corpus.concepts.values()];
const conceptVectors = await embedder.embed(concepts.map((c) => `${c.name}. ${c.description}`));
const papers = [...corpus.papers.values()];
const paperVectors = await embedder.embed(papers.map((p) => `${p.title}. ${(p.abstract ?? p.summary ?? '').slice(0, 400)}`));
const proposals = proposeByEmbedding(
  papers.map((p, i) => ({ id: p.id, vector: paperVectors[i]! })),
  concepts.map((c, i) => ({ id: c.id, vector: conceptVectors[i]! })),
  threshold,
  perPaper,
).filter((r) => !corpus.papers.get(r.paper)!.tags.includes(r.concept));
const out = repoPath('corpus/selection/embedding-proposed-tags.tsv');
writeFileSync(out, formatEmbeddingTagsTsv(proposals));
process.stderr.write(`${proposals.length} proposals for ${new Set(proposals.map((p) => p.paper)).size} papers written to ${out}\n`);
