/**
 * Short, readable venue names ("EMNLP 2020", "BlackboxNLP 2019", "arXiv") from the long
 * citation strings of the seed bibliography. An ACL Anthology id names its venue exactly,
 * so it wins over the citation string (which sometimes still says "arXiv preprint" for a
 * work the Anthology has since published).
 */

/** New-style Anthology ids: `2020.emnlp-main.574`, `2024.blackboxnlp-1.17`. */
const NEW_STYLE_VENUES: Record<string, string> = {
  'acl-main': 'ACL',
  'acl-long': 'ACL',
  'acl-short': 'ACL',
  'emnlp-main': 'EMNLP',
  'naacl-main': 'NAACL',
  'findings-acl': 'Findings of ACL',
  'findings-emnlp': 'Findings of EMNLP',
  'findings-naacl': 'Findings of NAACL',
  'tacl-1': 'TACL',
  'cl-1': 'Computational Linguistics',
  'blackboxnlp-1': 'BlackboxNLP',
  'conll-1': 'CoNLL',
  'repl4nlp-1': 'RepL4NLP',
  'lrec-1': 'LREC',
  'iwcs-1': 'IWCS',
};

/** Old-style Anthology ids: a letter for the event, two digits for the year (`D19-1002`). */
const OLD_STYLE_VENUES: Record<string, string> = {
  P: 'ACL',
  D: 'EMNLP',
  N: 'NAACL',
  Q: 'TACL',
  J: 'Computational Linguistics',
  I: 'IJCNLP',
  S: '*SEM/SemEval',
};

export function venueFromAclId(acl: string): string | undefined {
  const modern = /^(\d{4})\.([a-z0-9]+-[a-z0-9]+)\.\d+$/.exec(acl);
  if (modern) {
    const name = NEW_STYLE_VENUES[modern[2]!];
    return name ? `${name} ${modern[1]}` : undefined;
  }
  // Workshop ids (W..) do not say which workshop: the citation string does.
  const legacy = /^([A-Z])(\d{2})-\d{4}$/.exec(acl);
  if (legacy) {
    const name = OLD_STYLE_VENUES[legacy[1]!];
    return name ? `${name} 20${legacy[2]}` : undefined;
  }
  return undefined;
}

/** Rewrites applied in order to a citation string; the first that matches wins. */
const STRING_RULES: [RegExp, string][] = [
  [/^arXiv preprint\b.*$/, 'arXiv'],
  [/^Proceedings of .*?\((\w+)[- ](\d{4})\b.*$/, '$1 $2'],
  [/^blog \((.+)\)$/, '$1'],
  [/^(.+?) \(blog\)$/, '$1'],
  [/^(.+?) \([\w-]+\.[\w.]+\)$/, '$1'],
  [/^(.+?) \((?:PMLR|Springer)[^)]*\)$/, '$1'],
  [/^(.+?) \d+\(\d+\):[\d-]+$/, '$1'],
  [/^EMNLP-IJCNLP (\d{4})$/, 'EMNLP $1'],
  [/^ACL-IJCNLP (\d{4})$/, 'ACL $1'],
];

export function normalizeVenue(venue: string, acl?: string | null): string {
  const fromId = acl ? venueFromAclId(acl) : undefined;
  if (fromId) return fromId;
  const text = venue.trim();
  for (const [pattern, replacement] of STRING_RULES) {
    if (pattern.test(text)) return text.replace(pattern, replacement);
  }
  return text;
}
