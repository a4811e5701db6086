/**
 * Precision and recall of the acl-main selection on hand-labelled samples:
 * - corpus/selection/acl-main-random-labels.tsv: a random sample of all main-track/SRW papers (precision AND recall);
 * - corpus/selection/acl-main-labels.tsv: the earlier sample of encoder-rule candidates (biased towards positives).
 *   npm run ingest:selection-check [-- --data ../shared/data]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnthologyXml } from '../../src/ingest/anthology.ts';
import { labelledRecall } from '../../src/ingest/lexical-selection.ts';
import { parseLabelsTsv, parseScoresTsv, selectionReason } from '../../src/ingest/selection.ts';
import { aclMainReason, curatedAclIds, parseMiCitedTsv, readAclMainFirstReview, readAclMainLaterReviews, readAclMainReview } from '../../src/ingest/sources.ts';
import { inReviewNets } from '../../src/ingest/reviewed-selection.ts';
import { argValue, DEFAULT_DATA_DIR, repoPath } from './paths.ts';

const dir = join(argValue('--data') ?? DEFAULT_DATA_DIR, 'acl-anthology', 'main');
const papers = readdirSync(dir).filter((f) => f.endsWith('.xml')).flatMap((f) => parseAnthologyXml(readFileSync(join(dir, f), 'utf8'), f).papers);
const scores = parseScoresTsv(readFileSync(repoPath('corpus/selection/acl-main-scores.tsv'), 'utf8'), 'acl-main-scores.tsv');
const encoder = new Map(scores.flatMap((s) => (selectionReason(s) ? [[s.anthologyId, 'encoder'] as [string, string]] : [])));
const cited = parseMiCitedTsv(readFileSync(repoPath('corpus/selection/mi-cited-acl.tsv'), 'utf8'));
const review = readAclMainReview(repoPath('corpus'));
const keep = curatedAclIds(repoPath('corpus'));
const selected = new Set(papers.filter((p) => aclMainReason(p, encoder, cited, review, keep)).map((p) => p.ids.acl));
const candidates = papers.filter(inReviewNets);
const unreviewed = candidates.filter((p) => !review.has(p.ids.acl));
process.stdout.write(
  `review: ${candidates.length} candidates in the two nets, ${candidates.length - unreviewed.length} labelled ` +
    `(${[...review.values()].filter((l) => l.relevant).length} yes), ${unreviewed.length} not yet labelled (lexical and encoder rules decide those); ` +
    `${keep.size} papers kept because a concept names them\n`,
);
process.stdout.write(`selection: ${selected.size} of ${papers.length} Anthology papers in the main-venue XML\n`);
const randomPath = repoPath('corpus/selection/acl-main-random-labels.tsv');
const random = parseLabelsTsv(readFileSync(randomPath, 'utf8'), randomPath);
const biasedPath = repoPath('corpus/selection/acl-main-labels.tsv');
// Rows 1-320 were seen while the patterns were revised; rows 321-640 were labelled before and held out.
for (const [name, labels] of [
  ['acl-main-random-labels.tsv rows 1-320 (development)', random.slice(0, 320)],
  ['acl-main-random-labels.tsv rows 321-640 (held out)', random.slice(320)],
  ['acl-main-random-labels.tsv all rows', random],
  ['acl-main-labels.tsv (candidate-biased)', parseLabelsTsv(readFileSync(biasedPath, 'utf8'), biasedPath)],
] as const) {
  const r = labelledRecall(labels, (id) => selected.has(id));
  process.stdout.write(
    `${name}: ${r.labelled} labelled, ${r.relevant} relevant; selected ${r.selected}, of them relevant ${r.truePositives}` +
      ` -> precision ${(r.precision * 100).toFixed(1)}%, recall ${(r.recall * 100).toFixed(1)}%\n`,
  );
}

// The later reviews: every first-review yes read again; a disagreement decided by a third reviewer.
const { second, third } = readAclMainLaterReviews(repoPath('corpus'));
if (second.size > 0) {
  const firstYes = [...readAclMainFirstReview(repoPath('corpus'))].filter(([, l]) => l.relevant).map(([id]) => id);
  const read = firstYes.filter((id) => second.has(id));
  const disagreements = read.filter((id) => !second.get(id)!.relevant);
  const decided = disagreements.filter((id) => third.has(id));
  process.stdout.write(
    `later reviews: ${read.length} of the first review's ${firstYes.length} yes labels read again (${firstYes.length - read.length} not yet), ` +
      `${disagreements.length} disagreements, ${decided.length} decided by the third reviewer (${decided.filter((id) => !third.get(id)!.relevant).length} dropped), ` +
      `${disagreements.length - decided.length} not decided yet (they stay yes)\n`,
  );
}
const precisionPath = repoPath('corpus/selection/acl-main-precision-sample.tsv');
if (existsSync(precisionPath)) {
  const sample = parseLabelsTsv(readFileSync(precisionPath, 'utf8'), precisionPath);
  const taken = sample.filter((l) => selected.has(l.anthologyId));
  const left = sample.filter((l) => !selected.has(l.anthologyId));
  const share = (xs: typeof sample) => xs.filter((l) => l.relevant).length;
  process.stdout.write(
    `acl-main-precision-sample.tsv: ${sample.length} labelled; ${taken.length} selected, ${share(taken)} of them relevant -> precision ${((share(taken) / taken.length) * 100).toFixed(1)}%; ` +
      `${left.length} not selected, ${share(left)} of them relevant\n`,
  );
}

