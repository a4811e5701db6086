/**
 * Reads what the user pasted: validates it, finds paper identifiers (arXiv, ACL Anthology, DOI)
 * and links whose host says where a work was published (a forum post, transformer-circuits.pub,
 * OpenReview, the ACL Anthology).
 */

/** Longer input is refused: a pasted abstract is ~2,000 characters, a whole paper is not a question. */
export const MAX_QUESTION_CHARS = 20_000;

export type QuestionErrorCode = 'empty' | 'too_long' | 'binary';

export class QuestionError extends Error {
  constructor(
    readonly code: QuestionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws QuestionError for empty, huge or binary input; returns the trimmed text. */
export function validateQuestionText(text: string): string {
  // Control characters other than tab/newline/CR, or U+FFFD from a failed decode, mean binary data.
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > 0 && controls >= Math.max(1, text.length / 100)) {
    throw new QuestionError('binary', 'the input looks like binary data, not text: paste a question, a title and abstract, or a paper link');
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new QuestionError('empty', 'the question is empty: ask about a method or paste a title, abstract, or arXiv/ACL link');
  }
  if (trimmed.length > MAX_QUESTION_CHARS) {
    throw new QuestionError(
      'too_long',
      `the question has ${trimmed.length.toLocaleString('en-US')} characters; the limit is ${MAX_QUESTION_CHARS.toLocaleString('en-US')}: paste the title and abstract, not the whole paper`,
    );
  }
  return trimmed;
}

export type PaperIdentifier =
  | { kind: 'arxiv'; value: string; raw: string }
  | { kind: 'acl'; value: string; raw: string }
  | { kind: 'doi'; value: string; raw: string }
  | { kind: 'url'; value: string; raw: string };

export type PublicationChannel = 'forum' | 'transformer-circuits' | 'distill' | 'openreview' | 'acl-anthology' | 'arxiv';

export interface ChannelLink {
  channel: PublicationChannel;
  url: string;
  /** Human name of the place, for evidence lines. */
  label: string;
}

const CHANNEL_HOSTS: { pattern: RegExp; channel: PublicationChannel; label: string }[] = [
  { pattern: /(^|\.)lesswrong\.com$/, channel: 'forum', label: 'LessWrong (forum post)' },
  { pattern: /(^|\.)alignmentforum\.org$/, channel: 'forum', label: 'the AI Alignment Forum (forum post)' },
  { pattern: /(^|\.)transformer-circuits\.pub$/, channel: 'transformer-circuits', label: 'transformer-circuits.pub' },
  { pattern: /(^|\.)distill\.pub$/, channel: 'distill', label: 'Distill' },
  { pattern: /(^|\.)openreview\.net$/, channel: 'openreview', label: 'OpenReview' },
  { pattern: /(^|\.)aclanthology\.org$|(^|\.)aclweb\.org$/, channel: 'acl-anthology', label: 'the ACL Anthology' },
  { pattern: /(^|\.)arxiv\.org$/, channel: 'arxiv', label: 'arXiv' },
];

const URL_RE = /\bhttps?:\/\/[^\s<>()"'\]]+/gi;
const ARXIV_NEW = /\b(?:arxiv[:\s]\s*)?(\d{4}\.\d{4,5})(?:v\d+)?\b/i;
const ACL_NEW = /\b(\d{4}\.[a-z0-9]+-[a-z0-9]+\.\d+)\b/i;
const ACL_OLD = /\b([A-Z]\d{2}-\d{4})\b/;
const DOI_RE = /\b(10\.\d{4,9}\/[^\s"<>]+[^\s"<>.,;)])/;

export interface ParsedInput {
  text: string;
  identifiers: PaperIdentifier[];
  channels: ChannelLink[];
  /** True when the input is only identifiers/links, with no words to answer from. */
  onlyIdentifiers: boolean;
}

function stripTrailing(url: string): string {
  return url.replace(/[.,;:!?]+$/, '');
}

function identifiersInUrl(url: string): PaperIdentifier[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  const host = u.hostname.toLowerCase();
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    // A malformed escape (e.g. `%E0%A4%A`) is pasted text, not a link to a paper.
    path = u.pathname;
  }
  if (/(^|\.)arxiv\.org$/.test(host)) {
    const m = path.match(/\/(?:abs|pdf|html)\/(\d{4}\.\d{4,5})/);
    if (m) return [{ kind: 'arxiv', value: m[1]!, raw: url }];
  }
  for (const [hostRe, pathRe] of ARXIV_MIRRORS) {
    const m = hostRe.test(host) ? path.match(pathRe) : null;
    if (m) return [{ kind: 'arxiv', value: m[1]!, raw: url }];
  }
  if (/(^|\.)aclanthology\.org$|(^|\.)aclweb\.org$/.test(host)) {
    const m = path.match(/(\d{4}\.[a-z0-9]+-[a-z0-9]+\.\d+|[A-Z]\d{2}-\d{4})/i);
    if (m) return [{ kind: 'acl', value: normalizeAclId(m[1]!), raw: url }];
  }
  if (/(^|\.)doi\.org$/.test(host)) {
    const doi = path.replace(/^\//, '');
    if (/^10\.\d{4,9}\//.test(doi)) return [{ kind: 'doi', value: doi.toLowerCase(), raw: url }];
  }
  return [{ kind: 'url', value: normalizeUrl(url), raw: url }];
}

/**
 * Sites that show an arXiv paper under its arXiv id, as reading groups share them (Hugging Face's paper pages, alphaXiv,
 * ar5iv, papers.cool, Emergent Mind): the id is read from the link, which is never fetched, and arXiv is asked about it.
 */
const ARXIV_MIRRORS: readonly (readonly [RegExp, RegExp])[] = [
  [/(^|\.)huggingface\.co$/, /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/],
  [/(^|\.)alphaxiv\.org$/, /^\/(?:abs|overview|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/],
  [/(^|\.)ar5iv\.org$|(^|\.)ar5iv\.labs\.arxiv\.org$/, /^\/(?:abs|html)\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/],
  [/(^|\.)papers\.cool$/, /^\/arxiv\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/],
  [/(^|\.)emergentmind\.com$/, /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/],
];

/**
 * Links to the paper sites above and to the sources written without a scheme ("arxiv.org/abs/2406.01506"), as people
 * type them, given one so they read as links.
 */
const BARE_LINK = /(^|[\s(<"'`])((?:www\.)?(?:arxiv\.org|aclanthology\.org|doi\.org|openreview\.net|semanticscholar\.org|huggingface\.co|alphaxiv\.org|ar5iv\.org|ar5iv\.labs\.arxiv\.org|papers\.cool|emergentmind\.com)\/[^\s<>()"'\]]+)/gi;
const withSchemes = (text: string): string => text.replace(BARE_LINK, '$1https://$2');

export function normalizeAclId(id: string): string {
  return /^[A-Z]\d{2}-\d{4}$/i.test(id) ? id.toUpperCase() : id.toLowerCase();
}

/** A URL compared loosely: no scheme, no www., no trailing slash, no query or fragment. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^www\./, '').toLowerCase()}${u.pathname.replace(/\/+$/, '').replace(/\/index\.html$/, '')}`;
  } catch {
    return url.toLowerCase();
  }
}

export function channelOf(url: string): ChannelLink | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const hit = CHANNEL_HOSTS.find((c) => c.pattern.test(host));
  return hit ? { channel: hit.channel, url, label: hit.label } : null;
}

export function parseInput(typed: string): ParsedInput {
  const text = withSchemes(typed);
  const identifiers: PaperIdentifier[] = [];
  const channels: ChannelLink[] = [];
  const urls = [...text.matchAll(URL_RE)].map((m) => stripTrailing(m[0]));
  for (const url of urls) {
    identifiers.push(...identifiersInUrl(url));
    const ch = channelOf(url);
    if (ch) channels.push(ch);
  }
  const withoutUrls = text.replace(URL_RE, ' ');
  const arxiv = withoutUrls.match(ARXIV_NEW);
  if (arxiv && (/arxiv/i.test(arxiv[0]) || withoutUrls.trim() === arxiv[0].trim())) {
    identifiers.push({ kind: 'arxiv', value: arxiv[1]!, raw: arxiv[0] });
  }
  const aclNew = withoutUrls.match(ACL_NEW);
  if (aclNew) identifiers.push({ kind: 'acl', value: normalizeAclId(aclNew[1]!), raw: aclNew[0] });
  const aclOld = withoutUrls.match(ACL_OLD);
  if (aclOld) identifiers.push({ kind: 'acl', value: normalizeAclId(aclOld[1]!), raw: aclOld[0] });
  const doi = withoutUrls.match(DOI_RE);
  if (doi) identifiers.push({ kind: 'doi', value: doi[1]!.toLowerCase(), raw: doi[0] });
  const rest = withoutUrls
    .replace(ARXIV_NEW, ' ')
    .replace(ACL_NEW, ' ')
    .replace(ACL_OLD, ' ')
    .replace(DOI_RE, ' ')
    .replace(/\b(is|this|it|paper|mechanistic|the|a|what about|how about)\b/gi, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return { text: typed, identifiers, channels, onlyIdentifiers: identifiers.length > 0 && rest.length === 0 };
}

/** Openings and words that make a line a question or a request, never a paper title. */
const NOT_TITLE_START = /^(what|how|why|when|where|which|who|whom|whose|is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|explain|tell|give|show|list|find|compare|describe|summari[sz]e|please|hi|hello|hey|i|we|my|our|you|your|if|so|ok|okay|thanks)\b/i;
/** Words no title has, even one put as a question with its author line under it ("please", "paper", "et al"). */
const NEVER_IN_A_TITLE = /\b(please|paper|papers|et al)\b/i;
/** Words a title pasted alone has not: those, and the first and second person of a question ("I", "we", "you"). */
const NOT_TITLE_WORD = new RegExp(`\\b(i|i'm|we|we're|our|my|me|you|your)\\b|${NEVER_IN_A_TITLE.source}`, 'i');

/**
 * True when the whole text plausibly is a paper's title pasted alone, so it may be looked up by title:
 * one line, 4–25 words, no link or id, no question or exclamation mark, not ending in a full stop, not
 * opening like a question or a request, no first or second person. Conservative on purpose: an ordinary
 * question must never be sent to a title search.
 */
export function looksLikePaperTitle(text: string): boolean {
  const t = text.trim().replace(/^title:\s*/i, '');
  if (t.length === 0 || t.length > 300 || /[\r\n]/.test(t) || /[?!]/.test(t) || /[.;]$/.test(t)) return false;
  if (parseInput(t).identifiers.length > 0 || /https?:\/\//i.test(t)) return false;
  const words = wordCount(t);
  if (words < 4 || words > 25) return false;
  return !NOT_TITLE_START.test(t) && !NOT_TITLE_WORD.test(t);
}

/** The spans of a text between double quotes ("…", “…”, «…»), in order. */
export function quotedSpans(text: string): string[] {
  return [...text.matchAll(/"([^"\n]+)"|“([^”\n]+)”|«([^»\n]+)»/g)].map((m) => (m[1] ?? m[2] ?? m[3])!.trim());
}

/**
 * The title a short question quotes ('is "Toy Models of Superposition" mechanistic?'), so it may be looked up by title:
 * its first quoted span that passes looksLikePaperTitle, in a text of fewer than PASTED_BODY_MIN_WORDS words (above an
 * abstract, a quoted title may be any paper it cites). A quoted phrase ("the "logit lens" method") is too short to pass.
 */
export function quotedTitle(text: string): string | undefined {
  if (wordCount(text) >= PASTED_BODY_MIN_WORDS) return undefined;
  return quotedSpans(text).find((span) => looksLikePaperTitle(span));
}

/** Words that make a paste a paper's abstract, not a question or a title with a remark under it. */
export const PASTED_BODY_MIN_WORDS = 40;

/** How many words a text has (anything with a letter or digit between spaces). */
export const wordCount = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/**
 * The title of a pasted paper (title line, then an author line or the abstract), so its date and ids may be looked up by
 * title: the first non-empty line, when at least PASTED_BODY_MIN_WORDS words follow it and it passes looksLikePaperTitle
 * on its own, or it is a title put as a question or exclamation ("Do Language Models Plan Ahead for Future Tokens?",
 * "Do I Know This Entity?") with an author line, or one author's name and a blank line, right under it (a paper pasted
 * in one line with its author names is put back on its lines by cleanPaste first); or, for a paper pasted in one line
 * without them, its title-case opening sentence (runOnTitle). Undefined for anything else, so a question with an
 * abstract under it ("what does this patch?") is never sent.
 */
export function pastedTitle(text: string): string | undefined {
  const lines = cleanPaste(text).split(/\n/);
  const first = lines[0]!;
  if (wordCount(lines.slice(1).join(' ')) < PASTED_BODY_MIN_WORDS) return runOnTitle(first);
  if (looksLikePaperTitle(first)) return first;
  const byline = authorLine(lines[1] ?? '').length > 0 || (soleName(lines[1] ?? '') !== undefined && lines[2] === '');
  return byline && looksLikeQuestionTitle(first) ? first : undefined;
}

/**
 * A pasted text as it reads, without what the place it was copied from or into put around it (headerLine on every
 * line, and bold or underlined spans inside a line) and with what copying from a PDF breaks mended (typographic
 * ligatures, "ﬁ" → "fi"; a word hyphenated at a line's end, "interpreta-\ntion" → "interpretation"): the same paper
 * pasted from a chat quote, a markdown note, a paper's page or its PDF is read, and answered, as the same text.
 */
export function cleanPaste(text: string): string {
  const cleaned = text
    .replace(/[\uFB00-\uFB06]/g, (c) => c.normalize('NFKC'))
    .replace(/(\p{Ll})-[ \t]*\r?\n[ \t]*(\p{Ll})/gu, '$1$2')
    // A paper page's labelled fields run into one line ("Title: … Authors: … Abstract: …"): each on a line of its own.
    .replace(/^([ \t>]*title\s*:[^\n]*)$/gim, (line: string) => line.replace(/\s+(?=(?:authors?|abstract)\s*:)/gi, '\n'))
    .split('\n')
    .map((line) => headerLine(line).replace(/\*\*([^*\n]+)\*\*|__([^_\n]+)__/g, (_, a: string | undefined, b: string | undefined) => a ?? b ?? ''))
    .join('\n')
    .trim();
  return headerOnLines(cleaned);
}

/**
 * A paper's header run into its text put back on lines of its own, as a paper is pasted from its page: the title line,
 * the author line, a blank line, the abstract. A paper pasted in one line (runOnHeader) or with its abstract run into
 * its author line is then read, and answered, as that paste; any other text is left as it is.
 */
function headerOnLines(text: string): string {
  const lines = text.split('\n');
  const first = lines[0]!;
  if (wordCount(first) > TITLE_LINE_MAX_WORDS) {
    const header = runOnHeader(first);
    return header ? [header.title, header.authorLine, '', abstractOnly(header.abstract), ...lines.slice(1)].join('\n') : text;
  }
  const names = lines.length > 1 && wordCount(lines[1]!) > TITLE_LINE_MAX_WORDS ? ranOnNames(lines[1]!) : undefined;
  return names ? [first, names.authorLine, '', abstractOnly(names.abstract), ...lines.slice(2)].join('\n') : text;
}
/**
 * An abstract without the "Abstract" heading a page or PDF puts before it ("Abstract: We…", "ABSTRACT We…", "Abstract
 * Large language models…"); "Abstract reasoning…" and "Abstract Meaning Representation…" are the abstract's own words.
 */
const abstractOnly = (text: string): string => text.replace(/^(?:(?:[Aa]bstract|ABSTRACT)\s*[:.—–-]\s*|ABSTRACT\s+|Abstract\s+(?=\p{Lu})(?!Meaning\b))(?=\S)/u, '');

/**
 * The line a text's title is on, for matching concept names in it: the first line, or, when that runs on past
 * TITLE_LINE_MAX_WORDS words (a paper pasted in one line), its opening sentence if that is short enough to be a title.
 * The text is a paste as cleanPaste reads it: a title followed by author names is on a line of its own already.
 */
export function titleLine(text: string): string {
  const first = text.trimStart().split('\n', 1)[0] ?? '';
  if (wordCount(first) <= TITLE_LINE_MAX_WORDS) return first;
  const opening = openingSentence(first)?.sentence;
  return opening !== undefined && wordCount(opening) <= TITLE_LINE_MAX_WORDS ? opening : first;
}

/**
 * A line's first sentence (10 to 300 characters, up to a full stop and a capital after it), and what follows it. Only a
 * full stop ends it: titles hold "?" and "!" ("Mission Not Accomplished? Enter Query Localization!").
 */
function openingSentence(line: string): { sentence: string; rest: string } | undefined {
  const m = line.match(/^(.{10,300}?)\.\s+(?=\p{Lu})/u);
  return m ? { sentence: m[1]!.trim(), rest: line.slice(m[0].length) } : undefined;
}
/** More words than this on a line make it a sentence or a paragraph, not a title (the longest real titles have about 30). */
export const TITLE_LINE_MAX_WORDS = 30;

/**
 * A line of a pasted header as it reads, without what the place it was copied from or into put around it: quote marks
 * of chat and mail ("> "), a list bullet, markdown emphasis around the whole line ("**Title**"), the field labels of
 * a paper's page ("Title:", "Authors:", "Abstract:", "Abstract" alone), and a code fence ("```") is no line at all.
 */
export function headerLine(line: string): string {
  let t = line.trim().replace(/^(>\s*)+/, '').replace(/^[-•·]\s+/, '');
  // A code fence (Discord, markdown) wraps a paste; "Abstract" on a line of its own heads the abstract on a title page.
  if (/^```\w*$|^abstract\.?$/i.test(t)) return '';
  const emphasis = t.match(/^(\*\*|__|\*|_|`)(.+)\1$/);
  if (emphasis) t = emphasis[2]!.trim();
  return t.replace(/^(title|authors?|author list|abstract)\s*:\s*/i, '');
}

/**
 * The title of a paper pasted in one line ("Title In Title Case. The abstract…"), as chat users paste: the line's
 * opening sentence, when that passes looksLikePaperTitle, is set in title case (most of its longer words
 * capitalized, as few sentences are) and PASTED_BODY_MIN_WORDS words follow it. A sentence-case title is left alone:
 * it cannot be told from an abstract's first sentence.
 */
function runOnTitle(line: string): string | undefined {
  const opening = openingSentence(line);
  if (!opening || wordCount(opening.rest) < PASTED_BODY_MIN_WORDS) return undefined;
  const title = opening.sentence;
  if (!looksLikePaperTitle(title)) return undefined;
  const longer = title.split(/\s+/).filter((w) => /^[\p{L}][\p{L}'’-]{3,}/u.test(w));
  const capitalized = longer.filter((w) => /^\p{Lu}/u.test(w)).length;
  return longer.length >= 3 && capitalized >= TITLE_CASE_SHARE * longer.length ? title : undefined;
}
/** Share of a title's words of four or more letters that title case capitalizes (articles and prepositions are shorter or few). */
const TITLE_CASE_SHARE = 0.75;

/**
 * A title put as a question or an exclamation, with an author line right under it: 2–25 words, no link or id, not
 * ending in "." or ";". A title may say "I" or "we" ("Do I Know This Entity?", "What Do We Learn from…"); "please" or
 * "paper" it does not.
 */
function looksLikeQuestionTitle(t: string): boolean {
  if (t.length > 300 || /[.;]$/.test(t) || NEVER_IN_A_TITLE.test(t)) return false;
  if (parseInput(t).identifiers.length > 0 || /https?:\/\//i.test(t)) return false;
  const words = wordCount(t);
  return words >= 2 && words <= 25;
}

/** What a pasted text says about its own paper in the lines before the abstract. */
export interface PastedFacts {
  /** Names from an author line ("A. Author, B. Builder and C. Critic"), in order. */
  authors: string[];
  /** A venue line or phrase ("EMNLP 2023", "Proceedings of ACL 2024", "NeurIPS 2022"). */
  venue?: string;
  /** An affiliation of the MI community named in the header ("Anthropic", "Redwood Research"). */
  miAffiliation?: string;
}

const VENUE_LINE = /\b(ACL|EMNLP|NAACL|EACL|AACL|TACL|CoNLL|BlackboxNLP|COLING|NeurIPS|ICLR|ICML|AAAI|Findings of (the )?(ACL|EMNLP|NAACL))\b[^\n]{0,40}\b(19|20)\d\d\b|\b(19|20)\d\d\b[^\n]{0,20}\b(ACL|EMNLP|NAACL|EACL|TACL|CoNLL|BlackboxNLP|NeurIPS|ICLR|ICML)\b/;
const MI_AFFILIATIONS = /\b(Anthropic|Redwood Research|Apollo Research|Transformer Circuits|Goodfire|EleutherAI|MATS)\b/;
/** The footnote marks and affiliation numbers an author line puts after names ("Kevin Meng1", "Nelson Elhage∗"). */
const MARK_CHARS = '*∗†‡§¶¹²³⁴⁵⁶⁷⁸⁹⁰0-9';
/** An author line's text without its footnote marks, affiliation numbers and bracketed affiliations. */
const withoutMarks = (line: string): string => line.replace(new RegExp(`\\([^)]*\\)|\\[[^\\]]*\\]|[${MARK_CHARS}]+`, 'g'), ' ');
/** The small words inside names ("van der", "de la", "dos"). */
export const NAME_PARTICLES = 'van|von|de|der|da|di|do|dos|du|del|della|uit|den|ten|ter|la|le';
/** A surname that opens with particles joined by hyphens ("de-Dios-Flores"). */
const PARTICLE_SURNAME = `(?:${NAME_PARTICLES})(?:-(?:${NAME_PARTICLES}))*-\\p{Lu}[\\p{L}'’-]*`;
/** A person's name: two to four capitalized words, initials allowed ("Kevin Meng", "J. Z. Kolter", "Nelson F. Liu", "Stephanie C.Y. Chan", "Marina M.-C. Höhne"). */
const NAME = new RegExp(`^(\\p{Lu}\\.(-?\\p{Lu}\\.){1,2}|\\p{Lu}[\\p{L}'’-]*\\.?)(\\s+(\\p{Lu}\\.(-?\\p{Lu}\\.){1,2}|\\p{Lu}[\\p{L}'’-]*\\.?|${PARTICLE_SURNAME}|${NAME_PARTICLES})){1,3}$`, 'u');

/**
 * Authors, venue and MI-community affiliation from the header lines of a pasted paper (the lines before the abstract).
 * An author line is a line that splits (on commas, "and", "&", ";") into two or more names (authorLine), or one name
 * alone on the line under the title with a blank line and the abstract after it; affiliations in brackets and
 * footnote marks are dropped. The text is a paste as cleanPaste reads it, so a paper pasted in one line, or with its
 * abstract run into its author line, has its author line on a line of its own (runOnHeader). Nothing here is sent
 * anywhere: it only feeds the narrow cultural sense.
 */
export function pastedFacts(text: string): PastedFacts {
  const raw = text.split(/\n/).map(headerLine);
  const lines = raw.filter((l) => l.length > 0).slice(0, 6);
  const facts: PastedFacts = { authors: [] };
  for (const line of lines) {
    if (line.length <= 300) {
      const venue = line.match(VENUE_LINE);
      if (venue && !facts.venue) facts.venue = venue[0];
      const aff = line.match(MI_AFFILIATIONS);
      if (aff && !facts.miAffiliation) facts.miAffiliation = aff[0];
    }
    // An author line of a large collaboration runs to thousands of characters.
    if (facts.authors.length === 0 && line.length <= AUTHOR_LINE_MAX_CHARS) facts.authors = authorLine(line);
  }
  if (facts.authors.length > 0) return facts;
  const [first = '', second = ''] = lines;
  // A single author: one name alone on the line under the title, then a blank line and the abstract.
  const single = raw.length > 3 && raw[0] === first && raw[1] === second && raw[2] === '' ? soleName(second) : undefined;
  if (single && wordCount(first) <= TITLE_LINE_MAX_WORDS && wordCount(raw.slice(3).join(' ')) >= PASTED_BODY_MIN_WORDS) facts.authors = [single];
  return facts;
}
/** The longest line read as an author line. */
const AUTHOR_LINE_MAX_CHARS = 5000;

/** A line that is one person's name (two to four words, footnote marks and a bracketed affiliation dropped), or undefined. */
function soleName(line: string): string | undefined {
  const name = withoutMarks(line).replace(/\s+/g, ' ').trim();
  return NAME.test(name) ? name : undefined;
}

/**
 * The header of a paper pasted in one line ("Title of the Paper? Ann Author, Bo Builder and Cy Critic The abstract…"):
 * a title (one or more sentences, 2 to TITLE_LINE_MAX_WORDS words, no link or id) and the names right after it, read as
 * an author line is (two or more names, or one and "et al."; footnote marks and bracketed affiliations dropped), then
 * the abstract, PASTED_BODY_MIN_WORDS words or more; where a title may end in more than one place, the one followed by
 * the most names. The names are what tell a title from an abstract's first sentence,
 * so a title in sentence case or put as a question is read too. Nothing marks where the last name ends and the abstract
 * begins, so the last name is read as a first name, any initials or particles, and one surname ("Nelson F. Liu",
 * "Neel Nanda"), and the abstract must go on from there with a capitalized word. Undefined for any other line.
 */
export function runOnHeader(line: string): RunOnHeader | undefined {
  // Where the title may end: after a full stop, "?" or "!", or, when the line breaks of a paper's page became spaces
  // (Discord's command box), before any capitalized word. A title's subtitle or last words can read as names too
  // ("Models? Financial Domain and Toxicity Reduction Case Studies. Jordi…", "Superposition Nelson Elhage, …", "Across
  // Languages and Modalities Zhaofeng Wu, …"), and a first name can lose its first word ("S. Shai" for "Adam S. Shai"):
  // an end whose abstract would open with another end's names is not the title's; of the rest, each counts the names
  // of the usual shape after it (PLAIN_NAME), a stop before them as one and a half more, and the end with the most wins;
  // on a tie, the one with more names, then the later one.
  const ends: { header: RunOnHeader; rank: number[]; at: number; abstractAt: number }[] = [];
  for (const end of line.slice(0, 400).matchAll(/([.?!])?\s+(?=\p{Lu})/gu)) {
    const title = line.slice(0, end.index! + (end[1] === '?' || end[1] === '!' ? 1 : 0)).trim();
    const words = wordCount(title);
    if (words > TITLE_LINE_MAX_WORDS) break;
    const at = end.index! + end[0].length;
    if (words < 2 || /[,;:&]$/.test(title) || !NAME_START.test(line.slice(at, at + 80))) continue;
    if (/https?:\/\//i.test(title) || parseInput(title).identifiers.length > 0) continue;
    const read = ranOnNames(line.slice(at));
    // With no stop before them, "A B and C D" is as often a title's end ("… Document Segmentation and Segment Labeling
    // Text segmentation aims…") as two authors: the names must be listed with commas, or end in "et al.".
    if (!read || (end[1] === undefined && !/[,;·•]|\bet al\b/.test(read.authorLine))) continue;
    // A title does not end in "with", "for" or "of" ("… Classification with Triplet Networks, Data Augmentation, and
    // Curriculum Learning Few-shot…"), and a name has no "But", "What" or "Recently" in it.
    if (end[1] === undefined && TITLE_CANNOT_END.test(title)) continue;
    if (read.authors.some((a) => NOT_IN_A_NAME.test(a))) continue;
    const { end: namesEnd, ...header } = read;
    const rank = [read.authors.filter((a) => PLAIN_NAME.test(a)).length + (end[1] === undefined ? 0 : 1.5), read.authors.length, at];
    ends.push({ header: { title, ...header }, rank, at, abstractAt: at + namesEnd });
  }
  let best: (typeof ends)[number] | undefined;
  // Only names right where an end's abstract would begin count against it: an in-text citation deep in the abstract
  // ("(taking BERT Devlin et al. 2019 as a case study)") reads as names too, and must not discard the title's real end.
  const opensWithNames = (a: (typeof ends)[number]) => ends.some((b) => b.at >= a.abstractAt && line.slice(a.abstractAt, b.at).trim() === '');
  for (const e of ends.filter((a) => !opensWithNames(a))) if (!best || ranksHigher(e.rank, best.rank)) best = e;
  return best?.header;
}
/** The last word of a title with nothing after it but names: never an article, a preposition or a conjunction. */
const TITLE_CANNOT_END = /\b(a|an|the|and|or|of|for|with|without|in|on|at|to|from|by|via|using|into|over|under|towards?|through|between|versus|vs)$/i;
/**
 * Words a sentence or a title has and a person's name does not. Not "Can", "Do", "You", "Or", "No", "I" or "The": each
 * is part of hundreds of authors' names in the Anthology ("Can Rager", "Or Honovich").
 */
const NOT_IN_A_NAME =
  /\b(This|That|These|Those|It|Its|We|Our|They|There|Here|What|Why|How|When|Where|Which|Who|Does|Did|Could|Is|Are|Was|Were|Be|But|And|Not|Yes|If|In|On|For|With|From|While|Although|Despite|Since|Given|Recently|Currently|Previously|Traditionally|However|Moreover|Furthermore|Additionally|Specifically|Finally|Existing|Current|Recent|Large|Language|Models?|Learning|Neural|Networks?|Transformers?|Data|Dataset|Task|Tasks)\b(?!-)/;

/** Whether one ranking comes first: the first place the two differ decides. */
function ranksHigher(a: readonly number[], b: readonly number[]): boolean {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i >= 0 && a[i]! > b[i]!;
}
/**
 * A name of the usual shape: initials, a first name, middle initials or particles, one surname ("Nelson Elhage", "Adam
 * S. Shai", "J. Zico Kolter", "Teun van der Weij", "B.A. Levinstein"); "S. Shai", "Modalities Zhaofeng Wu" or "Chun Hei Yip" are not.
 */
const PLAIN_NAME = new RegExp(
  `^(?:\\p{Lu}\\.(?:-?\\p{Lu}\\.)+\\s+|(?:\\p{Lu}\\.\\s+){2,})\\p{Lu}[\\p{L}'’-]+$|^(?:\\p{Lu}\\.(?:-?\\p{Lu}\\.)*\\s+)*\\p{Lu}[\\p{L}'’-]+(?:\\s+(?:\\p{Lu}\\.(?:-?\\p{Lu}\\.)*|\\p{Lu}\\p{Ll}\\.|${NAME_PARTICLES}))*\\s+(?:\\p{Lu}[\\p{L}'’-]+|${PARTICLE_SURNAME})(?:(?:\\s+(?:${NAME_PARTICLES}))+\\s+\\p{Lu}[\\p{L}'’-]+)?$`,
  'u',
);
/** How a name begins: two name words ("Nelson Elhage", "J. Zico", "Teun van"), before anything is read further. */
const NAME_START = new RegExp(`^(?:\\p{Lu}[\\p{L}'’-]*\\.?|\\p{Lu}\\.(?:-?\\p{Lu}\\.)+)\\s*(?:\\p{Lu}|(?:${NAME_PARTICLES})\\b)`, 'u');

/** A one-line paste's header (runOnHeader): its title, the names read, and its author line and abstract as typed. */
export interface RunOnHeader {
  title: string;
  authors: string[];
  /** The names as typed, marks and affiliations included ("Kevin Meng1,2, David Bau (Northeastern)"). */
  authorLine: string;
  abstract: string;
}

/**
 * The names a text starts with (namesThenAbstract) and, as typed, the author line they make, where it ends, and the
 * abstract after it (at least PASTED_BODY_MIN_WORDS words), or undefined.
 */
function ranOnNames(text: string): (Omit<RunOnHeader, 'title'> & { end: number }) | undefined {
  const read = namesThenAbstract(text);
  if (!read || wordCount(read.abstract) < PASTED_BODY_MIN_WORDS) return undefined;
  // Each name's words in turn, then the marks, affiliations and "et al." that close the line.
  let at = 0;
  for (const word of read.names.join(' ').split(' ')) {
    const found = text.indexOf(word, at);
    if (found < 0) return undefined;
    at = found + word.length;
  }
  at += text.slice(at).match(LINE_CLOSE)![0].length;
  return { authors: read.names, authorLine: text.slice(0, at).trim(), abstract: text.slice(at).trim(), end: at };
}

/** What may close an author line after its last name: marks, bracketed affiliations, "et al.". */
const LINE_CLOSE = new RegExp(`^(?:[${MARK_CHARS},]|\\s*\\([^)]*\\)|\\s*\\[[^\\]]*\\])*(?:\\s*,?\\s*et al\\.?)?`);

/** The names at the start of a text and the text after them (see runOnHeader), or undefined when it does not start so. */
function namesThenAbstract(text: string): { names: string[]; abstract: string } | undefined {
  const rest = text
    .slice(0, RUN_ON_AUTHORS_MAX_CHARS)
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(NAME_MARKS, (m) => (m.includes(',') ? ',' : ' '))
    .replace(/\s+/g, ' ')
    .trimStart();
  const names: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (;;) {
    const listed = rest.slice(at).match(LISTED_NAME);
    if (!listed || !NAME.test(listed[1]!)) break;
    // "and" or "&" comes before the last name only: "Languages and Modalities Zhaofeng Wu, …" is a title's end.
    if (names.length > 0 && /\s(and|&)\s*$|&\s*$/.test(rest.slice(starts.at(-1)!, at)) && /^[^,;]*[,;]/.test(listed[0].slice(listed[1]!.length))) return undefined;
    names.push(listed[1]!);
    starts.push(at);
    at += listed[0].length;
  }
  const after = (end: number) => rest.slice(end) + text.slice(RUN_ON_AUTHORS_MAX_CHARS);
  const etAl = rest.slice(at).match(ET_AL);
  if (etAl) {
    if (etAl[1] && NAME.test(etAl[1])) names.push(etAl[1]);
    return names.length > 0 ? { names, abstract: after(at + etAl[0].length) } : undefined;
  }
  // The last name runs into the abstract; when the abstract's first words read as one more listed name ("Yizhou Wang
  // Understanding and…", "Jun Zhao Recently, …"), that name is the last one.
  for (let tries = 0; tries < 2 && names.length - tries >= 1; tries++) {
    if (tries === 1) at = starts[names.length - 1]!;
    const last = rest.slice(at).match(LAST_NAME);
    if (last) return { names: [...names.slice(0, names.length - tries), last[1]!], abstract: after(at + last[0].length) };
  }
  return undefined;
}
/** How far into a one-line paste its author names may run. */
const RUN_ON_AUTHORS_MAX_CHARS = 3000;
/** How an abstract may begin: a capital, a digit, an opening quote or bracket. */
const ABSTRACT_START = '[\\p{Lu}\\d"“‘\'(]';
/**
 * A word of a name: capitalized ("Nanda", "Garriga-Alonso"), an initial ("F.", "Th.", "C.Y."), or a particle ("van",
 * "la"). A name's first word is not one capital alone ("A Survey Lena Strobl" is a subtitle's end and a name, not one
 * name); a later one may be ("David S Rosenberg").
 */
const FIRST_NAME_WORD = "(?:\\p{Lu}\\.(?:-?\\p{Lu}\\.){1,2}|\\p{Lu}[\\p{L}'’-]*(?<!\\p{L}{3})\\.|\\p{Lu}[\\p{L}'’-]+)";
const NAME_WORD = `(?:${FIRST_NAME_WORD}|\\p{Lu}|${PARTICLE_SURNAME}|${NAME_PARTICLES})`;
/** A name of two to five words closed by a separator ("Ann Author, ", "Teun van der Weij and "). */
const LISTED_NAME = new RegExp(`^(${FIRST_NAME_WORD}(?:\\s+${NAME_WORD}){1,4})\\s*(?:,\\s*(?:and\\s+|&\\s*)?|;\\s*|&\\s*|·\\s*|•\\s*|\\s+and\\s+)`, 'u');
/** A closing "et al." and the abstract's start after it, with the name before it when no separator came between. */
const ET_AL = new RegExp(`^(?:(${FIRST_NAME_WORD}(?:\\s+${NAME_WORD}){1,4})\\s*,?\\s+)?et al\\.?\\s+(?=${ABSTRACT_START})`, 'u');
/**
 * The last name of a run-on author line: a first name, any initials or particles, one surname, then the abstract's
 * first word ("J. Zico Kolter" and "Nelson F. Liu" have their initials). A three-word name ("Ekdeep Singh Lubana Recent work…") cannot be told from a two-word one before an
 * abstract that opens with two capitalized words ("Lior Wolf The Mamba layer…"), which is as common: two are read.
 */
const LAST_NAME = new RegExp(`^((?:\\p{Lu}\\p{Ll}?\\.\\s+)*${FIRST_NAME_WORD}(?:\\s+(?:\\p{Lu}\\.(?:-?\\p{Lu}\\.){1,2}|\\p{Lu}\\p{Ll}?\\.|${NAME_PARTICLES}))*\\s+(?:\\p{Lu}[\\p{L}'’-]*|${PARTICLE_SURNAME}))\\s+(?=${ABSTRACT_START})`, 'u');
/**
 * The names of an author line: a line that splits (on commas, "and", "&", ";", "·", "•") into two or more names, or
 * one or more names and a closing "et al.", affiliations in brackets and footnote marks dropped; or, as a PDF's author
 * line is copied, names of two or three words each closed by a footnote mark or an affiliation number ("Kevin Meng1
 * David Bau2"); none for any other line.
 */
function authorLine(line: string): string[] {
  const byMarks = markedNames(line);
  if (byMarks.length > 0) return byMarks;
  const cleaned = withoutMarks(line);
  const etAl = /[\s,]et al\.?\s*$/i.test(cleaned);
  const names = cleaned
    .replace(/[\s,]+et al\.?\s*$/i, '')
    .split(/\s*(?:,|;|&|·|•|\band\b)\s*/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
  return (names.length >= 2 || (etAl && names.length === 1)) && names.every((p) => NAME.test(p)) ? names : [];
}

/** Footnote marks and affiliation numbers as a PDF's author line ends each name with them (and a line ending in one). */
const NAME_MARKS = new RegExp(`(?<=\\p{L})[${MARK_CHARS},]+(?=\\s|$)`, 'gu');
const ENDS_IN_MARK = new RegExp(`${NAME_MARKS.source}\\s*$`, 'u');

/**
 * The names of a PDF's author line with no separators but the marks after each name: two or more names of two or
 * three words, every one closed by a mark ("Kevin Meng1 David Bau2 Alex Andonian1"). A name without its mark would run
 * into the next one, so a line where any part is longer, or does not end in a mark, gives none.
 */
function markedNames(line: string): string[] {
  const t = line.trim();
  if (/[,;&·•]|\band\b/.test(t.replace(NAME_MARKS, ''))) return [];
  if (!ENDS_IN_MARK.test(t)) return [];
  const parts = t
    .split(NAME_MARKS)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.length >= 2 && parts.every((p) => NAME.test(p) && p.split(/\s+/).length <= 3) ? parts : [];
}
