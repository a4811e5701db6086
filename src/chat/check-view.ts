/**
 * What the chat renderers of a check (Slack, Discord) share: the order of the ✓ and ✗ lists, which
 * miss rates are shown, and the plain-text headline and reference counts.
 */
import type { CheckResult } from '../app/check-step.ts';
import { SMALL_SAMPLE, type MissRates } from '../core/references.ts';
import type { PaperRef } from '../core/types.ts';

type Missing = CheckResult['coverage'][number]['missing'][number];
type Coverage = CheckResult['coverage'][number];

const SOURCE_NAMES: Record<CheckResult['references']['source'], string> = {
  bibtex: 'the BibTeX',
  text: 'the references in the text',
  'semantic-scholar': 'Semantic Scholar',
};

/** Cited precedents, earliest first. */
export function citedInOrder(cited: readonly PaperRef[]): PaperRef[] {
  return [...cited].sort((a, b) => a.year - b.year || a.title.localeCompare(b.title));
}

/** The measured share shown for a missing precedent, or null (not measured, or too few papers to say). */
export function shownMissRate(conceptId: string, m: Missing, rates?: MissRates): number | null {
  if (m.missRate === null) return null;
  const cell = rates?.get(conceptId, m.id);
  if (cell && cell.papers < SMALL_SAMPLE) return null;
  return m.missRate;
}

/**
 * Missing precedents, most missed first (a small-sample cell counts for less: it only orders), then
 * earliest first.
 */
export function missingInOrder(conceptId: string, missing: readonly Missing[], rates?: MissRates): Missing[] {
  const weight = (m: Missing) => {
    if (m.missRate === null) return -1;
    const cell = rates?.get(conceptId, m.id);
    return cell ? m.missRate * Math.min(1, cell.papers / SMALL_SAMPLE) : m.missRate;
  };
  return [...missing].sort((a, b) => weight(b) - weight(a) || a.year - b.year || a.title.localeCompare(b.title));
}

/** "cites k of n earlier precedents" for one concept. */
export function coverageHeadline(cov: Coverage): string {
  const n = cov.cited.length + cov.missing.length;
  return `cites ${cov.cited.length} of ${n} earlier precedent${n === 1 ? '' : 's'}`;
}

export function referencesLine(c: CheckResult): string {
  const r = c.references;
  return `References (from ${SOURCE_NAMES[r.source]}): ${r.total} read, ${r.matched.length} matched to corpus papers, ${r.unmatched.length} not in the corpus.`;
}
