/**
 * The App Home tab (views.publish): what the bot does, the commands, this workspace's digest
 * channels and the user's latest answers. Pure: what the store holds in, a home view out.
 */
import type { StoredAnswer, Subscription } from '../../store/store.ts';
import { context, divider, header, section, type KnownBlock } from './blocks.ts';
import { escapeSlackText } from './escape.ts';
import { answerSummaryText } from './render-answer.ts';
import { renderHelpBlocks } from './render-lookups.ts';

/** Latest answers the Home tab lists. */
export const HOME_RECENT_ANSWERS = 5;

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A channel as Slack shows it (its name, linked); an id of another shape is shown as text. */
function channelRef(id: string): string {
  return /^[CGD][A-Z0-9]{2,20}$/.test(id) ? `<#${id}>` : escapeSlackText(id);
}

export function renderHomeView(o: { command: string; digestChannels: readonly Subscription[]; recent: readonly StoredAnswer[] }): HomeView {
  // The help message without its header: the same commands and examples, one place to keep them.
  const help = renderHelpBlocks(o.command).blocks.slice(1);
  const digest =
    o.digestChannels.length > 0
      ? `*Weekly digest in this workspace*\n${o.digestChannels.map((s) => `• ${channelRef(s.channelId)} ${escapeSlackText(`(${s.tz})`)}`).join('\n')}`
      : `*Weekly digest in this workspace*: no channel has it yet. In a channel, \`${escapeSlackText(o.command)} digest on\` turns it on.`;
  const recent = o.recent.filter((r) => r.answer !== null);
  const answers =
    recent.length > 0
      ? recent.map((r) => section(`• ${day(r.createdAt)}${r.origin.channelId ? ` in ${channelRef(r.origin.channelId)}` : ''}: ${answerSummaryText(r.answer!)}`))
      : [section('None yet: ask in any channel, or message me here.')];
  return {
    type: 'home',
    blocks: [
      header('mechanistic: is this mechanistic, and who did it first?'),
      ...help,
      divider(),
      section(digest),
      divider(),
      section('*Your latest answers*'),
      ...answers,
      context([escapeSlackText('Answers keep their buttons for 30 days; the question text is kept only where a channel turned on digest keep-text.')]),
    ],
  };
}
