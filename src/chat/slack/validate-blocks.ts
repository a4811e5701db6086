/**
 * Checks a message or modal against Slack's Block Kit limits and against pings, before it is
 * sent: the adapter's last guard, and what the tests assert on everything the fake Slack receives.
 * Returns one line per problem (empty = valid).
 */
import { SLACK_LIMITS as L } from './limits.ts';

type Json = Record<string, unknown>;

/** Markup that notifies people: user, group and broadcast mentions, and bare broadcast words. */
const PING = /<[@!][^>]*>|(?<![\w\u2060])@(channel|here|everyone)\b/i;

/** Slack link markup and channel references (which notify nobody): the only places a raw `<` or `>` may appear. */
const LINK = /<(https?:\/\/|mailto:)[^<>|\s]*(\|[^<>]*)?>|<#[CGD][A-Z0-9]{2,20}>/g;
const RAW_AMP = /&(?!(amp|lt|gt);)/;

function textProblems(where: string, t: unknown, max: number, problems: string[]): void {
  if (!t || typeof t !== 'object') {
    problems.push(`${where}: missing text object`);
    return;
  }
  const o = t as Json;
  const text = o.text;
  if (o.type !== 'plain_text' && o.type !== 'mrkdwn') problems.push(`${where}: text type ${String(o.type)}`);
  if (typeof text !== 'string' || text.length === 0) problems.push(`${where}: empty text`);
  else {
    if (text.length > max) problems.push(`${where}: text has ${text.length} characters, limit ${max}`);
    if (PING.test(text)) problems.push(`${where}: text would ping someone: ${JSON.stringify(text.match(PING)?.[0])}`);
    const outsideLinks = o.type === 'mrkdwn' ? text.replace(LINK, '') : text;
    if (/[<>]/.test(outsideLinks)) problems.push(`${where}: unescaped < or > outside link markup`);
    if (RAW_AMP.test(text)) problems.push(`${where}: unescaped &`);
  }
  if (o.type === 'mrkdwn' && o.verbatim !== true) problems.push(`${where}: mrkdwn without verbatim: true would parse names`);
}

function elementProblems(where: string, e: Json, problems: string[]): void {
  if (typeof e.action_id === 'string' && e.action_id.length > L.actionId) problems.push(`${where}: action_id too long`);
  if (e.type === 'button') {
    textProblems(`${where}.text`, e.text, L.buttonText, problems);
    if (typeof e.value === 'string' && e.value.length > L.buttonValue) problems.push(`${where}: value has ${e.value.length} characters, limit ${L.buttonValue}`);
    if (typeof e.url === 'string' && e.url.length > L.buttonUrl) problems.push(`${where}: url too long`);
  } else if (e.type === 'static_select') {
    const options = (e.options as Json[] | undefined) ?? [];
    if (options.length > L.selectOptions) problems.push(`${where}: ${options.length} options, limit ${L.selectOptions}`);
    if (options.length === 0) problems.push(`${where}: no options`);
    options.forEach((o, i) => {
      textProblems(`${where}.options[${i}]`, o.text, L.optionText, problems);
      if (typeof o.value !== 'string' || o.value.length === 0 || o.value.length > L.optionValue) problems.push(`${where}.options[${i}]: value length`);
    });
    if (e.placeholder) textProblems(`${where}.placeholder`, e.placeholder, L.placeholder, problems);
  } else if (e.type === 'plain_text_input') {
    if (typeof e.max_length === 'number' && e.max_length > L.plainTextInputMax) problems.push(`${where}: max_length above ${L.plainTextInputMax}`);
    if (e.placeholder) textProblems(`${where}.placeholder`, e.placeholder, L.placeholder, problems);
  }
}

export function blockProblems(blocks: unknown, maxBlocks: number = L.messageBlocks): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks, limit ${maxBlocks}`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const where = `blocks[${i}] (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > L.blockId) problems.push(`${where}: block_id too long`);
      if (blockIds.has(b.block_id)) problems.push(`${where}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        if ((b.text as Json | undefined)?.type !== 'plain_text') problems.push(`${where}: header text must be plain_text`);
        textProblems(where, b.text, L.headerText, problems);
        break;
      case 'section': {
        const fields = b.fields as unknown[] | undefined;
        if (!b.text && !fields) problems.push(`${where}: needs text or fields`);
        if (b.text) textProblems(where, b.text, L.sectionText, problems);
        if (fields) {
          if (fields.length > L.sectionFields) problems.push(`${where}: ${fields.length} fields, limit ${L.sectionFields}`);
          fields.forEach((f, j) => textProblems(`${where}.fields[${j}]`, f, L.sectionFieldText, problems));
        }
        break;
      }
      case 'context': {
        const els = (b.elements as Json[] | undefined) ?? [];
        if (els.length === 0 || els.length > L.contextElements) problems.push(`${where}: ${els.length} elements, allowed 1..${L.contextElements}`);
        els.forEach((e, j) => textProblems(`${where}.elements[${j}]`, e, L.textObject, problems));
        break;
      }
      case 'actions': {
        const els = (b.elements as Json[] | undefined) ?? [];
        if (els.length === 0 || els.length > L.actionsElements) problems.push(`${where}: ${els.length} elements, allowed 1..${L.actionsElements}`);
        els.forEach((e, j) => {
          elementProblems(`${where}.elements[${j}]`, e, problems);
          if (typeof e.action_id === 'string') {
            if (actionIds.has(e.action_id)) problems.push(`${where}: duplicate action_id ${e.action_id}`);
            actionIds.add(e.action_id);
          }
        });
        break;
      }
      case 'input':
        textProblems(`${where}.label`, b.label, L.inputLabel, problems);
        if (b.element) elementProblems(`${where}.element`, b.element as Json, problems);
        else problems.push(`${where}: input without element`);
        break;
      case 'divider':
        break;
      case 'image': {
        const alt = b.alt_text;
        if (typeof alt !== 'string' || alt.length === 0 || alt.length > L.altText) problems.push(`${where}: alt_text must have 1..${L.altText} characters`);
        const file = b.slack_file as Json | undefined;
        if (!b.image_url && !(file && (typeof file.id === 'string' || typeof file.url === 'string'))) problems.push(`${where}: needs image_url or slack_file`);
        break;
      }
      default:
        problems.push(`${where}: block type the renderers do not produce`);
    }
  });
  return problems;
}

/** Characters of every text in a set of blocks (text objects, field texts, labels, alt text), as Slack counts toward its total. */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + blocksTextLength(v), 0);
  if (!value || typeof value !== 'object') return 0;
  return Object.entries(value as Json).reduce((n, [k, v]) => n + ((k === 'text' || k === 'alt_text') && typeof v === 'string' ? v.length : blocksTextLength(v)), 0);
}

/** A chat.postMessage / response_url body: blocks plus the notification text. */
export function messageProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems = message.blocks === undefined ? [] : blockProblems(message.blocks);
  const total = blocksTextLength(message.blocks);
  if (total > L.messageBlocksText) problems.push(`message: its blocks hold ${total} characters of text, limit ${L.messageBlocksText} (msg_blocks_too_long)`);
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('message: missing notification text');
  else {
    if (message.text.length > L.messageText) problems.push(`message: text has ${message.text.length} characters, limit ${L.messageText}`);
    if (PING.test(message.text)) problems.push(`message: text would ping someone`);
    if (/[<>]/.test(message.text.replace(LINK, '')) || RAW_AMP.test(message.text)) problems.push('message: unescaped &, < or > in the notification text');
  }
  return problems;
}

export function modalProblems(view: Json): string[] {
  const problems = blockProblems(view.blocks, L.modalBlocks);
  if (view.type !== 'modal') problems.push('view: type must be modal');
  textProblems('view.title', view.title, L.modalTitle, problems);
  if (view.submit) textProblems('view.submit', view.submit, L.modalButton, problems);
  if (view.close) textProblems('view.close', view.close, L.modalButton, problems);
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > L.privateMetadata) problems.push('view: private_metadata too long');
  return problems;
}
