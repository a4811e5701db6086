/**
 * Readable paper ids: `<first author's last name><year><first content word of the title>`, lowercased
 * ASCII (`conmy2023towards`), made unique against the ids already taken.
 */
import { asciiFold } from './text.ts';

const STOPWORDS = new Set(
  'a an the of on in for to and or with by from at as is are be do does can what how why when which who we our its it this that these those via into over under about between through not no'.split(
    ' ',
  ),
);

/** Last name of "First Middle Last" (also "Last, First"), folded to ASCII letters. */
export function lastNameKey(author: string): string {
  const name = author.includes(',') ? author.split(',')[0]! : (author.trim().split(/\s+/).pop() ?? '');
  return asciiFold(name).toLowerCase().replace(/[^a-z]/g, '');
}

/** Title words in order, ASCII letters and digits only. */
function titleWords(title: string): string[] {
  return asciiFold(title)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * The id for a paper. When the plain id is taken, the next content word is appended
 * (`wang2023interpretability` → `wang2023interpretabilitywild`), then a digit.
 */
export function makePaperId(authors: readonly string[], year: number, title: string, taken: ReadonlySet<string>): string {
  const last = (authors[0] ? lastNameKey(authors[0]) : '') || 'anon';
  const content = titleWords(title).filter((w) => !STOPWORDS.has(w));
  const words = content.length > 0 ? content : titleWords(title);
  let id = `${last}${year}${words[0] ?? ''}`;
  for (let i = 1; taken.has(id) && i < Math.min(words.length, 4); i++) id += words[i];
  const base = id;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  return id;
}
