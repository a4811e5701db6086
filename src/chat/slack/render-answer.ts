/**
 * The core Answer as a Slack message: a pure function, fitted to Slack's limits.
 */
import type { Answer, DefinitionKey, DefinitionVerdict, PaperRef } from '../../core/types.ts';
import { DEFINITION_KEYS } from '../../core/types.ts';
import { DEFINITION_LABELS } from '../../core/definition-labels.ts';
import { actions, button, context, divider, fieldsSection, header, section, type KnownBlock } from './blocks.ts';
import { escapeSlackText, fitSlackText, slackLink, slackText } from './escape.ts';
import { NOTIFICATION_QUESTION_MAX, SLACK_LIMITS } from './limits.ts';
import { blocksTextLength } from './validate-blocks.ts';

export const ANSWER_ACTIONS = {
  more: 'mechanistic_more',
  why: 'mechanistic_why',
  bibtex: 'mechanistic_bibtex',
  wrong: 'mechanistic_wrong',
  /** "Check its references", on answers about a paper: runs the check step for that paper. */
  check: 'mechanistic_check',
  /** "Explain", when an LLM is configured: the explanation step for the stored answer. */
  explain: 'mechanistic_explain',
} as const;


export interface AnswerRenderContext {
  /** Id of the stored question, carried by the buttons; null renders no buttons. */
  questionRef: string | null;
  /** The page shown: offset and page size of precedents. */
  offset: number;
  pageSize: number;
  /** Show "Explain" (an LLM is configured). */
  explain?: boolean;
}

export interface SlackMessage {
  /** Notification and fallback text. */
  text: string;
  blocks: KnownBlock[];
  /** Show only to the person who asked, wherever the reply was going (refusals, errors, previews). */
  onlyToAsker?: boolean;
}

export function verdictWord(v: DefinitionVerdict): string {
  if (v.applies === null) return "can't tell";
  return v.applies ? 'yes' : 'no';
}

/** One paper as mrkdwn: linked title, then authors, year, venue. */
export function paperLine(p: PaperRef): string {
  const authors = p.authors.length > 3 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', ');
  return `*${slackLink(p.url, p.title)}*\n${escapeSlackText(`${authors} (${p.year}) · ${p.venue} · ${p.community}`)}`;
}

function precedentMarkup(p: PaperRef): string {
  return `${paperLine(p)}\n_${escapeSlackText(p.why)}_`;
}

export function compactLine(p: PaperRef): string {
  return `• ${slackLink(p.url, p.title)} ${escapeSlackText(`(${p.authors[0] ?? 'unknown'}${p.authors.length > 1 ? ' et al.' : ''}, ${p.year})`)}`;
}

/** Papers as one line each, as many as fit in `max` characters; the count of the rest ends the list. */
function compactList(refs: readonly PaperRef[], max: number = SLACK_LIMITS.sectionText): string {
  const lines: string[] = [];
  let length = 0;
  const reserve = 40;
  for (const p of refs) {
    const line = compactLine(p);
    if (length + line.length + 1 > Math.min(max, SLACK_LIMITS.sectionText) - reserve) break;
    lines.push(line);
    length += line.length + 1;
  }
  if (lines.length < refs.length) lines.push(`…and ${refs.length - lines.length} more.`);
  return lines.join('\n');
}

export function buttonValue(questionRef: string, offset: number): string {
  return `${questionRef}:${offset}`;
}

export function parseButtonValue(value: string): { questionRef: string; offset: number } | null {
  const m = /^([A-Za-z0-9_-]{1,64}):(\d{1,6})$/.exec(value);
  return m ? { questionRef: m[1]!, offset: Number(m[2]) } : null;
}

/** "Ana Author et al. 2016" or "Ana Author and Bo Writer 2016": a paper as a notification names it. */
function shortCitation(p: PaperRef): string {
  const [first = 'unknown', second] = p.authors;
  const who = p.authors.length > 2 ? `${first} et al.` : second ? `${first} and ${second}` : first;
  return `${who} ${p.year}`;
}

/**
 * The notification text (`text`): what a phone shows, and all it shows. It leads with the four
 * verdicts and the first earlier work, then what was asked, cut to NOTIFICATION_QUESTION_MAX.
 */
export function answerSummaryText(answer: Answer): string {
  const verdicts = DEFINITION_KEYS.map((k) => `${DEFINITION_LABELS[k].name.toLowerCase()} ${verdictWord(answer.definitions[k])}`).join(', ');
  const first = answer.precedents[0];
  const earlier = first ? `Earlier work: ${slackText(first.title, 150)} (${escapeSlackText(shortCitation(first))}).` : 'No earlier work in the corpus.';
  const about = answer.query || answer.paper?.title || answer.concepts.map((c) => c.name).join(', ');
  const asked = about ? ` Asked: ${slackText(about.replace(/\s+/g, ' '), NOTIFICATION_QUESTION_MAX)}` : '';
  return fitSlackText(`Mechanistic? ${escapeSlackText(verdicts)}. ${earlier}${asked}`, SLACK_LIMITS.messageText);
}

/**
 * The answer as a Slack message. Without a context there are no buttons (nothing to page or
 * re-ask) and the precedents are numbered from 1.
 */
export function renderAnswerBlocks(
  answer: Answer,
  ctx: AnswerRenderContext = { questionRef: null, offset: 0, pageSize: Math.max(1, answer.precedents.length) },
): SlackMessage {
  const top: KnownBlock[] = [];
  top.push(header(answer.paper ? `Is this mechanistic? ${answer.paper.title}` : 'Is this mechanistic?'));
  // A stored answer keeps its question's text only where the channel opted in.
  if (answer.query !== '') top.push(context([`*Asked:* ${escapeSlackText(answer.query)}`]));
  if (answer.paper) top.push(section(paperLine(answer.paper)));
  if (answer.notices.length > 0) top.push(context(answer.notices.map((n) => `:information_source: ${escapeSlackText(n)}`)));
  top.push(
    fieldsSection(
      DEFINITION_KEYS.map((k) => {
        const v = answer.definitions[k];
        const { name, gist } = DEFINITION_LABELS[k];
        return `*${name}*: ${verdictWord(v)}${v.applies === null ? '' : ` (${Math.round(v.confidence * 100)}%)`}\n${escapeSlackText(gist)}`;
      }),
    ),
  );
  if (answer.concepts.length > 0) {
    top.push(
      context([
        `*Concepts:* ${answer.concepts
          .map((c) => escapeSlackText(`${c.name}${c.guess ? ' (closest guess)' : ''}${c.aliases.length > 0 ? ` (${c.aliases.slice(0, 3).join(', ')})` : ''}`))
          .join('; ')}`,
      ]),
    );
  }
  top.push(divider());

  const first = ctx.offset + 1;
  const last = ctx.offset + answer.precedents.length;
  const earlierTitle =
    answer.precedents.length > 0
      ? `*Earlier work in NLP interpretability* (${first}–${last})`
      : ctx.offset > 0
        ? '*Earlier work in NLP interpretability*: no more in the corpus.'
        : '*Earlier work in NLP interpretability*: none found in the corpus for these concepts.';

  const tail: KnownBlock[] = [];
  if (answer.related.length > 0) {
    tail.push(section(`*Related* (MI work on these concepts, and later NLP work)\n${compactList(answer.related)}`));
  }
  tail.push(context([escapeSlackText('Four senses of "mechanistic" after Saphra & Wiegreffe (2024). Ask `/mechanistic help` for more.')]));
  if (ctx.questionRef !== null) {
    const here = buttonValue(ctx.questionRef, ctx.offset);
    const buttons = [];
    if (answer.precedents.length >= ctx.pageSize) {
      buttons.push(button({ actionId: ANSWER_ACTIONS.more, label: 'More earlier work', value: buttonValue(ctx.questionRef, ctx.offset + ctx.pageSize) }));
    }
    buttons.push(button({ actionId: ANSWER_ACTIONS.why, label: 'Why these definitions?', value: here }));
    if (answer.precedents.length > 0) {
      buttons.push(button({ actionId: ANSWER_ACTIONS.bibtex, label: 'BibTeX', value: here }));
      buttons.push(button({ actionId: ANSWER_ACTIONS.wrong, label: 'Wrong precedent?', value: here }));
    }
    if (answer.paper) buttons.push(button({ actionId: ANSWER_ACTIONS.check, label: 'Check its references', value: here }));
    if (ctx.explain) buttons.push(button({ actionId: ANSWER_ACTIONS.explain, label: 'Explain', value: here }));
    tail.push(actions('mechanistic_answer_actions', buttons));
  }

  // One section per precedent while the block and text budgets last; the rest share one compact
  // section, fitted to the text that is left.
  const budget = SLACK_LIMITS.messageBlocks - top.length - tail.length - 1;
  const precedentBlocks: KnownBlock[] = [section(earlierTitle)];
  const compactReserve = 1000;
  let textLeft = SLACK_LIMITS.messageBlocksText - blocksTextLength([...top, ...tail, ...precedentBlocks]);
  let own = 0;
  for (const p of answer.precedents) {
    const block = section(precedentMarkup(p));
    const cost = blocksTextLength(block);
    const isLast = own === answer.precedents.length - 1;
    const roomForBlocks = isLast ? own < budget - 1 : own < budget - 2;
    if (!roomForBlocks || cost > textLeft - (isLast ? 0 : compactReserve)) break;
    precedentBlocks.push(block);
    textLeft -= cost;
    own += 1;
  }
  const rest = answer.precedents.slice(own);
  if (rest.length > 0) precedentBlocks.push(section(compactList(rest, textLeft)));

  return { text: answerSummaryText(answer), blocks: [...top, ...precedentBlocks, ...tail] };
}
