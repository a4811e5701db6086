/**
 * Prints the precision of the acl-main selection rule on the hand-labelled sample
 * (corpus/selection/acl-main-labels.tsv), and how many relevant papers the rule misses among labelled rejects.
 *   npm run ingest:selection-check
 *   npm run ingest:selection-check -- --sample 60   (print a fresh sample of selected papers to label)
 */
import { readFileSync } from 'node:fs';
import { parseLabelsTsv, parseScoresTsv, precisionReport, sampleOrder, selectionReason } from '../../src/ingest/selection.ts';
import { argValue, repoPath } from './paths.ts';

const scoresPath = argValue('--scores') ?? repoPath('corpus/selection/acl-main-scores.tsv');
const labelsPath = argValue('--labels') ?? repoPath('corpus/selection/acl-main-labels.tsv');
const scores = parseScoresTsv(readFileSync(scoresPath, 'utf8'), scoresPath);
const selected = scores.filter((s) => selectionReason(s));
const sample = argValue('--sample');
if (sample) {
  const byId = new Map(scores.map((s) => [s.anthologyId, s]));
  for (const id of sampleOrder(selected.map((s) => s.anthologyId), 'acl-main').slice(0, Number(sample))) {
    const s = byId.get(id)!;
    process.stdout.write(`${id}\t?\t${s.title}\t${s.similarity.toFixed(3)} ${s.bestTopic} ${s.keywords.join(',')}\n`);
  }
} else {
  const r = precisionReport(scores, parseLabelsTsv(readFileSync(labelsPath, 'utf8'), labelsPath));
  process.stdout.write(
    [
      `selection rule: ${selected.length} of ${scores.length} scored papers selected`,
      `hand-labelled sample (${labelsPath.replace(/^.*corpus\//, 'corpus/')}):`,
      `  selected by the rule: ${r.selectedLabelled}, relevant: ${r.selectedRelevant} -> precision ${(r.precision * 100).toFixed(1)}%`,
      `  left out by the rule: ${r.rejectedLabelled}, relevant (missed): ${r.rejectedRelevant}`,
      ...(r.unknown.length ? [`  labels for ids not in the scores: ${r.unknown.join(', ')}`] : []),
    ].join('\n') + '\n',
  );
}
