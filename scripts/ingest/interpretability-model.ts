/**
 * Trains the "is this interpretability research?" model and writes corpus/models/interpretability.bin.
 *   npm run ingest:interpretability-model [-- --data ../shared/data] [--check] [--seed N]
 * Training texts (title + abstract, from the ACL Anthology XML): every paper of the review nets with its
 * hand label (corpus/selection/acl-main-review.tsv and the later reviews), every other main-venue paper as
 * a negative at half weight (outside both nets; the random sample below measures how few of those are
 * interpretability), every corpus paper with an abstract as a positive, and, since the thirty-third issue-16 round,
 * the labelled real papers of the ranking's training splits (title and abstract, with their eval labels). The random
 * hand-labelled sample (corpus/selection/acl-main-random-labels.tsv) is left out of training and measured.
 * --check: train, compare with the shipped file, and fail if they differ (the model is deterministic).
 * --seed N: train with the shuffles seeded N, N + 1, … instead and report how far its readings of the random
 * sample are from the shipped model's (the model is the mean of 16 runs, so they should barely move); writes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAnthologyDir } from '../../src/ingest/anthology.ts';
import { interpretabilityScores, trainInterpretabilityModel, type LabelledText } from '../../src/ingest/interpretability-model.ts';
import { inReviewNets } from '../../src/ingest/reviewed-selection.ts';
import { parseLabelsTsv } from '../../src/ingest/selection.ts';
import { readAclMainReview } from '../../src/ingest/sources.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_CONCEPT_WEIGHTS } from '../../src/retrieval/concept-recognizer.ts';
import { BUNDLED_INTERPRETABILITY_MODEL, bundledInterpretabilityModel, interpretabilityProbability } from '../../src/retrieval/interpretability-classifier.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';
import { writeOrCheck } from '../generated-file.ts';
import { isRealSplit, loadSplit, TRAINING_SPLITS } from '../eval/dataset.ts';
import { evalPaperIds, INTERPRETABILITY_LEFT_OUT, leftOutRecord } from '../eval/left-out.ts';

/** An eval paste (title line, author line, blank line, abstract) as title and abstract. */
function withoutAuthorLine(query: string): string {
  const lines = query.split('\n');
  return lines.length > 3 && lines[2] === '' && lines[1]!.trim() !== '' ? [lines[0]!, ...lines.slice(3)].join('\n') : query;
}

const dir = join(argValue('--data') ?? DEFAULT_DATA_DIR, 'acl-anthology', 'main');
const papers = readAnthologyDir(dir).flatMap((r) => r.papers);
const review = readAclMainReview(repoPath('corpus'));
const randomPath = repoPath('corpus/selection/acl-main-random-labels.tsv');
const random = parseLabelsTsv(readFileSync(randomPath, 'utf8'), randomPath);
const heldOut = new Set(random.map((l) => l.anthologyId));
// No paper of an eval set (test/eval/*.jsonl) trains it as an Anthology or corpus text; the training splits' papers train
// it through their labels (below), and every later split measures it on unseen papers.
const evalIds = evalPaperIds();
const isEvalPaper = (ids: { acl?: string; arxiv?: string }) => (ids.acl !== undefined && evalIds.has(ids.acl)) || (ids.arxiv !== undefined && evalIds.has(ids.arxiv));
const corpus = loadCorpus();
const text = (p: { title: string; abstract?: string }) => `${p.title}\n${p.abstract ?? ''}`;

const training: LabelledText[] = [];
const seen = new Set<string>();
for (const p of papers) {
  const id = p.ids.acl;
  if (!id || heldOut.has(id) || seen.has(id) || evalIds.has(id)) continue;
  seen.add(id);
  const label = review.get(id);
  if (label) training.push({ id, text: text(p), interpretability: label.relevant });
  else if (!inReviewNets(p)) training.push({ id, text: text(p), interpretability: false, weight: 0.5 });
}
for (const p of corpus.papers.values()) {
  if (!p.abstract || isEvalPaper(p.ids) || (p.ids.acl && (heldOut.has(p.ids.acl) || seen.has(p.ids.acl)))) continue;
  training.push({ id: p.id, text: text(p), interpretability: true });
}
// The real papers of the splits that train the ranking and the concept combination (TRAINING_SPLITS) teach it
// too, with their labels: arXiv interpretability papers and their look-alikes, which the Anthology has few of. Title and
// abstract only, as every other training text: an author line would teach it names. The later splits never train it.
for (const split of TRAINING_SPLITS.filter(isRealSplit)) {
  for (const item of loadSplit(split, corpus)) {
    if (item.interpretability === undefined) continue;
    training.push({ id: `${split}:${item.id ?? item.title}`, text: withoutAuthorLine(item.query), interpretability: item.interpretability });
  }
}
const seed = argValue('--seed');
if (seed !== undefined && !/^\d+$/.test(seed)) throw new Error(`--seed takes a whole number, not ${JSON.stringify(seed)}`);
const { model, examples, positives } = trainInterpretabilityModel(training, seed === undefined ? {} : { seed: Number(seed) });
const byId = new Map(papers.map((p) => [p.ids.acl, p]));
const measured = random.filter((l) => byId.has(l.anthologyId)).map((l) => ({ id: l.anthologyId, text: text(byId.get(l.anthologyId)!), interpretability: l.relevant }));
const bytes = Buffer.from(model.toBytes());
console.log(`trained on ${examples} texts (${positives} interpretability; ${evalIds.size} eval-set papers left out); ${bytes.length} bytes`);
for (const t of [0.3, 0.5, 0.7]) {
  const s = interpretabilityScores(model, measured, t);
  console.log(`random hand-labelled sample (${s.n} papers, ${measured.filter((m) => m.interpretability).length} yes), p >= ${t}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, accuracy ${s.accuracy.toFixed(3)}`);
}
if (seed === undefined) {
  const check = process.argv.includes('--check');
  const command = 'npm run ingest:interpretability-model';
  // The model, and beside it the record of the eval papers it left out (npm run eval refuses to measure without it).
  const modelStatus = writeOrCheck(BUNDLED_INTERPRETABILITY_MODEL, bytes, { check, command });
  const recordStatus = writeOrCheck(INTERPRETABILITY_LEFT_OUT, leftOutRecord(evalIds), { check, command, shown: 'corpus/models/interpretability.left-out.json', detail: `${evalIds.size} eval papers` });
  process.exitCode = Math.max(modelStatus, recordStatus);
} else {
  // The bar the bot reads a text as interpretability research at (when the text shows no other topic).
  const bar = DEFAULT_CONCEPT_WEIGHTS.learnedInterpretability;
  const shipped = bundledInterpretabilityModel();
  if (!shipped) throw new Error('no shipped model to compare with');
  let flips = 0;
  let moved = 0;
  let most = 0;
  for (const m of measured) {
    const [a, b] = [interpretabilityProbability(shipped, m.text), interpretabilityProbability(model, m.text)];
    if (a >= bar !== b >= bar) flips++;
    moved += Math.abs(a - b);
    most = Math.max(most, Math.abs(a - b));
  }
  console.log(`seed ${seed} against the shipped model, on the random sample: yes at ${bar} differs on ${flips} of ${measured.length} papers; mean |probability change| ${(moved / measured.length).toFixed(4)}; largest ${most.toFixed(4)}`);
}
