/**
 * The "Wrong precedent?" form: which precedent (optional) and what is wrong with it.
 * Its answers become a feedback row for the curators (`mechanistic feedback list`).
 */
import type { PaperRef } from '../../core/types.ts';
import { context, type ModalView, plain } from './blocks.ts';
import { escapeSlackText } from './escape.ts';
import { SLACK_LIMITS } from './limits.ts';

export const FEEDBACK_CALLBACK_ID = 'mechanistic_feedback';
export const FEEDBACK_PAPER = { block: 'feedback_paper', action: 'paper' } as const;
export const FEEDBACK_COMMENT = { block: 'feedback_comment', action: 'comment' } as const;
/** Long enough for a paragraph and a citation, short enough to read in a list. */
export const FEEDBACK_COMMENT_MAX = 2000;

export interface FeedbackContext {
  questionRef: string;
  channelId: string | null;
}

export function buildFeedbackModal(query: string, precedents: readonly PaperRef[], ctx: FeedbackContext): ModalView {
  const options = precedents
    .filter((p) => p.id.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((p) => ({ text: plain(`${p.title} (${p.year})`, SLACK_LIMITS.optionText), value: p.id }));
  const privateMetadata = JSON.stringify(ctx);
  if (privateMetadata.length > SLACK_LIMITS.privateMetadata) throw new Error('feedback modal: private_metadata too long');
  return {
    type: 'modal',
    callback_id: FEEDBACK_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: plain('Wrong precedent?', SLACK_LIMITS.modalTitle),
    submit: plain('Send', SLACK_LIMITS.modalButton),
    close: plain('Cancel', SLACK_LIMITS.modalButton),
    blocks: [
      ...(query !== '' ? [context([`*Asked:* ${escapeSlackText(query)}`])] : []),
      ...(options.length > 0
        ? [
            {
              type: 'input' as const,
              block_id: FEEDBACK_PAPER.block,
              optional: true,
              label: plain('Which precedent?', SLACK_LIMITS.inputLabel),
              element: {
                type: 'static_select' as const,
                action_id: FEEDBACK_PAPER.action,
                placeholder: plain('Pick one, or leave empty', SLACK_LIMITS.placeholder),
                options,
              },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: FEEDBACK_COMMENT.block,
        label: plain('What is wrong, or what should be cited instead?', SLACK_LIMITS.inputLabel),
        element: {
          type: 'plain_text_input',
          action_id: FEEDBACK_COMMENT.action,
          multiline: true,
          max_length: FEEDBACK_COMMENT_MAX,
          placeholder: plain('e.g. this came after the paper; the real precedent is …', SLACK_LIMITS.placeholder),
        },
      },
    ],
  };
}

export function feedbackThanksView(): ModalView {
  return {
    type: 'modal',
    title: plain('Thank you', SLACK_LIMITS.modalTitle),
    close: plain('Close', SLACK_LIMITS.modalButton),
    blocks: [context(['Thanks: the curators will read this when they next review the corpus.'])],
  };
}

export function parseFeedbackContext(privateMetadata: string): FeedbackContext | null {
  try {
    const v = JSON.parse(privateMetadata) as Partial<FeedbackContext>;
    return typeof v.questionRef === 'string' ? { questionRef: v.questionRef, channelId: typeof v.channelId === 'string' ? v.channelId : null } : null;
  } catch {
    return null;
  }
}
