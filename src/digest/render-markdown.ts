/**
 * The digest as Markdown (CLI preview, Discord, docs). Pure.
 */
import { chartsNewPapers } from './chart-spec.ts';
import type { Digest } from './compose.ts';
import { newPaperLine, newThisWeekIntro, type NewThisWeek } from './new-papers.ts';

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/** A marker both posters put in the message so a restarted scheduler can find what it already posted. */
export function digestMarker(isoWeek: string): string {
  return `mechanistic digest ${isoWeek}`;
}

/** `compact` leaves out the why-lines and what is often missed, for Discord's 2000 characters. */
export function digestMarkdown(d: Digest, opts: { compact?: boolean } = {}): string {
  const lines: string[] = [];
  if (d.questionCount > 0) lines.push(...askedMarkdown(d, opts));
  if (d.newThisWeek) {
    if (lines.length > 0) lines.push('');
    lines.push(...newThisWeekMarkdown(d.newThisWeek, opts));
  }
  for (const n of d.notices ?? []) lines.push('', `_${n}_`);
  lines.push('');
  const chart = chartsNewPapers(d) ? "concepts of the week's new papers" : `concepts asked per week, ${d.chartWeeks[0]} to ${d.chartWeeks.at(-1)}`;
  // Compact (Discord), the Anthology's attribution rides on the last line, which a cut to fit always keeps.
  const credit = opts.compact && d.newThisWeek?.attribution ? ` ${d.newThisWeek.attribution}` : '';
  lines.push(`_Chart: ${chart}. ${digestMarker(d.isoWeek)}.${credit}_`);
  return lines.join('\n');
}

const MARKDOWN = {
  link: (text: string, url: string) => `[${text.replace(/[[\]]/g, '')}](${url})`,
  bold: (text: string) => `**${text}**`,
  escape: (text: string) => text,
};

/** "New this week" in Markdown. */
export function newThisWeekMarkdown(n: NewThisWeek, opts: { compact?: boolean } = {}): string[] {
  const lines = [`## New this week`, newThisWeekIntro(n)];
  for (const p of n.papers) lines.push(`- ${newPaperLine(p, MARKDOWN, opts.compact)}`);
  if (n.more > 0) lines.push(`- …and ${n.more} more.`);
  if (n.attribution && !opts.compact) lines.push(`_${n.attribution}_`);
  if (!opts.compact) for (const x of n.notices) lines.push(`_${x}_`);
  return lines;
}

function askedMarkdown(d: Digest, opts: { compact?: boolean }): string[] {
  const lines: string[] = [];
  lines.push(`## What we asked about in ${d.isoWeek}`);
  lines.push(
    `${d.questionCount} question${d.questionCount === 1 ? '' : 's'} touched ${d.concepts.length === 1 ? 'one concept' : `these ${d.concepts.length} concepts`}. ` +
      'Under each, the earlier NLP-interpretability work it rediscovers, earliest first.',
  );
  d.concepts.forEach((c, i) => {
    lines.push('');
    lines.push(`### ${i + 1}. ${c.name} (asked ${times(c.asked)})`);
    if (!opts.compact) lines.push(`Often missed: ${c.missed}`);
    for (const p of c.precedents) {
      const shown = p.surfaced > 0 ? `, in ${p.surfaced} answer${p.surfaced === 1 ? '' : 's'} this week` : '';
      lines.push(`- **${p.year}** [${p.title}](${p.url}) (${p.authorsShort}, ${p.venue}${shown})${p.why && !opts.compact ? `: ${p.why}` : ''}`);
    }
    if (c.precedents.length === 0) lines.push('- No NLPI precedent is recorded for this concept yet.');
    if (c.morePrecedents > 0) lines.push(`- …and ${c.morePrecedents} more: \`mechanistic concept ${c.id}\``);
  });
  return lines;
}

/** Discord's limit on a message's content. */
export const DISCORD_CONTENT_LIMIT = 2000;

/**
 * Cuts Markdown at a line boundary to fit `limit` characters, saying how much was left out.
 * The last line (the marker) is kept, since reconciliation looks for it.
 */
export function fitLines(markdown: string, limit: number): string {
  if (markdown.length <= limit) return markdown;
  const lines = markdown.split('\n');
  const last = lines.pop() ?? '';
  const kept: string[] = [];
  let dropped = 0;
  for (const line of lines) {
    const candidate = [...kept, line].join('\n').length + 1 + last.length + 40;
    if (candidate <= limit && dropped === 0) kept.push(line);
    else dropped++;
  }
  return [...kept, `… (${dropped} more line${dropped === 1 ? '' : 's'} left out)`, last].join('\n').slice(0, limit);
}

/**
 * The digest in at most `limit` characters: in full if it fits, else compact, else compact with fewer concepts
 * and new papers (so both sections keep a place), else cut at a line (fitLines keeps the marker).
 */
export function fitDigestMarkdown(d: Digest, limit: number): string {
  const full = digestMarkdown(d);
  if (full.length <= limit) return full;
  const compact = digestMarkdown(d, { compact: true });
  if (compact.length <= limit) return compact;
  const shorter: Digest = {
    ...d,
    concepts: d.concepts.slice(0, 3).map((c) => ({ ...c, precedents: c.precedents.slice(0, 2), morePrecedents: c.morePrecedents + Math.max(0, c.precedents.length - 2) })),
    ...(d.newThisWeek
      ? { newThisWeek: { ...d.newThisWeek, papers: d.newThisWeek.papers.slice(0, 3), more: d.newThisWeek.more + Math.max(0, d.newThisWeek.papers.length - 3) } }
      : {}),
  };
  return fitLines(digestMarkdown(shorter, { compact: true }), limit);
}
