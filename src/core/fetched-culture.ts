/**
 * The narrow cultural sense of a paper read from a source (not in the corpus), from its facts only:
 * where it appeared (venue, ACL Anthology id, publication channel) and who wrote it, matched against the
 * corpus's own labels. Never from its vocabulary. Four reviewable rules, in this order of rank (the
 * corpus's labelling order, corpus/README.md "Community labels": authors outrank channel, channel outranks venue):
 *
 * 1. Lead authors: the first or the last author (name compared as first + last given name, accents
 *    dropped) leads a known community when the corpus has at least MIN_AUTHOR_PAPERS papers by them
 *    labelled with that community and at least AUTHOR_LEAN times as many as labelled with the other
 *    (a prolific NLP-interpretability author with a few MI co-authorships still leads NLPI). An author
 *    on both sides in closer balance, or on only one paper, says nothing. If the first and last author
 *    point to different communities, the rule says nothing. When another author leans to the other
 *    community (at least MIN_AUTHOR_PAPERS corpus papers labelled with it, and more than with the leads'
 *    community), the group is mixed and the verdict is "can't tell".
 * 2. Channel: a paper whose link or stated venue is transformer-circuits.pub, the Distill Circuits
 *    thread, the AI Alignment Forum or LessWrong → MI.
 * 3. Venue: an ACL Anthology id, or a stated venue naming an ACL venue (ACL, EMNLP, NAACL, EACL, TACL,
 *    CoNLL, BlackboxNLP, …) → NLP interpretability (so narrow cultural: no).
 * 4. Authors unknown to MI: a paper whose authors are given and none of whom wrote any corpus paper labelled
 *    MI is not MI-community work as far as the corpus knows (it holds the MI community's reading lists), so
 *    narrow cultural: no, with the lowest confidence of the four. So is a paper whose authors together wrote
 *    at most FEW_MI_PAPERS MI papers and at least twice as many NLPI papers (their work leans NLPI); authors
 *    with a few MI papers and few NLPI ones keep it "can't tell".
 *
 * arXiv categories (cs.CL, cs.LG) and affiliations are not used: both communities post to the same
 * categories, and no source here gives affiliations. Nothing found → "can't tell".
 */
import type { Community, Corpus, Paper } from './corpus-schema.ts';
import type { PastedFacts } from './input.ts';
import type { DefinitionVerdict, FetchedPaper } from './types.ts';

/** How an evidence line names a channel of the MI community (the verdicts read it to tell a channel from authors). */
export const MI_CHANNEL = 'a channel of the MI community';

/** A lead author counts for a community only with at least this many corpus papers labelled with it. */
export const MIN_AUTHOR_PAPERS = 2;
/** ... and at least this many times as many as with the other community. */
export const AUTHOR_LEAN = 4;

export const ACL_VENUE_PATTERN =
  /\b(ACL|EMNLP|NAACL|EACL|AACL|TACL|CoNLL|BlackboxNLP|IJCNLP|Computational Linguistics|RepL4NLP|Rep4NLP|SemEval|\*SEM|LREC|COLING|Findings of the Association for Computational Linguistics|Association for Computational Linguistics)\b/;

const MI_CHANNELS: [RegExp, string][] = [
  [/transformer-circuits\.pub|Transformer Circuits Thread/i, 'the Transformer Circuits Thread'],
  [/distill\.pub\/2020\/circuits/i, 'the Distill Circuits thread'],
  [/alignmentforum\.org|\bAlignment Forum\b/i, 'the AI Alignment Forum'],
  [/lesswrong\.com|\bLessWrong\b/i, 'LessWrong'],
];

/** First and last given name, lowercased, accents dropped: "Alexander Matt Turner" ≈ "Alexander Turner". */
export function authorKey(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1);
  return words.length > 1 ? `${words[0]} ${words[words.length - 1]}` : (words[0] ?? '');
}

/** Corpus papers by author key, built once per corpus. */
const byAuthor = new WeakMap<Corpus, Map<string, Paper[]>>();
function papersByAuthor(corpus: Corpus): Map<string, Paper[]> {
  let index = byAuthor.get(corpus);
  if (!index) {
    index = new Map();
    for (const p of corpus.papers.values()) {
      for (const a of new Set(p.authors.map(authorKey))) if (a) index.set(a, [...(index.get(a) ?? []), p]);
    }
    byAuthor.set(corpus, index);
  }
  return index;
}

/** An author's corpus papers, by community. */
function authorPapers(index: Map<string, Paper[]>, name: string): Record<'MI' | 'NLPI', Paper[]> {
  const papers = index.get(authorKey(name)) ?? [];
  return { MI: papers.filter((p) => p.community === 'MI'), NLPI: papers.filter((p) => p.community === 'NLPI') };
}

interface Finding {
  community: 'MI' | 'NLPI';
  rule: 'authors' | 'channel' | 'venue';
  lines: string[];
}

function cite(p: Paper): string {
  return `"${p.title}" (${p.year})`;
}

function leadAuthorFinding(f: FetchedPaper, corpus: Corpus): Finding | undefined {
  if (f.authors.length === 0) return undefined;
  const leads: [string, string][] = [[f.authors[0]!, 'first author']];
  if (f.authors.length > 1) leads.push([f.authors[f.authors.length - 1]!, 'last author']);
  const index = papersByAuthor(corpus);
  const found: { community: 'MI' | 'NLPI'; line: string }[] = [];
  for (const [name, role] of leads) {
    const { MI: mi, NLPI: nlpi } = authorPapers(index, name);
    const [community, same, other]: [Community, Paper[], Paper[]] = mi.length >= nlpi.length ? ['MI', mi, nlpi] : ['NLPI', nlpi, mi];
    if (same.length < MIN_AUTHOR_PAPERS || AUTHOR_LEAN * other.length > same.length) continue;
    const others = other.length === 0 ? 'none' : String(other.length);
    found.push({
      community: community as 'MI' | 'NLPI',
      line: `authors: ${name} (${role}) wrote ${same.length} corpus papers labelled ${community} and ${others} labelled ${community === 'MI' ? 'NLPI' : 'MI'}, e.g. ${same.slice(0, 2).map(cite).join(', ')}`,
    });
  }
  if (found.length === 0 || new Set(found.map((x) => x.community)).size > 1) return undefined;
  return { community: found[0]!.community, rule: 'authors', lines: found.map((x) => x.line) };
}

function channelFinding(f: FetchedPaper): Finding | undefined {
  for (const [pattern, label] of MI_CHANNELS) {
    if (pattern.test(f.url) || (f.publishedIn !== undefined && pattern.test(f.publishedIn))) {
      return { community: 'MI', rule: 'channel', lines: [`channel: published on ${label}, ${MI_CHANNEL}`] };
    }
  }
  return undefined;
}

function venueFinding(f: FetchedPaper): Finding | undefined {
  if (f.aclId) return { community: 'NLPI', rule: 'venue', lines: [`venue: in the ACL Anthology (${f.aclId}), the venue of the NLP-interpretability community`] };
  if (f.publishedIn && ACL_VENUE_PATTERN.test(f.publishedIn)) {
    return { community: 'NLPI', rule: 'venue', lines: [`venue: ${f.publishedIn} is an ACL venue, the venue of the NLP-interpretability community`] };
  }
  return undefined;
}

/** Rule 4 leans NLPI when the authors' MI corpus papers are at most this many ... */
export const FEW_MI_PAPERS = 3;
/** ... and their NLPI corpus papers at least this many times as many (and at least FEW_MI_PAPERS). */
export const NLPI_LEAN = 2;

/**
 * Rule 4, the weakest: the authors are given and none of them wrote a corpus paper labelled MI, or
 * together they wrote a few MI papers and at least twice as many NLPI papers (their work leans to the
 * NLP-interpretability community).
 */
function noMiAuthorVerdict(f: FetchedPaper, corpus: Corpus): DefinitionVerdict | null {
  const authors = f.authors.filter((a) => authorKey(a) !== '');
  if (authors.length === 0) return null;
  const index = papersByAuthor(corpus);
  const theirs = new Map(authors.flatMap((a) => index.get(authorKey(a)) ?? []).map((p) => [p.id, p]));
  const mi = [...theirs.values()].filter((p) => p.community === 'MI');
  const nlpi = [...theirs.values()].filter((p) => p.community === 'NLPI');
  if (mi.length > 0) {
    if (mi.length > FEW_MI_PAPERS || nlpi.length < Math.max(FEW_MI_PAPERS, NLPI_LEAN * mi.length)) return null;
    return {
      applies: false,
      confidence: 0.55,
      evidence: [
        `authors: together they wrote ${nlpi.length} corpus papers labelled NLPI and ${mi.length} labelled MI (e.g. ${nlpi.slice(0, 2).map(cite).join(', ')}), so their work leans to the NLP-interpretability community`,
      ],
    };
  }
  const miPapers = [...corpus.papers.values()].filter((p) => p.community === 'MI').length;
  const who = authors.length === 1 ? 'its author did not write' : `none of its ${authors.length} authors wrote`;
  return {
    applies: false,
    confidence: 0.55,
    evidence: [`authors: ${who} any of the ${miPapers} corpus papers labelled MI, so as far as the corpus knows it does not come from the MI community`],
  };
}

/**
 * The narrow cultural verdict for a fetched paper, or `null` when no rule fires (the caller then says
 * "can't tell"). A lower-ranked rule that disagrees is kept as an evidence line marked as outweighed.
 * `header`: what a pasted paper's own header says (a paper found by its title line): an MI-community
 * organisation named there ranks as in pastedCulture, after the source's facts and before "no MI author".
 */
export function fetchedCulture(f: FetchedPaper, corpus: Corpus, header?: PastedFacts): DefinitionVerdict | null {
  return placedCulture(f, corpus) ?? (header?.miAffiliation ? affiliationVerdict(header.miAffiliation) : null) ?? noMiAuthorVerdict(f, corpus);
}

const affiliationVerdict = (org: string): DefinitionVerdict => ({
  applies: true,
  confidence: 0.6,
  evidence: [`affiliation: ${org}, an organisation of the MI community, is named in the pasted header`],
});

/**
 * Co-authors who lean to the other community than the lead authors place the paper in: at least
 * MIN_AUTHOR_PAPERS corpus papers labelled with it and more than with the lead authors' community.
 */
function mixedGroup(f: FetchedPaper, corpus: Corpus, community: 'MI' | 'NLPI'): string[] {
  const other = community === 'MI' ? 'NLPI' : 'MI';
  const index = papersByAuthor(corpus);
  const lines: string[] = [];
  for (const name of new Set(f.authors)) {
    const papers = authorPapers(index, name);
    const theirs = papers[other].length;
    const ours = papers[community].length;
    if (theirs >= MIN_AUTHOR_PAPERS && theirs > ours) lines.push(`${name} wrote ${theirs} corpus papers labelled ${other} (and ${ours} labelled ${community})`);
  }
  return lines;
}

/** Rules 1-3: lead authors, channel, venue. */
function placedCulture(f: FetchedPaper, corpus: Corpus): DefinitionVerdict | null {
  const findings = [leadAuthorFinding(f, corpus), channelFinding(f), venueFinding(f)].filter((x): x is Finding => x !== undefined);
  const decisive = findings[0];
  if (!decisive) return null;
  // Lead authors of one community writing with authors of the other: a mixed group, which neither community's label fits.
  const mixed = decisive.rule === 'authors' ? mixedGroup(f, corpus, decisive.community) : [];
  if (mixed.length > 0) {
    return {
      applies: null,
      confidence: 0.5,
      evidence: [...decisive.lines, `but a mixed group: ${mixed.slice(0, 2).join('; ')}, so it cannot be placed in one community`],
    };
  }
  const agree = findings.every((x) => x.community === decisive.community);
  const evidence = findings.flatMap((x) => (x.community === decisive.community ? x.lines : x.lines.map((l) => `${l}, outweighed by the ${decisive.rule} rule`)));
  const base = decisive.rule === 'authors' ? 0.7 : decisive.rule === 'channel' ? 0.8 : 0.65;
  const confidence = Math.round((agree ? Math.min(0.9, base + 0.05 * (findings.length - 1)) : base - 0.1) * 100) / 100;
  return { applies: decisive.community === 'MI', confidence, evidence };
}

/**
 * What the corpus knows of authors no rule could place (the "can't tell" line): each lead author's corpus papers by
 * community, and those of the other authors together, so the reason is visible — leads unknown to the corpus, leads
 * pointing to different communities, or records too thin or too mixed for rules 1 and 4.
 */
export function unplacedAuthors(authors: readonly string[], corpus: Corpus): string {
  const names = authors.filter((a) => authorKey(a) !== '');
  const index = papersByAuthor(corpus);
  const leads: [string, string][] = names.length > 1 ? [[names[0]!, 'first author'], [names[names.length - 1]!, 'last author']] : names.map((n) => [n, 'author']);
  const record = (papers: Record<'MI' | 'NLPI', Paper[]>) =>
    papers.MI.length + papers.NLPI.length === 0 ? 'no corpus paper labelled MI or NLPI' : `${papers.MI.length} corpus paper${papers.MI.length === 1 ? '' : 's'} labelled MI and ${papers.NLPI.length} labelled NLPI`;
  const leadRecords = leads.map(([name, role]) => ({ name, role, papers: authorPapers(index, name) }));
  const leadLines = leadRecords.map((l) => `${l.name} (${l.role}) wrote ${record(l.papers)}`);
  const others = new Map(names.slice(1, -1).flatMap((a) => index.get(authorKey(a)) ?? []).map((p) => [p.id, p]));
  const otherMi = [...others.values()].filter((p) => p.community === 'MI').length;
  const otherNlpi = [...others.values()].filter((p) => p.community === 'NLPI').length;
  const otherLine = others.size === 0 || otherMi + otherNlpi === 0 ? [] : [`its other authors together wrote ${otherMi} labelled MI and ${otherNlpi} labelled NLPI`];
  const lean = (papers: Record<'MI' | 'NLPI', Paper[]>) => (papers.MI.length > papers.NLPI.length ? 'MI' : papers.NLPI.length > papers.MI.length ? 'NLPI' : undefined);
  const leans = new Set(leadRecords.map((l) => lean(l.papers)).filter((x) => x !== undefined));
  const why =
    leans.size > 1
      ? 'the lead authors point to different communities'
      : leadRecords.every((l) => lean(l.papers) === undefined)
        ? 'the lead authors are not known to the corpus as leads of either community'
        : `too few or too mixed corpus papers to place it (a lead author needs ${MIN_AUTHOR_PAPERS} papers of one community and ${AUTHOR_LEAN} times as many as of the other)`;
  return `authors: ${[...leadLines, ...otherLine].join('; ')}: ${why}, and it names no venue or channel: add the venue or a link`;
}

/**
 * The narrow cultural verdict for a pasted text that is not a known paper, from its header lines
 * (`pastedFacts`): the same rules as for a fetched paper on the pasted authors and venue, then, when
 * they say nothing, an MI-community organisation named in the header (a weaker rule: an affiliation
 * says where an author works, not which community the paper belongs to), then rule 4 on the pasted authors.
 * Null when nothing is pasted.
 */
export function pastedCulture(facts: PastedFacts, corpus: Corpus): DefinitionVerdict | null {
  const asFetched: FetchedPaper = { id: 'pasted', title: '', authors: facts.authors, year: 0, venue: facts.venue ?? '', url: '', source: 'the pasted text', ...(facts.venue ? { publishedIn: facts.venue } : {}) };
  const fromHeader = (v: DefinitionVerdict) => ({ ...v, evidence: v.evidence.map((e) => `${e} (from the pasted header)`) });
  const placed = placedCulture(asFetched, corpus);
  if (placed) return fromHeader(placed);
  if (facts.miAffiliation) return affiliationVerdict(facts.miAffiliation);
  const unknown = noMiAuthorVerdict(asFetched, corpus);
  return unknown && fromHeader(unknown);
}
