/**
 * Joins the CC0 MI reading lists (links and titles) with the curated file of checked facts
 * (`corpus/selection/mi-reading-lists-verified.yaml`: authors, our summary, lab) into imported papers.
 * Only entries in the curated file are imported; every other list entry is reported as not checked.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { arxivIdDate } from './arxiv-id.ts';
import { proposeCommunity, type CommunityProposal } from './community-rules.ts';
import type { ImportedPaper, RecordError } from './record.ts';
import type { ReadingListEntry } from './reading-list.ts';

const verifiedSchema = z
  .object({
    checked: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
    papers: z.array(
      z
        .object({
          arxiv: z.string().regex(/^\d{4}\.\d{4,5}$/).optional(),
          url: z.string().url().optional(),
          year: z.number().int().optional(),
          month: z.number().int().min(1).max(12).optional(),
          venue: z.string().optional(),
          kind: z.enum(['paper', 'blog']).optional(),
          title: z.string().min(3),
          authors: z.array(z.string().min(2)).min(1),
          summary: z.string().min(20),
          lab: z.string().optional(),
        })
        .strict()
        .refine((p) => p.arxiv !== undefined || (p.url !== undefined && p.year !== undefined && p.venue !== undefined), {
          message: 'give an arxiv id, or a url with year and venue',
        }),
    ),
    'left out': z.array(z.string()).default([]),
  })
  .strict();
export type VerifiedFile = z.infer<typeof verifiedSchema>;
type Verified = VerifiedFile['papers'][number];

export function parseVerifiedFile(text: string, input: string): VerifiedFile {
  const parsed = verifiedSchema.safeParse(parse(text));
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${input}: ${why}`);
  }
  return parsed.data;
}

export interface ReadingListImport {
  papers: ImportedPaper[];
  errors: RecordError[];
  /** List entries with an arXiv id that no curated entry covers (not imported). */
  unchecked: ReadingListEntry[];
  /** Where each imported paper was listed, by its URL. */
  listings: Map<string, ReadingListEntry[]>;
  labs: Map<string, string>;
}

/**
 * The list entry a curated entry covers: its `url` when given (a list link without an arXiv id, e.g. an
 * OpenReview PDF, even if the paper also has an arXiv id), else its arXiv id.
 */
function keyOf(v: Verified): string {
  return v.url !== undefined ? `url:${v.url}` : `arxiv:${v.arxiv}`;
}

function keyOfEntry(e: ReadingListEntry): string {
  return e.arxiv ? `arxiv:${e.arxiv}` : `url:${e.url}`;
}

export function joinReadingLists(entries: readonly ReadingListEntry[], verified: VerifiedFile, source: string): ReadingListImport {
  const byKey = new Map<string, ReadingListEntry[]>();
  for (const e of entries) byKey.set(keyOfEntry(e), [...(byKey.get(keyOfEntry(e)) ?? []), e]);
  const out: ReadingListImport = { papers: [], errors: [], unchecked: [], listings: new Map(), labs: new Map() };
  const covered = new Set<string>();
  for (const v of verified.papers) {
    const key = keyOf(v);
    covered.add(key);
    const listed = byKey.get(key);
    if (!listed) {
      out.errors.push({ input: source, record: key, message: 'in the curated file but in neither reading list: remove it or fix the id' });
      continue;
    }
    const posted = v.arxiv ? arxivIdDate(v.arxiv) : undefined;
    const url = v.arxiv ? `https://arxiv.org/abs/${v.arxiv}` : v.url!;
    out.papers.push({
      title: v.title,
      authors: v.authors,
      year: posted?.year ?? v.year!,
      ...(posted ? { month: posted.month } : v.month !== undefined ? { month: v.month } : {}),
      venue: v.venue ?? 'arXiv',
      url,
      kind: v.kind ?? 'paper',
      ids: v.arxiv ? { arxiv: v.arxiv } : {},
      summary: v.summary,
      source: `${source} (authors checked ${verified.checked})`,
    });
    out.listings.set(url, listed);
    if (v.lab) out.labs.set(url, v.lab);
  }
  const seen = new Set<string>();
  for (const e of entries) {
    const key = keyOfEntry(e);
    if (e.arxiv && !covered.has(key) && !seen.has(key)) {
      seen.add(key);
      out.unchecked.push(e);
    }
  }
  return out;
}

/**
 * The lead authors' network decides when a rule knows them (the seed's footnote); otherwise being
 * listed in an MI reading list is the evidence, with the lab when known.
 */
export function readingListCommunity(p: ImportedPaper, listed: readonly ReadingListEntry[], lab: string | undefined): CommunityProposal {
  const base = proposeCommunity({ authors: p.authors, venue: p.venue, url: p.url, acl: p.ids.acl });
  const authorLine = base.communityEvidence.find((l) => l.startsWith('authors:'));
  const lists = [...new Set(listed.map((e) => `channel: listed in the CC0 MI reading list ${e.list} (section "${e.section}")`))];
  const labLine = lab ? [`lab: ${lab}`] : [];
  if (authorLine && base.community !== 'MI') {
    return { community: base.community, communityEvidence: [authorLine, ...lists.map((l) => `${l}, outweighed by the authors rule`)] };
  }
  const channel = base.communityEvidence.filter((l) => l.startsWith('channel:'));
  return { community: 'MI', communityEvidence: [...(authorLine ? [authorLine] : []), ...channel, ...lists, ...labLine] };
}
