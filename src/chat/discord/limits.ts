/**
 * Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
 * Discord rejects the whole request when one is exceeded, so every page is checked against them
 * before it is sent (see `checkMessage`).
 */
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FOOTER_MAX = 2048;
/** Title, description, field names and values, footer and author name of all embeds of one message together. */
export const EMBEDS_TOTAL_MAX = 6000;
export const EMBEDS_PER_MESSAGE_MAX = 10;
export const CONTENT_MAX = 2000;
export const CUSTOM_ID_MAX = 100;
export const BUTTON_LABEL_MAX = 80;
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const CHOICE_NAME_MAX = 100;
/** An interaction token lets us edit the reply and send follow-ups for 15 minutes. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}

/** The characters Discord counts against EMBEDS_TOTAL_MAX for one embed. */
export function embedLength(e: EmbedLike): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0)
  );
}

export class DiscordLimitError extends Error {}

/** Throws DiscordLimitError naming the first limit a message breaks. */
export function checkMessage(m: { content?: string; embeds?: EmbedLike[] }): void {
  const over = (what: string, length: number, max: number) => {
    if (length > max) throw new DiscordLimitError(`Discord limit exceeded: ${what} is ${length} (max ${max})`);
  };
  over('content length', m.content?.length ?? 0, CONTENT_MAX);
  const embeds = m.embeds ?? [];
  over('embeds per message', embeds.length, EMBEDS_PER_MESSAGE_MAX);
  embeds.forEach((e, i) => {
    over(`embed ${i + 1} title length`, e.title?.length ?? 0, EMBED_TITLE_MAX);
    over(`embed ${i + 1} description length`, e.description?.length ?? 0, EMBED_DESCRIPTION_MAX);
    over(`embed ${i + 1} field count`, e.fields?.length ?? 0, EMBED_FIELDS_MAX);
    over(`embed ${i + 1} footer length`, e.footer?.text.length ?? 0, EMBED_FOOTER_MAX);
    (e.fields ?? []).forEach((f, j) => {
      over(`embed ${i + 1} field ${j + 1} name length`, f.name.length, EMBED_FIELD_NAME_MAX);
      over(`embed ${i + 1} field ${j + 1} value length`, f.value.length, EMBED_FIELD_VALUE_MAX);
      if (f.name.length === 0 || f.value.length === 0) {
        throw new DiscordLimitError(`Discord rejects empty fields: embed ${i + 1} field ${j + 1} has an empty name or value`);
      }
    });
  });
  over('total embed characters', embeds.reduce((n, e) => n + embedLength(e), 0), EMBEDS_TOTAL_MAX);
}
