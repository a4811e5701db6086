/**
 * Computes the selection scores for the main ACL venues once (tens of minutes with USE-lite) and writes
 * corpus/selection/acl-main-scores.tsv. Only rerun when the topic descriptions or the input change:
 *   npm run ingest:score-selection [-- --data ../shared/data/acl-anthology/main]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnthologyXml } from '../../src/ingest/anthology.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import { formatScoresTsv, keywordHits, SELECTED_TRACKS, TOPIC_DESCRIPTIONS, type SelectionScore } from '../../src/ingest/selection.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';

// The encoder's cost grows with text length; the title and the opening of the abstract carry the topic.
const ABSTRACT_CHARS = 700;

const dataDir = argValue("--data") ?? join(DEFAULT_DATA_DIR, "acl-anthology", "main");
const out = argValue('--out') ?? repoPath('corpus/selection/acl-main-scores.tsv');
const papers = readdirSync(dataDir)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .flatMap((f) => parseAnthologyXml(readFileSync(join(dataDir, f), 'utf8'), f).papers)
  .filter((p) => SELECTED_TRACKS.has(p.track));
process.stderr.write(`scoring ${papers.length} papers from ${dataDir}\n`);

const embedder = await createUseLiteEmbedder();
const topicNames = Object.keys(TOPIC_DESCRIPTIONS);
const topics = await embedder.embed(Object.values(TOPIC_DESCRIPTIONS));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

const scores: SelectionScore[] = [];
const BATCH = 256;
const started = Date.now();
for (let i = 0; i < papers.length; i += BATCH) {
  const batch = papers.slice(i, i + BATCH);
  const vectors = await embedder.embed(batch.map((p) => `${p.title}. ${(p.abstract ?? '').slice(0, ABSTRACT_CHARS)}`));
  batch.forEach((p, j) => {
    const sims = topics.map((t) => dot(vectors[j]!, t));
    const best = sims.indexOf(Math.max(...sims));
    scores.push({
      anthologyId: p.ids.acl,
      year: p.year,
      venue: p.venue,
      keywords: keywordHits(p.title, p.abstract),
      similarity: sims[best]!,
      bestTopic: topicNames[best]!,
      title: p.title,
    });
  });
  const done = Math.min(i + BATCH, papers.length);
  process.stderr.write(`${done}/${papers.length} (${((done / (Date.now() - started)) * 1000).toFixed(1)} papers/s)\n`);
}
writeFileSync(out, formatScoresTsv(scores));
process.stderr.write(`wrote ${scores.length} scores to ${out}\n`);
