/**
 * Computes the selection scores of the candidate papers of the main ACL venues (keyword hits, see
 * src/ingest/selection.ts) once and writes corpus/selection/acl-main-scores.tsv.
 * Slow (USE-lite over ~1,550 abstracts on a busy machine), so it is sharded and resumable: each shard appends finished batches to
 * its part file in --work, a rerun skips what is done, and the last step merges the parts.
 *   npm run ingest:score-selection                          (one process, all papers, then merge)
 *   npm run ingest:score-selection -- --shard 1/2 & npm run ingest:score-selection -- --shard 2/2; \
 *   npm run ingest:score-selection -- --merge
 * Only rerun when the topic descriptions or the input change.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAnthologyDir } from '../../src/ingest/anthology.ts';
import { createUseLiteEmbedder } from '../../src/retrieval/embedders/use-lite.ts';
import {
  formatScoresTsv, keywordHits, MIN_KEYWORDS_TO_SCORE, parseScoresTsv, SCORES_HEADER, SELECTED_TRACKS, TOPIC_DESCRIPTIONS, type SelectionScore,
} from '../../src/ingest/selection.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';

// The encoder's cost grows with text length; the title and the opening of the abstract carry the topic.
const ABSTRACT_CHARS = 400;
const BATCH = 128;

const dataDir = argValue('--data') ?? join(DEFAULT_DATA_DIR, 'acl-anthology', 'main');
const out = argValue('--out') ?? repoPath('corpus/selection/acl-main-scores.tsv');
const work = argValue('--work') ?? join(tmpdir(), 'mechanistic-score-selection');
const shardArg = argValue('--shard') ?? '1/1';
const merge = process.argv.includes('--merge');
const [shard, shards] = shardArg.split('/').map(Number) as [number, number];
if (!(shard >= 1 && shard <= shards)) {
  process.stderr.write(`--shard ${shardArg}: expected k/n with 1 <= k <= n, e.g. --shard 1/2\n`);
  process.exit(2);
}
mkdirSync(work, { recursive: true });

const papers = readAnthologyDir(dataDir)
  .flatMap((r) => r.papers)
  .filter((p) => SELECTED_TRACKS.has(p.track) && keywordHits(p.title, p.abstract).length >= MIN_KEYWORDS_TO_SCORE);

function partPath(k: number, n: number): string {
  return join(work, `part-${k}-of-${n}.tsv`);
}

function readPart(path: string): SelectionScore[] {
  if (!existsSync(path)) return [];
  return parseScoresTsv(readFileSync(path, 'utf8'), path);
}

/** Keyword columns are cheap and are recomputed on merge, so a rule change to keywords needs no re-embedding. */
function withKeywords(s: SelectionScore, title: string, abstract: string | undefined): SelectionScore {
  return { ...s, keywords: keywordHits(title, abstract), titleKeywords: keywordHits(title, undefined) };
}

if (!merge) {
  const mine = papers.filter((_, i) => i % shards === shard - 1);
  const path = partPath(shard, shards);
  if (!existsSync(path)) writeFileSync(path, `${SCORES_HEADER.join('\t')}\n`);
  const done = new Set(readPart(path).map((s) => s.anthologyId));
  // Papers with keyword hits first: they are the likely selections, so a partial run is already useful.
  const todo = mine
    .filter((p) => !done.has(p.ids.acl))
    .map((p) => ({ p, k: keywordHits(p.title, p.abstract).length }))
    .sort((a, b) => b.k - a.k)
    .map(({ p }) => p);
  process.stderr.write(`shard ${shardArg}: ${mine.length} papers, ${done.size} already scored, ${todo.length} to go\n`);
  const embedder = await createUseLiteEmbedder();
  const topicNames = Object.keys(TOPIC_DESCRIPTIONS);
  const topics = await embedder.embed(Object.values(TOPIC_DESCRIPTIONS));
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  const started = Date.now();
  for (let i = 0; i < todo.length; i += BATCH) {
    const batch = todo.slice(i, i + BATCH);
    const vectors = await embedder.embed(batch.map((p) => `${p.title}. ${(p.abstract ?? '').slice(0, ABSTRACT_CHARS)}`));
    const rows = batch.map((p, j): SelectionScore => {
      const sims = topics.map((t) => dot(vectors[j]!, t));
      const best = sims.indexOf(Math.max(...sims));
      return {
        anthologyId: p.ids.acl, year: p.year, venue: p.venue, keywords: keywordHits(p.title, p.abstract),
        titleKeywords: keywordHits(p.title, undefined),
        similarity: sims[best]!, bestTopic: topicNames[best]!, title: p.title,
      };
    });
    appendFileSync(path, formatScoresTsv(rows).split('\n').slice(1).join('\n'));
    const n = Math.min(i + BATCH, todo.length);
    process.stderr.write(`shard ${shardArg}: ${n}/${todo.length} (${((n / (Date.now() - started)) * 1000).toFixed(1)} papers/s)\n`);
  }
}

if (merge || shards === 1) {
  const parts = readdirSync(work).filter((f) => /^part-\d+-of-\d+\.tsv$/.test(f));
  const byId = new Map(parts.flatMap((f) => readPart(join(work, f))).map((s) => [s.anthologyId, s]));
  const missing = papers.filter((p) => !byId.has(p.ids.acl));
  if (missing.length > 0) {
    process.stderr.write(`not merged: ${missing.length} papers have no score yet (run the missing shards; parts in ${work})\n`);
    process.exit(1);
  }
  writeFileSync(out, formatScoresTsv(papers.map((p) => withKeywords(byId.get(p.ids.acl)!, p.title, p.abstract))));
  process.stderr.write(`wrote ${papers.length} scores to ${out}\n`);
}
