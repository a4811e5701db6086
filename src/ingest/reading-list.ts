/**
 * Reads the two CC0 MI reading lists (markdown READMEs) into list entries: a link, the title as the
 * list gives it, and the section it sits in. The lists give no authors or years: those come from a
 * curated file of verified facts (see `mi-reading-lists.ts`).
 */
import { parseArxivId } from './arxiv-id.ts';

export interface ReadingListEntry {
  /** `opm06/awesome-mech-interp` */
  list: string;
  section: string;
  title: string;
  url: string;
  arxiv?: string;
}

function clean(title: string): string {
  return title.replace(/\*\*/g, '').replace(/\\/g, '').replace(/\s+/g, ' ').trim();
}

/** Every `[Title](link)` paper link in the list (badges, images and in-page anchors are skipped). */
export function parseReadingList(markdown: string, list: string): ReadingListEntry[] {
  const out: ReadingListEntry[] = [];
  let section = '';
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,4}\s+(.+)$/.exec(line);
    if (heading) {
      section = heading[1]!.trim();
      continue;
    }
    for (const m of line.matchAll(/(?<!!)\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g)) {
      let title = clean(m[1]!);
      const url = m[2]!;
      const arxiv = /arxiv\.org/.test(url) ? parseArxivId(url) : undefined;
      const generic = title.length < 8 || /^(github|doc|paper|demo|blog|tutorial|code|pdf|arxiv\.org)$/i.test(title);
      // Tool bullets link their paper as "[Paper](arxiv…)": name it after the tool the line is about.
      if (generic && !arxiv) continue;
      if (generic) title = clean(/\*\*([^*]+)\*\*/.exec(line)?.[1] ?? title);
      out.push({ list, section, title, url, ...(arxiv ? { arxiv } : {}) });
    }
  }
  return out;
}
