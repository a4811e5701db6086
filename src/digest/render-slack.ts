/**
 * The digest as a Slack message: Block Kit blocks plus the mrkdwn fallback text. Pure.
 */
import type { Digest } from './compose.ts';
import { digestChartTitle } from './chart-spec.ts';
import { newPaperLine, newThisWeekIntro, type NewThisWeek } from './new-papers.ts';
import { digestMarker } from './render-markdown.ts';

/** Slack limits (Block Kit reference). */
export const SLACK_HEADER_LIMIT = 150;
export const SLACK_SECTION_TEXT_LIMIT = 3000;
export const SLACK_BLOCKS_LIMIT = 50;
export const SLACK_ALT_TEXT_LIMIT = 2000;

/** Slack mrkdwn treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export interface SlackDigestMessage {
  text: string;
  // Block Kit objects, kept loose here: the Web API client checks nothing either.
  blocks: Record<string, unknown>[];
}

/** `chartFileId`: a file uploaded beforehand (files.completeUploadExternal), shown as an image block. */
export function digestSlackMessage(d: Digest, chartFileId?: string): SlackDigestMessage {
  const header = clip(`What we asked about in ${d.isoWeek}`, SLACK_HEADER_LIMIT);
  const intro = `${d.questionCount} question${d.questionCount === 1 ? '' : 's'}; under each concept, the earlier NLP-interpretability work it rediscovers, earliest first.`;
  const sections = d.concepts.map((c, i) => {
    const lines = [`*${i + 1}. ${escapeMrkdwn(c.name)}* (asked ${c.asked === 1 ? 'once' : `${c.asked} times`})`, `_Often missed:_ ${escapeMrkdwn(c.missed)}`];
    for (const p of c.precedents) {
      const shown = p.surfaced > 0 ? `, in ${p.surfaced} answer${p.surfaced === 1 ? '' : 's'} this week` : '';
      lines.push(`• *${p.year}* <${p.url}|${escapeMrkdwn(p.title)}> (${escapeMrkdwn(p.authorsShort)}, ${escapeMrkdwn(p.venue)}${shown})`);
    }
    if (c.precedents.length === 0) lines.push('• No NLPI precedent is recorded for this concept yet.');
    if (c.morePrecedents > 0) lines.push(`• …and ${c.morePrecedents} more: \`/mechanistic concept ${c.id}\``);
    return clip(lines.join('\n'), SLACK_SECTION_TEXT_LIMIT);
  });
  const asked = d.questionCount > 0;
  const blocks: Record<string, unknown>[] = asked
    ? [
        { type: 'header', text: { type: 'plain_text', text: header } },
        { type: 'section', text: { type: 'mrkdwn', text: intro } },
        ...sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
      ]
    : [];
  const papers = d.newThisWeek ? newThisWeekSlack(d.newThisWeek, asked) : null;
  if (papers) blocks.push(...papers.blocks);
  for (const n of d.notices ?? []) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(n), SLACK_SECTION_TEXT_LIMIT) }] });
  if (chartFileId) {
    blocks.push({
      type: 'image',
      slack_file: { id: chartFileId },
      alt_text: clip(digestChartTitle(d), SLACK_ALT_TEXT_LIMIT),
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: digestMarker(d.isoWeek) }] });
  const text = [...(asked ? [`*${header}*`, intro, ...sections] : []), ...(papers?.text ?? []), ...(d.notices ?? []).map(escapeMrkdwn)];
  // The marker (last block) must stay: reconciliation looks for the message by it.
  const marker = blocks.pop()!;
  return {
    text: clip(text.join('\n\n'), 4000),
    blocks: [...blocks.slice(0, SLACK_BLOCKS_LIMIT - 1), marker],
  };
}

const MRKDWN = {
  link: (text: string, url: string) => `<${url}|${text.replace(/[|<>]/g, '')}>`,
  bold: (text: string) => `*${text}*`,
  escape: escapeMrkdwn,
};

/** "New this week" as Block Kit: a header, the intro, one section per paper. */
export function newThisWeekSlack(n: NewThisWeek, afterAsked: boolean): { blocks: Record<string, unknown>[]; text: string[] } {
  const title = clip(afterAsked ? 'New this week' : `New this week (${n.isoWeek})`, SLACK_HEADER_LIMIT);
  const intro = escapeMrkdwn(newThisWeekIntro(n));
  const lines = n.papers.map((p) => clip(`• ${newPaperLine(p, MRKDWN)}`, SLACK_SECTION_TEXT_LIMIT));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'section', text: { type: 'mrkdwn', text: intro } },
    ...lines.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (n.more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${n.more} more.` }] });
  if (n.attribution) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(n.attribution) }] });
  for (const x of n.notices) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(x), SLACK_SECTION_TEXT_LIMIT) }] });
  return { blocks, text: [`*${title}*`, intro, ...lines, ...(n.attribution ? [escapeMrkdwn(n.attribution)] : [])] };
}

/**
 * Turns the Markdown this folder writes (headings, **bold**, [links](url), `code`, _italics_)
 * into Slack mrkdwn, escaping everything else. For replies of chat-commands.ts.
 */
export function markdownToMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .split('\n')
    .map((line) => line.replace(/^#{1,6}\s+(.*)$/, '*$1*'))
    .join('\n')
    .replace(/\*\*([^*]+)\*\*/g, '*$1*')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<$2|$1>');
}
