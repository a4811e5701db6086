/**
 * The card a paper link gets when it is posted (`link_shared` → `chat.unfurl`): the paper, the four
 * senses in one line, the top three earlier works, and a button that posts the full answer in the
 * message's thread. Pure: a stored answer in, blocks out, small enough for a preview.
 */
import { DEFINITION_LABELS } from '../../core/definition-labels.ts';
import { DEFINITION_KEYS, type Answer } from '../../core/types.ts';
import { actions, button, context, section, type KnownBlock } from './blocks.ts';
import { escapeSlackText } from './escape.ts';
import { ANSWER_ACTIONS, buttonValue, compactLine, paperLine, verdictWord } from './render-answer.ts';

/** Earlier works a card shows; the button shows the rest. */
export const UNFURL_PRECEDENTS = 3;
/** Links of one message that get a card: the rest are left as Slack shows them. */
export const UNFURL_LINKS_MAX = 3;

export function renderUnfurlBlocks(answer: Answer, questionRef: string | null): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (answer.paper) blocks.push(section(paperLine(answer.paper)));
  const senses = DEFINITION_KEYS.map((k) => `${DEFINITION_LABELS[k].name}: ${verdictWord(answer.definitions[k])}`).join(' · ');
  blocks.push(context([`*Is this mechanistic?* ${escapeSlackText(senses)}`]));
  if (answer.notices.length > 0) blocks.push(context([`:information_source: ${escapeSlackText(answer.notices[0]!)}`]));
  const earliest = answer.precedents.slice(0, UNFURL_PRECEDENTS);
  blocks.push(
    section(
      earliest.length > 0
        ? `*Earlier NLP-interpretability work*\n${earliest.map(compactLine).join('\n')}`
        : '*Earlier NLP-interpretability work*: none in the corpus for these concepts.',
    ),
  );
  if (questionRef !== null) {
    // "More earlier work" from offset 0 is the full answer, posted in the thread of the message.
    blocks.push(actions('mechanistic_unfurl_actions', [button({ actionId: ANSWER_ACTIONS.more, label: 'Full answer', value: buttonValue(questionRef, 0) })]));
  }
  return blocks;
}
