/**
 * The check contract (`check`) → Discord pages: the paper, the four senses in one line, per concept
 * which earlier NLP-interpretability precedents it cites (✓) and which it does not (✗), and the
 * reference counts. Pure; pagination keeps every page within Discord's limits, and no page pings.
 */
import type { CheckResult } from '../../app/check-step.ts';
import type { MissRates } from '../../core/references.ts';
import { DEFINITION_KEYS, type PaperRef } from '../../core/types.ts';
import { citedInOrder, coverageHeadline, missingInOrder, referencesLine, shownMissRate } from '../check-view.ts';
import { DEFINITION_LABELS, SEED_CITATION, verdictWord } from './definitions.ts';
import { escapeText, link } from './markdown.ts';
import { paginate, type Page } from './page.ts';

export interface CheckRenderOptions {
  /** The measured miss-rate table: small-sample cells only order the ✗ list (see the Slack renderer). */
  missRates?: MissRates;
}

function shortRef(p: PaperRef): string {
  return `${link(p.title, p.url)} · ${escapeText(`${p.authors[0] ?? 'unknown'}${p.authors.length > 1 ? ' et al.' : ''}`)} (${p.year})`;
}

export function renderCheck(c: CheckResult, opts: CheckRenderOptions = {}): Page[] {
  const senses = DEFINITION_KEYS.map((k) => {
    const { icon, word } = verdictWord(c.definitions[k].applies);
    return `${icon} **${DEFINITION_LABELS[k].label}**: ${word}`;
  }).join(' · ');
  const description = [
    ...(c.paper ? [`${link(c.paper.title, c.paper.url)} · ${escapeText(c.paper.authors.slice(0, 3).join(', '))} (${c.paper.year}, ${escapeText(c.paper.venue)})`] : []),
    ...c.notices.map((n) => `ℹ️ ${escapeText(n)}`),
    `**Is this mechanistic?** ${senses}`,
    ...(c.coverage.length === 0 ? ['No crosswalk concept was recognized: there are no precedents to check the references against.'] : []),
    escapeText(referencesLine(c)),
  ];
  const sections = c.coverage.map((cov) => ({
    name: `${cov.name}: ${coverageHeadline(cov)}`,
    lines: [
      ...citedInOrder(cov.cited).map((p) => `✓ ${shortRef(p)}`),
      ...missingInOrder(cov.concept, cov.missing, opts.missRates).map((m) => {
        const rate = shownMissRate(cov.concept, m, opts.missRates);
        return `✗ ${shortRef(m)}${rate === null ? '' : ` — *missed by ${Math.round(rate * 100)}% of measured MI papers*`}`;
      }),
    ],
  }));
  return paginate({
    title: c.paper ? `Reference check: ${c.paper.title}` : 'Reference check',
    ...(c.paper ? { url: c.paper.url } : {}),
    description,
    sections,
    footer: `✓ cited, ✗ not cited: earlier NLP-interpretability work on the paper's concepts. Four senses: ${SEED_CITATION}`,
  });
}
