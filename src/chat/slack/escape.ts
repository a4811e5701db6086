/**
 * Text going to Slack and text coming from it.
 *
 * Going out: Slack reads `&`, `<` and `>` as control characters in message text
 * (`<@U123>` is a ping, `<!here>` notifies a channel, `<url|label>` is a link), so every
 * piece of user or corpus text is escaped. Bare `@here`/`@channel`/`@everyone` only
 * notify when Slack is asked to parse names; the renderers never ask (mrkdwn is `verbatim`),
 * and a zero-width joiner after the `@` keeps them inert even if a client did.
 *
 * Coming in: slash-command and event text arrives escaped and with `<…>` markup; the core
 * wants the plain text the user saw.
 */

const WORD_JOINER = '\u2060';

/** Escapes Slack's three control characters and defuses broadcast mentions. */
export function escapeSlackText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`);
}

/**
 * Cuts already-escaped text to at most `max` characters, ending with "…" when cut,
 * never inside an `&amp;`-style entity or a surrogate pair.
 */
export function fitSlackText(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = max - 1;
  const amp = escaped.lastIndexOf('&', cut);
  if (amp !== -1 && amp > cut - 5) {
    const semi = escaped.indexOf(';', amp);
    if (semi === -1 || semi >= cut) cut = amp;
  }
  // A raw `<` only ever opens link markup we built; never leave one unclosed.
  const open = escaped.lastIndexOf('<', cut - 1);
  if (open !== -1 && escaped.lastIndexOf('>', cut - 1) < open) cut = open;
  const code = escaped.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  let head = escaped.slice(0, cut);
  // Cutting "@hereford" after "@here" would make a broadcast word: cut one letter more.
  if (/@(channel|here|everyone)$/i.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/** Escapes, then fits: the usual way to put outside text into a length-limited field. */
export function slackText(text: string, max: number): string {
  return fitSlackText(escapeSlackText(text), max);
}

/** Longer link labels (titles) are cut: no real title is this long, and a link must fit a block. */
const MAX_LINK_LABEL = 300;

/** A link whose label is outside text. The URL is percent-encoded where Slack's `<url|label>` syntax would break. */
export function slackLink(url: string, label: string): string {
  const safeUrl = url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
  return `<${safeUrl}|${slackText(label.replace(/\s+/g, ' '), MAX_LINK_LABEL)}>`;
}

/**
 * The plain text a user typed, from Slack's escaped form: `<https://x|x>` becomes the URL,
 * `<@U123|ana>` becomes `@ana`, `<#C1|general>` becomes `#general`, entities are decoded. Line breaks are kept (a
 * pasted paper's title line and author line are how it is recognized), at most one blank line in a row; every other
 * run of whitespace becomes one space.
 */
export function plainFromSlack(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_m, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return label ? `@${label}` : '';
      if (target.startsWith('#')) return label ? `#${label}` : '';
      if (target.startsWith('!')) return label ?? '';
      return target.startsWith('mailto:') && label ? label : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    // Runs of whitespace become one space; a lone space, by far the most common, is not matched at all.
    .map((line) => line.replace(/\s\s+|[^\S ]/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
