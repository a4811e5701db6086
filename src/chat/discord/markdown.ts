/**
 * Discord-markdown helpers for the renderer: escaping, and shortening text only where a cut
 * cannot break a link (a half link shows raw brackets and a dead URL).
 */

const LINK = /\[(?:\\.|[^\]\\\n])*\]\([^)\s]*\)|<https?:\/\/[^>\s]+>|https?:\/\/[^\s<>()]+/g;

/** [start, end) spans of markdown links, <autolinks> and bare URLs in `text`. */
export function linkSpans(text: string): [number, number][] {
  return [...text.matchAll(LINK)].map((m) => [m.index, m.index + m[0].length]);
}

const URL_ONLY = /<https?:\/\/[^>\s]+>|https?:\/\/[^\s<>()]+/g;

/**
 * Escapes characters that Discord markdown would interpret, for text shown verbatim (titles, quotes).
 * URLs are left alone: a backslash inside one would break the link.
 */
export function escapeText(text: string): string {
  const escape = (s: string) => s.replace(/([\\*_~`|\[\]])/g, '\\$1').replace(/^([>#-])/gm, '\\$1');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_ONLY)) {
    out += escape(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** A masked link whose label cannot close early and whose URL cannot end the link early. */
export function link(label: string, url: string): string {
  const safeUrl = url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
  return `[${escapeText(label)}](${safeUrl})`;
}

/**
 * `text` if it fits in `max` characters; otherwise cut at a word boundary outside every link
 * and end with "…". If the first link alone is too long, links are reduced to their labels.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const limit = max - 1;
  let cut = limit;
  for (const [start, end] of linkSpans(text)) {
    if (start < cut && cut < end) cut = start;
  }
  const space = text.lastIndexOf(' ', cut);
  if (space > cut - 40 && space > 0) cut = space;
  if (cut <= 0) {
    const labelsOnly = text.replace(/\[((?:\\.|[^\]\\\n])*)\]\([^)\s]*\)/g, '$1').replace(/<(https?:\/\/[^>\s]+)>/g, '$1');
    if (labelsOnly.length < text.length) return fitText(labelsOnly, max);
    return text.slice(0, limit) + '…';
  }
  return text.slice(0, cut).trimEnd() + '…';
}

/**
 * Groups lines into chunks of at most `max` characters (joined by "\n"); a line longer than
 * `max` is shortened with fitText. Lines are never split.
 */
export function packLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = fitText(raw, max);
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= max) current += '\n' + line;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
