/**
 * The ACL Anthology volumes of an ISO week, for the weekly paper scan: read from a local copy of the Anthology's
 * `data/xml` files (MECHANISTIC_ANTHOLOGY_DATA_DIR, searched recursively), never from the network — the Anthology
 * has no listing API. Only the volumes of BlackboxNLP, ACL, EMNLP, NAACL and TACL are read (tutorial abstracts and
 * other workshops are left out), each paper with its Anthology link; its facts and abstract are CC BY 4.0.
 *
 * Which week a volume belongs to (the Anthology gives no publication day):
 * 1. its event's dates are known (`<event>` with `<dates>`, whose file holds the volume or whose `<colocated>`
 *    names it, e.g. BlackboxNLP 2023 at EMNLP 2023, "December 6–10, 2023"): the ISO week of the event's first day;
 * 2. else its year and month (`<meta><month>`): the ISO week that starts on the first Monday of that month;
 * 3. a volume with a year only (TACL's yearly volumes) is in no week.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAnthologyXml } from '../ingest/anthology.ts';
import { parseMonth } from '../ingest/record.ts';
import { sourcePaper, type SourcePaper } from '../sources/types.ts';
import { formatIsoWeek, isoWeekMonday, isoWeekOf, shiftIsoWeek, type CalendarDay, type IsoWeek } from './iso-week.ts';

/** The attribution the Anthology asks for (CC BY 4.0), shown under "New this week" when it lists an Anthology paper. */
export const ANTHOLOGY_ATTRIBUTION = 'Anthology papers: ACL Anthology, https://aclanthology.org, CC BY 4.0.';

/** Venues whose volumes the scan reads (the Anthology's `<venue>` acronyms). */
const SCANNED_VENUES = new Set(['acl', 'emnlp', 'naacl', 'tacl', 'blackboxnlp']);
/** Old-style collections (P19, D18, …) name their venue by letter. */
const OLD_STYLE_VENUES: Record<string, string> = { P: 'acl', D: 'emnlp', N: 'naacl', Q: 'tacl' };
/** The venue names parseAnthologyXml gives the papers kept (not other workshops under an EMNLP prefix). */
const KEPT_VENUE = /^(BlackboxNLP|ACL|EMNLP|NAACL|TACL) \d{4}/;

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** One volume's place in time, from its file. */
export interface AnthologyVolumeDate {
  /** `2023.blackboxnlp-1`, `W19-48`, `P19-1`. */
  id: string;
  /** The file it is in, relative to the data directory. */
  file: string;
  year: number;
  month?: number;
  /** The first day of its event, when the event's dates are known. */
  eventStart?: CalendarDay;
}

/** A volume of the week and its papers. */
export interface WeekVolume {
  id: string;
  /** `BlackboxNLP 2019`, `EMNLP 2023`: the venue as people cite it. */
  venue: string;
  /** How its week was found: its event's first day, or the first Monday of its month. */
  dated: 'event' | 'month';
  papers: SourcePaper[];
}

/** `December 6–10, 2023`, `May 31–June 5, 2025`, `November 12-16, 2024` → the first day. */
export function eventFirstDay(dates: string): CalendarDay | undefined {
  const m = /^\s*([A-Za-z]+)\.?\s+(\d{1,2})\b/.exec(dates);
  const year = /(\d{4})\s*$/.exec(dates.trim());
  if (!m || !year) return undefined;
  const month = MONTH_NAMES.findIndex((n) => m[1]!.length >= 3 && n.startsWith(m[1]!.toLowerCase())) + 1;
  const day = Number(m[2]);
  if (month < 1 || day < 1 || day > 31) return undefined;
  return { year: Number(year[1]), month, day };
}

/** The week a volume belongs to (the rule at the top of this file), or null for a volume with only a year. */
export function volumeWeek(v: Pick<AnthologyVolumeDate, 'year' | 'month' | 'eventStart'>): IsoWeek | null {
  if (v.eventStart) return isoWeekOf(v.eventStart);
  if (!v.month) return null;
  const first: CalendarDay = { year: v.year, month: v.month, day: 1 };
  const week = isoWeekOf(first);
  const monday = isoWeekMonday(week);
  return monday.month === first.month && monday.day === 1 ? week : shiftIsoWeek(week, 1);
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
}

function tags(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!.trim());
}

interface FileVolumes {
  file: string;
  collection: string;
  /** Each scanned volume: its id, the text of its `<volume>` element, its meta. */
  volumes: { id: string; xml: string; year: number; month?: number }[];
  /** Events in the file: their first day and the volumes they name (colocated). */
  events: { start: CalendarDay; colocated: string[] }[];
}

/** The scanned volumes and events of one Anthology file, read from its meta without parsing its papers. */
function fileVolumes(xml: string, file: string): FileVolumes | null {
  const collection = /<collection\s+id="([^"]+)"/.exec(xml)?.[1];
  if (!collection) return null;
  const starts = [...xml.matchAll(/<volume\s+id="([^"]+)"[^>]*>/g)];
  const eventAt = xml.search(/<event[\s>]/);
  const volumes: FileVolumes['volumes'] = [];
  starts.forEach((s, i) => {
    const to = starts[i + 1]?.index ?? (eventAt > s.index! ? eventAt : xml.length);
    const volumeXml = xml.slice(s.index!, to);
    const meta = /<meta>[\s\S]*?<\/meta>/.exec(volumeXml)?.[0] ?? '';
    const year = Number(tag(meta, 'year'));
    if (!Number.isInteger(year) || year < 1900) return;
    const acronyms = tags(meta, 'venue').map((v) => v.toLowerCase());
    const oldStyle = /^[A-Z]\d{2}$/.test(collection) ? OLD_STYLE_VENUES[collection[0]!] : undefined;
    const blackbox = /blackboxnlp/i.test(/<booktitle>[\s\S]*?<\/booktitle>/.exec(meta)?.[0] ?? '');
    if (!blackbox && !acronyms.some((a) => SCANNED_VENUES.has(a)) && !(oldStyle && acronyms.length === 0)) return;
    const month = parseMonth(tag(meta, 'month'));
    volumes.push({ id: `${collection}-${s[1]}`, xml: volumeXml, year, ...(month ? { month } : {}) });
  });
  const events: FileVolumes['events'] = [];
  for (const m of xml.matchAll(/<event\s[^>]*>([\s\S]*?)<\/event>/g)) {
    const dates = tag(m[1]!, 'dates');
    const start = dates ? eventFirstDay(dates) : undefined;
    if (start) events.push({ start, colocated: tags(m[1]!, 'volume-id') });
  }
  return { file, collection, volumes, events };
}

/** The `.xml` files below `dir`, sorted (folders walked by hand: Node 20's early releases have no recursive readdir paths). */
async function xmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await xmlFiles(path)));
    else if (e.isFile() && e.name.endsWith('.xml')) out.push(path);
  }
  return out.sort();
}

/** The meta of each file read so far, by path, while its size and modification time stay the same. */
const metaCache = new Map<string, { size: number; mtimeMs: number; meta: FileVolumes | null }>();

/** A file's volumes and events without their text (kept per process: the Anthology files are tens of megabytes). */
async function fileMeta(path: string, dir: string): Promise<FileVolumes | null> {
  const s = await stat(path);
  const hit = metaCache.get(path);
  if (hit && hit.size === s.size && hit.mtimeMs === s.mtimeMs) return hit.meta;
  const parsed = fileVolumes(await readFile(path, 'utf8'), relative(dir, path));
  const meta = parsed && { ...parsed, volumes: parsed.volumes.map((v) => ({ ...v, xml: '' })) };
  metaCache.set(path, { size: s.size, mtimeMs: s.mtimeMs, meta });
  return meta;
}

/**
 * The papers of the scanned volumes published in `week` (the rule at the top), volume by volume in file order.
 * Throws (with the file named) when the directory cannot be read; a file that is not Anthology XML is skipped.
 */
export async function anthologyVolumesOfWeek(dir: string, week: IsoWeek): Promise<WeekVolume[]> {
  const files: { path: string; meta: FileVolumes }[] = [];
  for (const path of await xmlFiles(dir)) {
    const meta = await fileMeta(path, dir);
    if (meta) files.push({ path, meta });
  }
  const eventStart = new Map<string, CalendarDay>();
  for (const { meta: f } of files) {
    for (const e of f.events) {
      // An event covers the volumes of its own file and those it names as colocated.
      for (const id of [...f.volumes.map((v) => v.id), ...e.colocated]) if (!eventStart.has(id)) eventStart.set(id, e.start);
    }
  }
  const wanted = formatIsoWeek(week);
  const out: WeekVolume[] = [];
  for (const { path, meta } of files) {
    const inWeek = new Map<string, 'event' | 'month'>();
    for (const v of meta.volumes) {
      const start = eventStart.get(v.id);
      const w = volumeWeek({ ...v, ...(start ? { eventStart: start } : {}) });
      if (w && formatIsoWeek(w) === wanted) inWeek.set(v.id, start ? 'event' : 'month');
    }
    if (inWeek.size === 0) continue;
    const f = fileVolumes(await readFile(path, 'utf8'), meta.file);
    for (const v of f?.volumes ?? []) {
      const dated = inWeek.get(v.id);
      if (!dated) continue;
      // The volume alone, under its collection, through the importer's parser.
      const parsed = parseAnthologyXml(`<collection id="${f!.collection}">${v.xml}</collection>`, meta.file);
      const kept = parsed.papers.filter((p) => KEPT_VENUE.test(p.venue) && p.track !== 'tutorials');
      if (kept.length === 0) continue;
      const papers = kept.map((p) =>
        sourcePaper({
          title: p.title,
          authors: p.authors,
          date: { year: p.year, month: p.month },
          abstract: p.abstract,
          venue: p.venue,
          url: p.url,
          ids: { acl: p.ids.acl, ...(p.ids.doi ? { doi: p.ids.doi.toLowerCase() } : {}) },
          source: 'anthology',
        }),
      );
      out.push({ id: v.id, venue: kept[0]!.venue.replace(/ \(.*\)$/, ''), dated, papers });
    }
  }
  return out;
}
