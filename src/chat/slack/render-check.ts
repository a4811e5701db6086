/**
 * The check contract (`check`) as a Slack message: the paper, the four senses in one line, per
 * concept which earlier NLP-interpretability precedents it cites (✓) and which it does not (✗),
 * and the reference counts. A pure function, fitted to Slack's limits.
 */
import type { CheckResult } from '../../app/check-step.ts';
import { DEFINITION_LABELS } from '../../core/definition-labels.ts';
import type { MissRates } from '../../core/references.ts';
import { citedInOrder, coverageHeadline, missingInOrder, referencesLine, shownMissRate } from '../check-view.ts';
import { DEFINITION_KEYS, type PaperRef } from '../../core/types.ts';
import { context, divider, header, section, type KnownBlock } from './blocks.ts';
import { escapeSlackText, fitSlackText, slackLink, slackText } from './escape.ts';
import { SLACK_LIMITS } from './limits.ts';
import { paperLine, verdictWord, type SlackMessage } from './render-answer.ts';
import { blocksTextLength } from './validate-blocks.ts';

type Coverage = CheckResult['coverage'][number];

export interface CheckRenderOptions {
  /**
   * The measured miss-rate table: cells measured on fewer than SMALL_SAMPLE MI papers only order the
   * ✗ list and show no percentage. Absent: every known miss rate is shown.
   */
  missRates?: MissRates;
}

function shortRef(p: PaperRef): string {
  return `${slackLink(p.url, p.title)} ${escapeSlackText(`(${p.authors[0] ?? 'unknown'}${p.authors.length > 1 ? ' et al.' : ''}, ${p.year})`)}`;
}

/** The four senses as one line. */
export function sensesLine(c: CheckResult): string {
  return DEFINITION_KEYS.map((k) => `*${DEFINITION_LABELS[k].name}*: ${verdictWord(c.definitions[k])}`).join(' · ');
}

/** Lines, as many as fit in `room` characters; the count of the rest ends the list. */
function fitLines(lines: readonly string[], room: number): string[] {
  const out: string[] = [];
  let length = 0;
  const reserve = 30;
  for (const [i, line] of lines.entries()) {
    if (length + line.length + 1 > room - reserve) {
      out.push(`…and ${lines.length - i} more.`);
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out;
}

function conceptSection(cov: Coverage, opts: CheckRenderOptions): KnownBlock {
  const head = `*${escapeSlackText(cov.name)}*: ${coverageHeadline(cov)}`;
  const lines = [
    ...citedInOrder(cov.cited).map((p) => `✓ ${shortRef(p)}`),
    ...missingInOrder(cov.concept, cov.missing, opts.missRates).map((m) => {
      const rate = shownMissRate(cov.concept, m, opts.missRates);
      return `✗ ${shortRef(m)}${rate === null ? '' : ` _missed by ${Math.round(rate * 100)}% of measured MI papers_`}`;
    }),
  ];
  return section([head, ...fitLines(lines, SLACK_LIMITS.sectionText - head.length - 1)].join('\n'));
}

export function checkSummaryText(c: CheckResult): string {
  const covered = c.coverage.map((cov) => `${cov.name}: ${coverageHeadline(cov)}`).join('; ');
  return slackText(`Reference check${c.paper ? `: ${c.paper.title}` : ''}${covered ? ` — ${covered}` : ''}`, SLACK_LIMITS.messageText);
}

export function renderCheckBlocks(c: CheckResult, opts: CheckRenderOptions = {}): SlackMessage {
  const top: KnownBlock[] = [header(c.paper ? `Reference check: ${c.paper.title}` : 'Reference check')];
  if (c.paper) top.push(section(paperLine(c.paper)));
  if (c.notices.length > 0) top.push(context(c.notices.map((n) => `:information_source: ${escapeSlackText(n)}`)));
  top.push(context([`*Is this mechanistic?* ${sensesLine(c)}`]));
  top.push(divider());

  const tail: KnownBlock[] = [
    context([escapeSlackText(referencesLine(c))]),
    context([escapeSlackText('✓ cited, ✗ not cited: earlier NLP-interpretability work on the concepts the paper is about, from the curated corpus.')]),
  ];
  let body: KnownBlock[] =
    c.coverage.length === 0
      ? [section(escapeSlackText('No crosswalk concept was recognized: there are no precedents to check the references against.'))]
      : c.coverage.map((cov) => conceptSection(cov, opts));
  // Whole concepts while the block and total-text budgets last; the names of the rest in one line.
  const budget = SLACK_LIMITS.messageBlocks - top.length - tail.length;
  const leftOutReserve = 1500;
  let textLeft = SLACK_LIMITS.messageBlocksText - blocksTextLength([...top, ...tail]) - leftOutReserve;
  let fit = 0;
  while (fit < body.length && fit < budget - (fit === body.length - 1 ? 0 : 1) && blocksTextLength(body[fit]) <= textLeft) textLeft -= blocksTextLength(body[fit++]);
  if (fit < body.length) {
    const left = c.coverage.slice(fit).map((cov) => escapeSlackText(cov.name));
    body = [...body.slice(0, fit), context([fitSlackText(`${left.length} more concepts left out: ${left.join('; ')}`, leftOutReserve)])];
  }
  return { text: checkSummaryText(c), blocks: [...top, ...body, ...tail] };
}
