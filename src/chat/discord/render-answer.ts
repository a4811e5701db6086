/**
 * Answer → Discord pages. Pure: the core Answer in, messages within Discord's limits out.
 */
import type { Answer, PaperRef } from '../../core/types.ts';
import { DEFINITION_KEYS } from '../../core/types.ts';
import { answerButtons } from './buttons.ts';
import { DEFINITION_LABELS, SEED_CITATION, SEED_URL, WHY_FOUR_DEFINITIONS, verdictWord } from './definitions.ts';
import { escapeText, fitText, link } from './markdown.ts';
import { page, paginate, textPages, type Page } from './page.ts';

export interface AnswerView {
  /** Row id of the stored question, for the buttons; null renders no buttons. */
  answerId: string | null;
  /** Offset of this page of precedents and related work. */
  offset: number;
  /** How many precedents (and related works) one page asks for. */
  pageSize: number;
  /** Show "Explain" (an LLM is configured). */
  explain?: boolean;
}

const QUOTE_MAX = 300;
const EVIDENCE_MAX = 400;
const FOOTER = `Four senses of “mechanistic”: ${SEED_CITATION}`;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function authorsShort(authors: readonly string[]): string {
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 2).join(', ')} et al.`;
}

/** One paper as a line: number, linked title, authors, year and venue, then why it matters. */
export function paperLine(p: PaperRef, marker: string): string {
  const head = `${marker} ${link(p.title, p.url)} · ${escapeText(authorsShort(p.authors))} (${p.year}, ${escapeText(p.venue)})`;
  return p.why ? `${head}\n  ↳ ${oneLine(p.why)}` : head;
}

function definitionLines(answer: Answer): string[] {
  return DEFINITION_KEYS.map((key) => {
    const v = answer.definitions[key];
    const { icon, word } = verdictWord(v.applies);
    const head = `${icon} **${DEFINITION_LABELS[key].label}**: ${word} (confidence ${Math.round(v.confidence * 100)}%)`;
    const evidence = v.evidence.length > 0 ? `\n  ${fitText(oneLine(v.evidence.join('; ')), EVIDENCE_MAX)}` : '';
    return head + evidence;
  });
}

function paperSections(answer: Answer, offset: number): { name: string; lines: string[] }[] {
  return [
    {
      name: 'Earlier NLP-interpretability work',
      lines:
        answer.precedents.length > 0
          ? answer.precedents.map((p, i) => paperLine(p, `**${offset + i + 1}.**`))
          : offset === 0
            ? ['No earlier work in the corpus for the concepts recognized here.']
            : [],
    },
    { name: 'Related work', lines: answer.related.map((p) => paperLine(p, '•')) },
  ];
}

function withButtons(pages: Page[], answer: Answer, view: AnswerView): Page[] {
  if (view.answerId === null || pages.length === 0) return pages;
  const hasMore = answer.precedents.length >= view.pageSize || answer.related.length >= view.pageSize;
  const hasPapers = answer.precedents.length > 0 || answer.paper !== null;
  const last = pages[pages.length - 1]!;
  const rows = answerButtons(view.answerId, view.offset, view.offset + view.pageSize, { hasMore, hasPapers, explain: view.explain ?? false });
  return [...pages.slice(0, -1), page({ ...last, components: rows })];
}

export function renderAnswer(answer: Answer, view: AnswerView): Page[] {
  const title = answer.paper ? `Is “${oneLine(answer.paper.title)}” mechanistic?` : 'Is this mechanistic?';
  const description = [
    `> ${fitText(escapeText(oneLine(answer.query)), QUOTE_MAX)}`,
    ...answer.notices.map((n) => `⚠️ ${oneLine(n)}`),
    '',
    ...definitionLines(answer),
  ];
  const concepts = answer.concepts.map(
    (c) =>
      `**${escapeText(c.name)}**${c.guess ? ' (closest guess)' : ''}${c.aliases.length > 0 ? ` (also: ${escapeText(c.aliases.slice(0, 5).join(', '))})` : ''}`,
  );
  const pages = paginate({
    title,
    url: answer.paper?.url,
    description,
    sections: [{ name: 'Concepts recognized', lines: concepts }, ...paperSections(answer, view.offset)],
    footer: FOOTER,
  });
  return withButtons(pages, answer, view);
}

/** The next page of precedents and related work ("More earlier work"). */
export function renderMoreEarlierWork(answer: Answer, view: AnswerView): Page[] {
  if (answer.precedents.length === 0 && answer.related.length === 0) {
    return textPages('No more earlier work in the corpus for this question.');
  }
  const pages = paginate({
    title: `More earlier work (from #${view.offset + 1})`,
    // A stored answer keeps its question's text only where the channel opted in.
    description: answer.query !== '' ? [`> ${fitText(escapeText(oneLine(answer.query)), QUOTE_MAX)}`] : [],
    sections: paperSections(answer, view.offset),
    footer: FOOTER,
  });
  return withButtons(pages, answer, view);
}

/** "Why these definitions?": the four senses in our words, and what in this question triggered each verdict. */
export function renderWhyDefinitions(answer: Answer): Page[] {
  return paginate({
    title: 'Why these four definitions?',
    url: SEED_URL,
    description: [WHY_FOUR_DEFINITIONS, '', `The four senses come from ${SEED_CITATION}.`],
    sections: DEFINITION_KEYS.map((key) => {
      const v = answer.definitions[key];
      const { icon, word } = verdictWord(v.applies);
      return {
        name: `${icon} ${DEFINITION_LABELS[key].label}: ${word}`,
        lines: [
          DEFINITION_LABELS[key].meaning,
          ...(v.evidence.length > 0 ? v.evidence.map((e) => `• ${oneLine(e)}`) : ['• Nothing in the question spoke to this sense.']),
        ],
      };
    }),
    footer: FOOTER,
  });
}
