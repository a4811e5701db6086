/**
 * The LLM explanation as a Slack message (the "Explain" button's reply): the text with papers as
 * [n], where the model and the rules disagree (both verdicts, the rules' standing), and the cited
 * papers as the stored answer has them. Pure.
 */
import { disagreementLine, droppedNote, explanationView } from '../../core/explanation-view.ts';
import { verdictWord } from '../../core/definition-labels.ts';
import type { Answer, Explanation } from '../../core/types.ts';
import { context, header, longSections, section, type KnownBlock } from './blocks.ts';
import { escapeSlackText, slackLink, slackText } from './escape.ts';
import { SLACK_LIMITS } from './limits.ts';
import type { SlackMessage } from './render-answer.ts';
import { blocksTextLength } from './validate-blocks.ts';

/** Longest title shown, shortest a tight message cuts titles to, and text kept free for section breaks. */
const MAX_TITLE = 200;
const MIN_TITLE = 30;
const PAPERS_SLACK = 200;

function shortTitle(title: string, max: number): string {
  const t = title.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

export function renderExplanationBlocks(e: Explanation, answer: Answer): SlackMessage {
  const v = explanationView(e, answer);
  const blocks: KnownBlock[] = [header('In plain words')];
  blocks.push(context([escapeSlackText(`Written by ${v.model} from the papers found; the verdicts in the answer are the rule-based ones.`)]));
  blocks.push(...longSections(escapeSlackText(v.text || 'The model named only papers that were not retrieved: nothing of its text is shown.')));
  if (v.disagreements.length > 0) {
    blocks.push(
      section(
        `*The model disagrees with the rules*\n${v.disagreements
          .map((s) => `• ${escapeSlackText(disagreementLine(s))}${s.reason ? `: _${escapeSlackText(s.reason)}_` : ''}`)
          .join('\n')}`,
      ),
    );
  }
  const agreed = v.senses.filter((s) => s.agrees && s.reason);
  if (agreed.length > 0) blocks.push(context([agreed.map((s) => `*${escapeSlackText(s.name)}* ${verdictWord(s.model)}: ${escapeSlackText(s.reason)}`).join('\n')]));
  const note = droppedNote(v);
  const tail = note ? [context([escapeSlackText(note)])] : [];
  if (v.papers.length > 0) {
    // Every cited paper keeps its link: titles are shortened as far as the message's total text requires.
    const lines = (titleMax: number) =>
      v.papers
        .map((p, i) => `[${i + 1}] ${slackLink(p.url, shortTitle(p.title, titleMax))} ${escapeSlackText(`(${p.authors[0] ?? 'unknown'}${p.authors.length > 1 ? ' et al.' : ''}, ${p.year})`)}`)
        .join('\n');
    const budget = SLACK_LIMITS.messageBlocksText - blocksTextLength([...blocks, ...tail]) - PAPERS_SLACK;
    let titleMax = MAX_TITLE;
    while (titleMax > MIN_TITLE && lines(titleMax).length > budget) titleMax -= 10;
    blocks.push(...longSections(lines(titleMax)));
  }
  blocks.push(...tail);
  return { text: slackText(`Explanation: ${v.text}`, SLACK_LIMITS.messageText), blocks };
}
