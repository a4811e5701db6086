/**
 * Cross-entry checks on the curated corpus, beyond what the per-entry schema can see:
 * duplicate papers under different ids, ids that point nowhere, implausible years, URLs that are
 * not of record, precedents that are not NLPI work, and precedents that are not earlier than the
 * concept's earliest MI example (by first appearance: src/core/dates.ts). `checkCorpus` is pure over a loaded corpus;
 * `checkCorpusDir` adds the loader's own problems (schema errors, duplicate ids) so one call
 * reports everything a curator has to fix.
 */
import { COMMUNITIES, type Community, type Corpus, type Paper } from '../core/corpus-schema.ts';
import { compareDates, conceptOrigin, firstAppearances, formatDate } from '../core/dates.ts';
import { CorpusError, loadCorpus } from './load.ts';

/**
 * Hosts we accept as a paper's URL of record, each with why it counts.
 * A URL elsewhere (a personal mirror, a PDF on a lab page, Semantic Scholar) is a problem: it rots,
 * and a reading group should land on the version the authors stand behind.
 */
export const URL_HOSTS_OF_RECORD: ReadonlyMap<string, string> = new Map([
  ['aclanthology.org', 'the archive of record for ACL venues'],
  ['arxiv.org', 'preprints; stable versioned ids'],
  ['doi.org', 'resolves to the publisher of record'],
  ['proceedings.neurips.cc', 'NeurIPS proceedings'],
  ['papers.nips.cc', 'NeurIPS proceedings (older host, still canonical for pre-2020 papers)'],
  ['proceedings.mlr.press', 'PMLR: ICML, UAI, CLeaR, AISTATS proceedings'],
  ['openreview.net', 'ICLR and workshop papers published only on OpenReview'],
  ['www.aaai.org', 'AAAI proceedings'],
  ['ojs.aaai.org', 'AAAI proceedings'],
  ['www.ijcai.org', 'IJCAI proceedings'],
  ['www.jair.org', 'Journal of Artificial Intelligence Research'],
  ['direct.mit.edu', 'MIT Press journals (Computational Linguistics, TACL)'],
  ['dl.acm.org', 'ACM Digital Library'],
  ['www.usenix.org', 'USENIX Security proceedings'],
  ['cogsci.mindmodeling.org', 'CogSci proceedings'],
  ['transformer-circuits.pub', 'Anthropic interpretability team: where its MI reports are published'],
  ['distill.pub', 'Distill journal: the original Circuits thread'],
  ['www.lesswrong.com', 'LessWrong: where much MI work first appeared'],
  ['www.alignmentforum.org', 'AI Alignment Forum: where much MI work first appeared'],
  ['colah.github.io', "Chris Olah's blog, the only publication of his pre-MI essays"],
  ['gabgoh.github.io', "Gabriel Goh's site, the only publication of his pre-MI essay Decoding the Thought Vector"],
  ['www.neelnanda.io', "Neel Nanda's site, the publication of record for his MI explainers"],
  ['www.beren.io', "Beren Millidge's blog, the publication of record for his posts"],
  ['neelnanda-io.github.io', 'TransformerLens documentation site, the publication of record for the MI library'],
  ['www.neuronpedia.org', 'Neuronpedia, the MI feature-browsing platform, published only as this site'],
  ['cdn.openai.com', 'OpenAI technical reports (GPT, GPT-2) exist only as these PDFs'],
  ['openaipublic.blob.core.windows.net', "OpenAI's interpretability reports (GPT-4 neuron explanations) are published only there"],
  ['www.anthropic.com', 'Anthropic research pages: the publisher of record for its Transformer Circuits notes'],
  ['blog.eleuther.ai', 'EleutherAI blog, the publication of record for its research posts'],
  ['dspace.mit.edu', 'MIT theses and AI memos'],
  ['blackboxnlp.github.io', 'BlackboxNLP workshop site (panels, programmes)'],
  ['neuralblog.github.io', "Thông T. Nguyễn's research blog, the only publication of his Logit Prisms write-up"],
  ['icml2024mi.pages.dev', 'the ICML 2024 MI workshop site, whose call defines MI'],
  ['tegmark.org', 'site of the MIT 2023 MI conference'],
  ['nemiconf.github.io', 'site of the New England MI workshop'],
  ['aclweb.org', 'ACL announcements and policies'],
  ['www.aclweb.org', 'ACL announcements and policies'],
]);

/** The seed's map of MI methods to NLPI precedents has rows 1..17; every row should have a concept. */
export const SEED_ROW_COUNT = 17;

export interface CheckOptions {
  /** Latest plausible publication year (the caller's current year). */
  maxYear: number;
}

export interface ConceptCounts {
  id: string;
  precedents: number;
  miExamples: number;
}

export interface CorpusSummary {
  papers: number;
  concepts: number;
  glossaryTerms: number;
  papersByCommunity: Record<Community, number>;
  /** Year → number of papers, ascending by year. */
  papersByYear: [number, number][];
  perConcept: ConceptCounts[];
}

export interface CheckResult {
  /** Must be fixed: `corpus:check` exits non-zero. */
  problems: string[];
  /** For a curator to review; do not fail the check. */
  warnings: string[];
  summary: CorpusSummary;
}

/** Like CheckResult, but with no summary when the corpus could not be loaded. */
export type DirCheckResult = Omit<CheckResult, 'summary'> & { summary: CorpusSummary | null };

function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function normalizeUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/+$/, '').toLowerCase();
}

function duplicatePapers(papers: Paper[], problems: string[]): void {
  const keys: [string, (p: Paper) => string | undefined][] = [
    ['DOI', (p) => p.ids.doi?.toLowerCase()],
    ['arXiv id', (p) => p.ids.arxiv],
    ['Anthology id', (p) => p.ids.acl],
    ['URL', (p) => normalizeUrl(p.url)],
    ['title and year', (p) => `${normalizeTitle(p.title)} (${p.year})`],
  ];
  for (const [label, keyOf] of keys) {
    const seen = new Map<string, string>();
    for (const p of papers) {
      const key = keyOf(p);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push(`papers ${first} and ${p.id} have the same ${label} (${key}): keep one id, merge the other into it`);
      } else seen.set(key, p.id);
    }
  }
}

const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'for', 'and', 'to', 'with', 'via', 'by', 'from', 'is', 'are']);

/** Content words cut to five letters, so "Linearly Represent" and "Linear Representations" meet. */
function titleStems(title: string): Set<string> {
  return new Set(
    normalizeTitle(title)
      .split(' ')
      .filter((w) => w.length > 1 && !STOPWORDS.has(w))
      .map((w) => w.slice(0, 5)),
  );
}

function lastName(author: string | undefined): string {
  return normalizeTitle(author ?? '').split(' ').pop() ?? '';
}

/** "Part I" and "Part II" of a series share nearly every title word but are different works. */
function differentParts(a: string, b: string): boolean {
  const part = (t: string) => /\bpart\s+([ivx]+|\d+)\b/i.exec(t)?.[1]?.toLowerCase();
  const pa = part(a);
  const pb = part(b);
  return pa !== undefined && pb !== undefined && pa !== pb;
}

/**
 * The same work often enters twice under different titles: an arXiv preprint and its later
 * workshop version (a different id, a reworded title, the next year). Same first author, years at
 * most one apart and mostly the same title words is worth a curator's look.
 */
function possibleDuplicates(papers: Paper[], warnings: string[]): void {
  const stems = new Map(papers.map((p) => [p.id, titleStems(p.title)]));
  for (let i = 0; i < papers.length; i++) {
    for (let j = i + 1; j < papers.length; j++) {
      const a = papers[i]!;
      const b = papers[j]!;
      if (Math.abs(a.year - b.year) > 1 || lastName(a.authors[0]) !== lastName(b.authors[0])) continue;
      if (differentParts(a.title, b.title)) continue;
      const sa = stems.get(a.id)!;
      const sb = stems.get(b.id)!;
      const shared = [...sa].filter((w) => sb.has(w)).length;
      const union = sa.size + sb.size - shared;
      if (shared >= 3 && shared / union >= DUPLICATE_TITLE_OVERLAP && normalizeTitle(a.title) !== normalizeTitle(b.title)) {
        warnings.push(`papers ${a.id} and ${b.id} may be one work (same first author, similar titles): merge them if so`);
      }
    }
  }
}

/**
 * Share of title stems two versions of one work have in common, with at least three stems shared
 * (short titles such as "Abstracting Causal Models" / "Approximate Causal Abstractions" overlap by chance).
 */
const DUPLICATE_TITLE_OVERLAP = 0.5;

const VENUE_YEAR = /\b(?:19|20)\d{2}\b/g;

function paperFacts(p: Paper, maxYear: number, problems: string[]): void {
  if (p.year > maxYear) problems.push(`paper ${p.id}: year ${p.year} is after ${maxYear}: check the year`);
  for (const match of p.venue.matchAll(VENUE_YEAR)) {
    const venueYear = Number(match[0]);
    if (Math.abs(venueYear - p.year) > 1) {
      problems.push(
        `paper ${p.id}: venue "${p.venue}" names ${venueYear} but year is ${p.year}: fix whichever is wrong`,
      );
    }
  }
  let host: string;
  try {
    const u = new URL(p.url);
    if (u.protocol !== 'https:') problems.push(`paper ${p.id}: URL ${p.url} is not https`);
    host = u.hostname;
  } catch {
    problems.push(`paper ${p.id}: URL "${p.url}" is not a URL`);
    return;
  }
  if (!URL_HOSTS_OF_RECORD.has(host)) {
    problems.push(
      `paper ${p.id}: URL host ${host} is not a host of record: use the ACL Anthology, arXiv, a DOI or the publisher ` +
        `(or add the host, with why, to URL_HOSTS_OF_RECORD in src/corpus/check.ts)`,
    );
  }
}

function dangling(kind: string, owner: string, ids: readonly string[], known: ReadonlyMap<string, unknown>, problems: string[]): void {
  for (const id of ids) {
    if (!known.has(id)) problems.push(`${owner}: ${kind} "${id}" is not in the corpus: add it or fix the id`);
  }
}

/** Every cross-entry check over a loaded (schema-valid) corpus. */
export function checkCorpus(corpus: Corpus, options: CheckOptions): CheckResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const papers = [...corpus.papers.values()];

  duplicatePapers(papers, problems);
  possibleDuplicates(papers, warnings);
  for (const p of papers) {
    paperFacts(p, options.maxYear, problems);
    dangling('tag (concept id)', `paper ${p.id}`, p.tags, corpus.concepts, problems);
  }
  for (const id of corpus.concepts.keys()) {
    if (corpus.papers.has(id)) problems.push(`id "${id}" is both a paper and a concept: rename one`);
  }

  const rowsCovered = new Set<number>();
  const dates = firstAppearances(corpus.papers);
  for (const c of corpus.concepts.values()) {
    const owner = `concept ${c.id}`;
    c.seedRows.forEach((r) => rowsCovered.add(r));
    dangling('precedent', owner, c.precedents.map((l) => l.id), corpus.papers, problems);
    dangling('MI example', owner, c.miExamples, corpus.papers, problems);
    dangling('related concept', owner, c.related, corpus.concepts, problems);
    if (c.related.includes(c.id)) problems.push(`${owner}: lists itself as related`);

    const later = c.later ?? [];
    dangling('later work', owner, later.map((l) => l.id), corpus.papers, problems);
    const seenLink = new Map<string, string>();
    const nlpiLinks: { paper: Paper; list: 'precedents' | 'later' }[] = [];
    for (const [list, links] of [['precedents', c.precedents], ['later', later]] as const) {
      for (const link of links) {
        const first = seenLink.get(link.id);
        if (first !== undefined) problems.push(`${owner}: ${link.id} is listed twice (in ${first} and ${list})`);
        seenLink.set(link.id, list);
        const p = corpus.papers.get(link.id);
        if (!p) continue;
        if (p.community !== 'NLPI') {
          problems.push(
            `${owner}: ${list === 'later' ? 'later work' : 'precedent'} ${p.id} is labelled ${p.community}, not NLPI: these lists are NLPI work ` +
              `(mention it in another link's why, or relabel the paper if the label is wrong)`,
          );
        } else nlpiLinks.push({ paper: p, list });
      }
    }
    const examples = c.miExamples.map((id) => corpus.papers.get(id)).filter((p): p is Paper => p !== undefined);
    for (const p of examples) {
      if (p.community !== 'MI') warnings.push(`${owner}: MI example ${p.id} is labelled ${p.community}`);
    }
    if (c.precedents.length === 0) warnings.push(`${owner}: no NLPI precedents`);
    else if (c.precedents.length === 1) warnings.push(`${owner}: only one NLPI precedent`);

    // A precedent must have appeared before the concept's earliest MI example (first appearances: an
    // arXiv preprint counts from its posting month); NLPI work that did not goes under `later`.
    const origin = conceptOrigin(c, dates);
    const firstExamples = origin ? examples.filter((p) => compareDates(dates.get(p.id)!, origin) !== 'later').map((p) => p.id) : [];
    for (const { paper: p, list } of nlpiLinks) {
      const d = dates.get(p.id)!;
      if (!origin) {
        if (list === 'later') problems.push(`${owner}: later work ${p.id} is listed, but the concept has no MI example to be later than`);
        continue;
      }
      const order = compareDates(d, origin);
      const at = `first appeared ${formatDate(d)}; the earliest MI example, ${firstExamples.join(', ')}, ${formatDate(origin)}`;
      if (list === 'precedents' && order !== 'earlier') {
        problems.push(`${owner}: precedent ${p.id} is not earlier than the concept's MI work (${at}): move it to later`);
      } else if (list === 'later' && order === 'earlier') {
        problems.push(`${owner}: later work ${p.id} is in fact earlier than the concept's MI work (${at}): move it to precedents`);
      }
    }
  }
  for (let row = 1; row <= SEED_ROW_COUNT; row++) {
    if (!rowsCovered.has(row)) warnings.push(`seed row ${row} of the precedent map has no concept`);
  }

  for (const t of corpus.glossary.values()) {
    dangling('paper', `glossary term ${t.id}`, t.papers, corpus.papers, problems);
    dangling('concept', `glossary term ${t.id}`, t.concepts, corpus.concepts, problems);
  }

  return { problems, warnings, summary: summarize(corpus) };
}

function summarize(corpus: Corpus): CorpusSummary {
  const papersByCommunity = Object.fromEntries(COMMUNITIES.map((c) => [c, 0])) as Record<Community, number>;
  const years = new Map<number, number>();
  for (const p of corpus.papers.values()) {
    papersByCommunity[p.community] += 1;
    years.set(p.year, (years.get(p.year) ?? 0) + 1);
  }
  return {
    papers: corpus.papers.size,
    concepts: corpus.concepts.size,
    glossaryTerms: corpus.glossary.size,
    papersByCommunity,
    papersByYear: [...years.entries()].sort((a, b) => a[0] - b[0]),
    perConcept: [...corpus.concepts.values()]
      .map((c) => ({ id: c.id, precedents: c.precedents.length, miExamples: c.miExamples.length }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Loads the corpus in `dir` and checks it; loader problems (schema, duplicate ids) come back as problems. */
export function checkCorpusDir(dir: string, options: CheckOptions): DirCheckResult {
  let corpus: Corpus;
  try {
    corpus = loadCorpus(dir, { snapshot: 'refresh' });
  } catch (e) {
    if (e instanceof CorpusError) return { problems: e.problems, warnings: [], summary: null };
    throw e;
  }
  return checkCorpus(corpus, options);
}

/** The summary as plain text lines for a terminal. */
export function formatSummary(s: CorpusSummary): string {
  const lines = [
    `${s.papers} papers, ${s.concepts} concepts, ${s.glossaryTerms} glossary terms`,
    `papers per community: ${COMMUNITIES.map((c) => `${c} ${s.papersByCommunity[c]}`).join(', ')}`,
    `papers per year: ${s.papersByYear.map(([y, n]) => `${y}:${n}`).join(' ')}`,
    'concepts (NLPI precedents / MI examples):',
    ...s.perConcept.map((c) => `  ${c.id}: ${c.precedents}/${c.miExamples}`),
  ];
  return lines.join('\n');
}
