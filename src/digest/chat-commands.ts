/**
 * `/mechanistic digest on|off|preview|keep-text` and `/mechanistic lineage <concept>` for the
 * Slack and Discord adapters: they pass who is asking and where; these return what to show.
 * Replies are Markdown (Discord shows it as is; Slack adapters convert with markdownToMrkdwn).
 */
import type { Corpus } from '../core/corpus-schema.ts';
import type { ChatPlatform as DigestPlatform, Store } from '../store/store.ts';
import { lineageChartSpec } from './chart-spec.ts';
import { assertTimeZone, formatIsoWeek, IsoWeekError, lastCompleteIsoWeek, parseIsoWeek } from './iso-week.ts';
import { buildLineage, findConcept, lineageText } from './lineage.ts';
import { prepareDigest } from './prepare.ts';
import { renderPng } from './render-png.ts';
import { parseTopics } from './topics.ts';
import { DEFAULT_SCHEDULE, DEFAULT_TIME_ZONE, describeSchedule, scheduleFromAt, ScheduleError, validateSchedule } from './schedule.ts';

export interface ChatReply {
  /** Markdown. */
  text: string;
  /** A picture to attach (the digest chart or the lineage timeline). */
  png?: { name: string; data: Buffer };
  /** Show only to the person who asked (errors, previews, permission refusals). */
  ephemeral: boolean;
}

export interface DigestCommandContext {
  store: Pick<Store, 'answers' | 'digest' | 'privacy' | 'paperScans'>;
  /** MECHANISTIC_NETWORK=on: previews show "New this week" (off: a notice says it is left out). */
  network?: boolean;
  corpus: Corpus;
  now: Date;
  platform: DigestPlatform;
  workspaceId: string | null;
  channelId: string;
  userId: string;
  /**
   * What the platform says about the user: Slack `users.info` → `is_admin || is_owner`;
   * Discord → the member has Manage Channels in this channel (`interaction.memberPermissions`).
   */
  userCanManage: boolean;
  /** MECHANISTIC_DIGEST_ALLOW: user ids allowed besides admins and channel managers. */
  allowList: readonly string[];
  /** The time zone to use when `on` names none, e.g. the Slack user's `tz`; otherwise UTC. */
  defaultTz?: string;
}

export type DigestAction =
  | { action: 'on'; tz?: string; at?: string }
  | { action: 'off' }
  | { action: 'preview'; week?: string }
  | { action: 'keep-text'; keep: boolean }
  | { action: 'papers'; on: boolean }
  /** Concept ids or names; empty shows the current topics; `all` clears them. */
  | { action: 'topics'; topics: string[] }
  | { action: 'status' };

export const DIGEST_USAGE =
  'Usage: `digest on [Europe/Berlin] [mon 09:00]`, `digest off`, `digest preview [2026-W47]`, `digest keep-text on|off`, `digest papers on|off`, `digest topics <concepts>|all`, `digest status`';

/** Slack admins/owners, Discord members with Manage Channels, and anyone in the allow-list. */
export function canManageDigest(userId: string, userCanManage: boolean, allowList: readonly string[]): boolean {
  return userCanManage || allowList.includes(userId);
}

/** Parses the words after `digest` in a Slack command, e.g. `on America/New_York fri 16:30`. */
export function parseDigestArgs(text: string): DigestAction | { error: string } {
  const [verb = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case 'on': {
      const tz = rest.find((w) => w.includes('/') || /^(utc|gmt)$/i.test(w));
      const at = rest.filter((w) => w !== tz).join(' ');
      return { action: 'on', ...(tz ? { tz } : {}), ...(at ? { at } : {}) };
    }
    case 'off':
      return { action: 'off' };
    case 'preview':
      return { action: 'preview', ...(rest[0] ? { week: rest[0] } : {}) };
    case 'keep-text':
      if (rest[0] === 'on' || rest[0] === 'off') return { action: 'keep-text', keep: rest[0] === 'on' };
      return { error: `digest keep-text needs on or off. ${DIGEST_USAGE}` };
    case 'papers':
      if (rest[0] === 'on' || rest[0] === 'off') return { action: 'papers', on: rest[0] === 'on' };
      return { error: `digest papers needs on or off. ${DIGEST_USAGE}` };
    case 'topics':
      return { action: 'topics', topics: parseTopics(rest.join(' ')) };
    case '':
    case 'status':
      return { action: 'status' };
    default:
      return { error: `unknown digest action "${verb}". ${DIGEST_USAGE}` };
  }
}

/** Concept ids from ids or names (`logit-lens`, `Logit lens`); `all` (or `none`) clears the filter. */
export function resolveTopics(corpus: Corpus, words: readonly string[]): { ids: string[] } | { error: string } {
  if (words.length === 1 && /^(all|none|clear)$/i.test(words[0]!)) return { ids: [] };
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const w of words) {
    const id = corpus.concepts.has(w) ? w : [...corpus.concepts.values()].find((c) => c.id === w.toLowerCase() || c.name.toLowerCase() === w.toLowerCase())?.id;
    if (id) ids.push(id);
    else unknown.push(w);
  }
  if (unknown.length > 0) {
    return { error: `not a concept id: ${unknown.map((u) => `"${u}"`).join(', ')}. Use ids as \`mechanistic concept <name>\` shows them, e.g. \`digest topics probing activation-patching\`, or \`digest topics all\`.` };
  }
  return { ids: [...new Set(ids)] };
}

/** A reply for everyone in the channel (a setting changed), or for the asker only (`privately`). */
const shown = (text: string): ChatReply => ({ text, ephemeral: false });
const privately = (text: string): ChatReply => ({ text, ephemeral: true });

/** What the channel is told when a setting is turned on or off. */
const TURNED = {
  'keep-text': {
    on: 'The bot will now keep the text of questions asked here (only the concepts and papers are kept otherwise).',
    off: 'The bot no longer keeps question text from this channel, and has deleted what it kept.',
  },
  papers: {
    on: 'The weekly digest here will show "New this week": the week\'s new interpretability papers and the earlier work they rediscover.',
    off: 'The weekly digest here will no longer show new papers, only what the channel asked.',
  },
} as const;

const refuse = (what: string): ChatReply =>
  privately(`Only workspace admins and owners (Slack), members who can manage this channel (Discord), or people on the bot's allow-list can ${what}.`);

export async function digestChatCommand(ctx: DigestCommandContext, a: DigestAction): Promise<ChatReply> {
  const allowed = canManageDigest(ctx.userId, ctx.userCanManage, ctx.allowList);
  const sub = await ctx.store.digest.getSubscription(ctx.platform, ctx.channelId);
  try {
    switch (a.action) {
      case 'status':
        return privately(
          sub ? `The weekly digest is on here: ${describeSchedule(sub.schedule)} (${sub.tz}), reporting the last complete ISO week.` : `The weekly digest is off here. ${DIGEST_USAGE}`,
        );
      case 'on': {
        if (!allowed) return refuse('turn the weekly digest on');
        const tz = a.tz ?? sub?.tz ?? ctx.defaultTz ?? DEFAULT_TIME_ZONE;
        const schedule = a.at ? scheduleFromAt(a.at) : (sub?.schedule ?? DEFAULT_SCHEDULE);
        assertTimeZone(tz);
        validateSchedule(schedule, tz);
        await ctx.store.digest.subscribe({ platform: ctx.platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId, tz, schedule, createdBy: ctx.userId }, ctx.now);
        return shown(`Weekly digest on: ${describeSchedule(schedule)} (${tz}). Each post covers the last complete ISO week; weeks with no questions post nothing.`);
      }
      case 'off': {
        if (!allowed) return refuse('turn the weekly digest off');
        const removed = await ctx.store.digest.unsubscribe(ctx.platform, ctx.channelId);
        return removed ? shown('Weekly digest off for this channel.') : privately('The weekly digest was not on in this channel.');
      }
      case 'keep-text': {
        if (!allowed) return refuse('change what the bot keeps');
        await ctx.store.privacy.setKeepQuestionText(ctx.platform, ctx.channelId, a.keep, ctx.userId, ctx.now);
        return shown(TURNED['keep-text'][a.keep ? 'on' : 'off']);
      }
      case 'papers': {
        if (!allowed) return refuse('change the digest');
        await ctx.store.paperScans.setChannelPapers(ctx.platform, ctx.channelId, a.on, ctx.userId, ctx.now);
        return shown(TURNED.papers[a.on ? 'on' : 'off']);
      }
      case 'topics': {
        const current = await ctx.store.paperScans.channelSettings(ctx.platform, ctx.channelId);
        const name = (id: string) => ctx.corpus.concepts.get(id)?.name ?? id;
        if (a.topics.length === 0) {
          return privately(current.topics.length > 0 ? `"New this week" here keeps papers on: ${current.topics.map(name).join(', ')}.` : '"New this week" here keeps papers on every concept.');
        }
        if (!allowed) return refuse('change the digest');
        const r = resolveTopics(ctx.corpus, a.topics);
        if ('error' in r) return privately(r.error);
        await ctx.store.paperScans.setChannelTopics(ctx.platform, ctx.channelId, r.ids, ctx.userId, ctx.now);
        return shown(r.ids.length > 0 ? `"New this week" here will keep only papers on: ${r.ids.map(name).join(', ')}.` : '"New this week" here will keep papers on every concept.');
      }
      case 'preview': {
        const tz = sub?.tz ?? ctx.defaultTz ?? DEFAULT_TIME_ZONE;
        const week = a.week ? parseIsoWeek(a.week) : lastCompleteIsoWeek(ctx.now, tz);
        const papers = { scans: ctx.store.paperScans, network: ctx.network ?? false };
        const message = await prepareDigest(ctx.store.answers, ctx.corpus, { platform: ctx.platform, channelId: ctx.channelId, tz }, week, papers);
        if (!message) return privately(`Nothing was asked about a known concept here in ${formatIsoWeek(week)} and no new paper is shown for it, so that week's digest would post nothing.`);
        return { text: message.markdown, png: { name: message.chartFileName, data: message.chartPng }, ephemeral: true };
      }
    }
  } catch (e) {
    if (e instanceof ScheduleError || e instanceof IsoWeekError) return privately(e.message);
    throw e;
  }
}

/** The lineage reply: the text version plus the timeline picture of the same papers. */
export async function lineageChatCommand(corpus: Corpus, query: string): Promise<ChatReply> {
  if (!query.trim()) return privately('Usage: `lineage <concept>`, e.g. `lineage activation patching`');
  const match = findConcept(corpus, query);
  if (!match.found) return privately(match.message);
  const lineage = buildLineage(corpus, match.concept);
  return {
    text: lineageText(lineage),
    png: { name: `mechanistic-lineage-${lineage.conceptId}.png`, data: await renderPng(lineageChartSpec(lineage)) },
    ephemeral: false,
  };
}
