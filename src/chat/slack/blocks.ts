/**
 * Block Kit builders that fit their input to Slack's limits. Text passed in is raw outside
 * text (escaped here) unless the parameter says `mrkdwn` (already escaped markup we built).
 */
import type { types } from '@slack/bolt';
import { slackText, fitSlackText } from './escape.ts';
import { SLACK_LIMITS } from './limits.ts';
import { blocksTextLength } from './validate-blocks.ts';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ActionsBlock = types.ActionsBlock;
export type ContextBlock = types.ContextBlock;
export type HeaderBlock = types.HeaderBlock;
export type MrkdwnElement = types.MrkdwnElement;
export type PlainTextElement = types.PlainTextElement;
export type Button = types.Button;
export type ModalView = types.ModalView;

/** mrkdwn that Slack shows as written: no auto-linking of names, no parsing of mentions. */
export function mrkdwn(markup: string, max: number = SLACK_LIMITS.textObject): MrkdwnElement {
  return { type: 'mrkdwn', text: fitSlackText(markup, max) || ' ', verbatim: true };
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: slackText(text, max) || ' ', emoji: false };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

export function section(markup: string): SectionBlock {
  return { type: 'section', text: mrkdwn(markup, SLACK_LIMITS.sectionText) };
}

export function fieldsSection(fieldMarkups: string[]): SectionBlock {
  return {
    type: 'section',
    fields: fieldMarkups.slice(0, SLACK_LIMITS.sectionFields).map((f) => mrkdwn(f, SLACK_LIMITS.sectionFieldText)),
  };
}

/** A context block; more markups than Slack allows are joined into the last element. */
export function context(markups: string[]): ContextBlock {
  const max = SLACK_LIMITS.contextElements;
  const parts = markups.length > max ? [...markups.slice(0, max - 1), markups.slice(max - 1).join('  ·  ')] : markups;
  return { type: 'context', elements: parts.map((m) => mrkdwn(m, SLACK_LIMITS.textObject)) };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export function button(opts: { actionId: string; label: string; value: string; style?: 'primary' | 'danger' }): Button {
  if (opts.value.length > SLACK_LIMITS.buttonValue) {
    throw new Error(`button ${opts.actionId}: value has ${opts.value.length} characters, Slack allows ${SLACK_LIMITS.buttonValue}`);
  }
  return {
    type: 'button',
    action_id: opts.actionId.slice(0, SLACK_LIMITS.actionId),
    text: plain(opts.label, SLACK_LIMITS.buttonText),
    value: opts.value,
    ...(opts.style ? { style: opts.style } : {}),
  };
}

export function actions(blockId: string, buttons: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId.slice(0, SLACK_LIMITS.blockId), elements: buttons.slice(0, SLACK_LIMITS.actionsElements) };
}

/** Splits long markup into sections of at most the section limit, on line breaks where possible. */
export function longSections(markup: string, wrap: (chunk: string) => string = (c) => c, overhead = 0): SectionBlock[] {
  const max = SLACK_LIMITS.sectionText - overhead;
  const chunks: string[] = [];
  let rest = markup;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    const amp = rest.lastIndexOf('&', cut);
    if (amp !== -1 && amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks.map((c) => section(wrap(c)));
}

/**
 * Fits a message's blocks to Slack's total text (SLACK_LIMITS.messageBlocksText): the last
 * content blocks go first, the buttons (actions blocks) stay, and a note says the rest was cut.
 * Renderers that know their content (answers) fit it better themselves; this is the last guard.
 */
export function fitBlocksText(blocks: KnownBlock[], max: number = SLACK_LIMITS.messageBlocksText): KnownBlock[] {
  if (blocksTextLength(blocks) <= max) return blocks;
  const buttons = blocks.filter((b) => b.type === 'actions');
  const content = blocks.filter((b) => b.type !== 'actions');
  const note = context(['…shortened to fit one Slack message.']);
  const fixed = blocksTextLength([...buttons, note]);
  let used = fixed;
  const kept: KnownBlock[] = [];
  for (const b of content) {
    const cost = blocksTextLength(b);
    if (used + cost > max) break;
    kept.push(b);
    used += cost;
  }
  return [...kept, note, ...buttons];
}
