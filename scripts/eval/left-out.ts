/**
 * Which eval papers the shipped interpretability model was trained without. The model (corpus/models/
 * interpretability.bin, `npm run ingest:interpretability-model`) leaves every paper of every eval set (test/eval/*.jsonl)
 * out of its Anthology and corpus training texts, so a split added after it was trained is read in-sample. The trainer
 * writes the set it left out, as a count and a digest, beside the model; `npm run eval` refuses to measure while the
 * eval sets hold a paper the record does not.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EVAL_SETS_DIR = fileURLToPath(new URL('../../test/eval/', import.meta.url));
export const INTERPRETABILITY_LEFT_OUT = fileURLToPath(new URL('../../corpus/models/interpretability.left-out.json', import.meta.url));

/** The Anthology and arXiv ids (without "arXiv:") of every paper of every eval set in `dir`. */
export function evalPaperIds(dir = EVAL_SETS_DIR): Set<string> {
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .filter((l) => l.trim().length > 0)
      .map((l) => String((JSON.parse(l) as { id?: string }).id ?? '').replace(/^arXiv:/i, ''))
      .filter((id) => id.length > 0),
  );
}

/** The record written beside the model: how many eval papers it left out, and a digest of their sorted ids. */
export function leftOutRecord(ids: ReadonlySet<string>): string {
  const sorted = [...ids].sort();
  const sha256 = createHash('sha256').update(sorted.join('\n')).digest('hex');
  return `${JSON.stringify({ evalPapersLeftOut: sorted.length, sha256 }, null, 2)}\n`;
}

/**
 * Why the shipped model cannot measure the eval sets in `dir` out of sample, or undefined when it can: the record is
 * missing, or the eval sets' papers are not the ones it left out (a split was added or changed since it was trained).
 */
export function staleInterpretabilityModel(dir = EVAL_SETS_DIR, record = INTERPRETABILITY_LEFT_OUT): string | undefined {
  let committed: string;
  try {
    committed = readFileSync(record, 'utf8');
  } catch {
    return `the interpretability model has no record of the eval papers it left out (${record}): run npm run ingest:interpretability-model`;
  }
  const now = evalPaperIds(dir);
  if (committed === leftOutRecord(now)) return undefined;
  const before = (JSON.parse(committed) as { evalPapersLeftOut?: number }).evalPapersLeftOut;
  return `the interpretability model was trained leaving out ${before ?? 'an unknown number of'} eval papers, but the eval sets now hold ${now.size}: a split was added or changed since, and its papers may be among the model's training texts. Run npm run ingest:interpretability-model (then npm run eval:fit-concepts and npm run eval:fit-ranking)`;
}
