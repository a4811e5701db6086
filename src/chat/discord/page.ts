/**
 * A page is one Discord message. Long answers become several pages (the first edits the reply,
 * the rest are follow-ups); every page is checked against Discord's limits before it leaves.
 */
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed, APIEmbedField } from 'discord.js';
import {
  CONTENT_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_TOTAL_MAX,
  checkMessage,
} from './limits.ts';
import { fitText, packLines } from './markdown.ts';

/** Text in a question or a paper must never ping @everyone, roles or users. */
export const NO_MENTIONS = Object.freeze({ parse: [] as [], repliedUser: false as const });

export interface Page {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: typeof NO_MENTIONS;
}

export const EMBED_COLOR = 0x6d5bd0;

export interface Section {
  /** Field name; continued fields get " (cont.)". */
  name: string;
  lines: string[];
}

export interface EmbedDraft {
  title: string;
  url?: string;
  /** Lines of the description; what does not fit in one description continues as fields. */
  description: string[];
  sections: Section[];
  footer: string;
}

function fieldsOf(section: Section): APIEmbedField[] {
  const name = fitText(section.name, EMBED_FIELD_NAME_MAX - ' (cont.)'.length);
  return packLines(section.lines, EMBED_FIELD_VALUE_MAX).map((value, i) => ({ name: i === 0 ? name : `${name} (cont.)`, value }));
}

const PAGE_MARK_RESERVE = ' · page 999/999'.length;

/** Lays a draft out on as many pages as Discord's limits require; never splits a line. */
export function paginate(draft: EmbedDraft): Page[] {
  const title = fitText(draft.title, EMBED_TITLE_MAX);
  const contTitle = fitText(draft.title, EMBED_TITLE_MAX - ' (cont.)'.length) + ' (cont.)';
  const footer = fitText(draft.footer, EMBED_FOOTER_MAX - PAGE_MARK_RESERVE);
  const [description = '', ...overflow] = packLines(draft.description, EMBED_DESCRIPTION_MAX);
  const fields = [
    ...(overflow.length > 0 ? fieldsOf({ name: '(continued)', lines: overflow.join('\n').split('\n') }) : []),
    ...draft.sections.filter((s) => s.lines.length > 0).flatMap(fieldsOf),
  ];
  const embeds: APIEmbed[] = [];
  let current: APIEmbed = { title, url: draft.url, description: description || undefined, color: EMBED_COLOR, fields: [] };
  let size = title.length + description.length;
  const budget = EMBEDS_TOTAL_MAX - footer.length - PAGE_MARK_RESERVE;
  for (const field of fields) {
    const cost = field.name.length + field.value.length;
    if (current.fields!.length === EMBED_FIELDS_MAX || size + cost > budget) {
      embeds.push(current);
      current = { title: contTitle, url: draft.url, color: EMBED_COLOR, fields: [] };
      size = contTitle.length;
    }
    current.fields!.push(field);
    size += cost;
  }
  embeds.push(current);
  return embeds.map((embed, i) => {
    const mark = embeds.length > 1 ? ` · page ${i + 1}/${embeds.length}` : '';
    if (embed.fields!.length === 0) delete embed.fields;
    if (embed.url === undefined) delete embed.url;
    return page({ embeds: [{ ...embed, footer: { text: footer + mark } }] });
  });
}

/** A plain-text reply, split on line boundaries into messages of at most CONTENT_MAX characters. */
export function textPages(text: string): Page[] {
  return packLines(text.split('\n'), CONTENT_MAX).map((content) => page({ content }));
}

/** Code-block pages (e.g. BibTeX): `blocks` are kept whole; each message is one fenced block. */
export function codePages(blocks: readonly string[], language: string): Page[] {
  const fence = (body: string) => '```' + language + '\n' + body + '\n```';
  const room = CONTENT_MAX - fence('').length;
  const pages: Page[] = [];
  let body = '';
  for (const raw of blocks) {
    const block = raw.length <= room ? raw : raw.split('\n').reduce((kept, line) => (kept.length + line.length + 1 <= room ? (kept ? kept + '\n' + line : line) : kept), '');
    if (body !== '' && body.length + 2 + block.length > room) {
      pages.push(page({ content: fence(body) }));
      body = '';
    }
    body = body === '' ? block : body + '\n\n' + block;
  }
  if (body !== '') pages.push(page({ content: fence(body) }));
  return pages;
}

export function page(p: Partial<Page>): Page {
  const result: Page = { embeds: p.embeds ?? [], components: p.components ?? [], allowedMentions: NO_MENTIONS };
  if (p.content !== undefined) result.content = p.content;
  checkMessage(result);
  return result;
}
