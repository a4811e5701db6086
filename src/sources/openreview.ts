/**
 * OpenReview API (v2): a submission by its forum id (`/notes?id=…`; content fields are `{ value }` objects,
 * plain values as in API v1 are read too). A reply's id leads to its forum's note (one more request).
 */
import { collapseSpace } from '../ingest/text.ts';
import type { SourceHttp } from './http.ts';
import { isValidSourceId } from './ids.ts';
import { dateParts, errorText, isObject, parseJson, str } from './json.ts';
import { SourceError, sourcePaper, type SourcePaper } from './types.ts';

function field(content: Record<string, unknown>, name: string): unknown {
  const v = content[name];
  return isObject(v) && 'value' in v ? v.value : v;
}

/** One OpenReview note → SourcePaper; null without a title. */
export function openReviewToSourcePaper(note: unknown): SourcePaper | null {
  if (!isObject(note) || !isObject(note.content)) return null;
  const c = note.content;
  const title = str(field(c, 'title'));
  if (!title) return null;
  const authorsField = field(c, 'authors');
  const authors = (Array.isArray(authorsField) ? authorsField : []).map((a) => str(a)).filter(Boolean);
  const abstract = collapseSpace(str(field(c, 'abstract')));
  const venue = str(field(c, 'venue'));
  const ms = [note.pdate, note.odate, note.cdate, note.tcdate].find((t): t is number => typeof t === 'number' && t > 0);
  let date: ReturnType<typeof dateParts> = { year: null };
  if (ms !== undefined) {
    const d = new Date(ms);
    date = dateParts([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
  } else {
    const y = /\b(19|20)\d{2}\b/.exec(venue)?.[0];
    if (y) date = { year: Number(y) };
  }
  const id = str(note.forum) || str(note.id);
  return sourcePaper({ title, authors, date, abstract, venue, url: `https://openreview.net/forum?id=${encodeURIComponent(id)}`, ids: { openreview: id }, source: 'openreview' });
}

export class OpenReviewSource {
  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
    private readonly minIntervalMs = 0,
  ) {
    http.allow(baseUrl);
  }

  private async note(id: string): Promise<Record<string, unknown>> {
    const res = await this.http.get({ source: 'openreview', url: `${this.baseUrl}/notes?id=${encodeURIComponent(id)}`, headers: { accept: 'application/json' }, minIntervalMs: this.minIntervalMs });
    if (res.status === 404 || res.status === 400) {
      throw new SourceError('not-found', 'openreview', `OpenReview has no note ${id} (${errorText(res.text) || res.status})`, { status: res.status });
    }
    if (res.status === 403 || res.status === 401) {
      throw new SourceError('not-found', 'openreview', `OpenReview note ${id} is not public`, { status: res.status });
    }
    if (res.status !== 200) throw new SourceError('bad-response', 'openreview', `OpenReview answered ${res.status} for note ${id}`, { status: res.status });
    const json = parseJson(res.text);
    if (!isObject(json) || !Array.isArray(json.notes)) throw new SourceError('bad-response', 'openreview', `OpenReview's answer for ${id} has no "notes" list`);
    const note = json.notes.find((n) => isObject(n) && n.id === id) ?? json.notes[0];
    if (!isObject(note)) throw new SourceError('not-found', 'openreview', `OpenReview has no note ${id}`);
    return note;
  }

  async paper(id: string): Promise<SourcePaper> {
    if (!isValidSourceId({ kind: 'openreview', value: id })) throw new SourceError('not-found', 'openreview', `"${id}" is not an OpenReview id`);
    let note = await this.note(id);
    const forum = str(note.forum);
    if (forum && forum !== id && isValidSourceId({ kind: 'openreview', value: forum })) note = await this.note(forum);
    const paper = openReviewToSourcePaper(note);
    if (!paper) throw new SourceError('bad-response', 'openreview', `OpenReview note ${id} has no title`);
    return paper;
  }
}
