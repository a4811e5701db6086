/** Plain-text helpers shared by the importers: markup stripping, entity decoding, title normalisation. */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Collapses runs of whitespace (XML indentation, line breaks inside abstracts) to single spaces. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Raw XML fragment (e.g. `Some <fixed-case>BERT</fixed-case> <i>x</i>`) → plain text (`Some BERT x`). */
export function xmlFragmentToText(fragment: string): string {
  return collapseSpace(decodeEntities(fragment.replace(/<[^>]*>/g, '')));
}

/** Folds accents and other marks away so ids and comparisons are plain ASCII (`Bölük` → `boluk`). */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[đĐ]/g, 'd');
}

/** Title key for dedupe: lowercase ASCII letters and digits only, so punctuation and casing never matter. */
export function normalizeTitle(title: string): string {
  return asciiFold(title).toLowerCase().replace(/[^a-z0-9]+/g, '');
}
