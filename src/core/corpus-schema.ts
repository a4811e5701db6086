/**
 * The shape of the curated corpus (`corpus/`): papers, concepts (the MI ↔ NLPI crosswalk)
 * and the glossary of contested terms. Pure: the loader in `src/corpus/` reads the files
 * and validates them against these schemas.
 */
import { z } from 'zod';

export const COMMUNITIES = ['NLPI', 'MI', 'other'] as const;
export type Community = (typeof COMMUNITIES)[number];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase letters, digits and dashes (e.g. vig2020, activation-patching)');

/** A URL of record: the ACL Anthology, arXiv, a DOI, or the publisher/blog that published the work. */
const url = z
  .string()
  .url()
  .refine((u) => u.startsWith('https://'), 'URLs must use https');

export const provenanceSchema = z.object({
  /** Where the facts came from, e.g. `shared/research/references.jsonl` or `acl-anthology:2020.blackboxnlp.xml`. */
  source: z.string().min(1),
  /** The day the entry was imported or checked (YYYY-MM-DD). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export const paperSchema = z
  .object({
    id,
    title: z.string().min(3),
    authors: z.array(z.string().min(1)).min(1),
    year: z.number().int().min(1950).max(2100),
    /** Month of first public appearance (1–12), when known: orders works within one year. */
    month: z.number().int().min(1).max(12).optional(),
    venue: z.string().min(1),
    url,
    kind: z.enum(['paper', 'blog', 'book', 'talk', 'web']).default('paper'),
    ids: z
      .object({
        arxiv: z.string().regex(/^\d{4}\.\d{4,5}$|^[a-z-]+(\.[A-Z]{2})?\/\d{7}$/).optional(),
        acl: z.string().min(3).optional(),
        doi: z.string().regex(/^10\.\d{4,9}\/\S+$/).optional(),
        s2: z.string().optional(),
      })
      .default({}),
    community: z.enum(COMMUNITIES),
    /** Reviewable reasons for the community label, one per line (venue, authors' network, channel). */
    communityEvidence: z.array(z.string().min(3)).min(1),
    /** One or two sentences in our own words: what the work did or found. Required when there is no abstract. */
    summary: z.string().min(10).optional(),
    /** The published abstract, only where its licence allows (ACL Anthology: CC BY 4.0). */
    abstract: z.string().optional(),
    /** Concept ids this work is about (curator-confirmed). */
    tags: z.array(id).default([]),
    provenance: z.array(provenanceSchema).default([]),
  })
  .strict()
  .refine((p) => p.summary !== undefined || p.abstract !== undefined, {
    message: 'a paper needs a summary (our words) or an abstract (where its licence allows)',
    path: ['summary'],
  });
export type Paper = z.infer<typeof paperSchema>;

export const precedentLinkSchema = z
  .object({
    id,
    /** One line, our words: why this earlier work matters to someone using the concept today. */
    why: z.string().min(10),
    /** The seed's section-3 map names this work as an earlier counterpart of the concept's row (a fact of the seed, test/corpus/seed-pairs.test.ts). */
    seedPaired: z.boolean().optional(),
  })
  .strict();

export const conceptSchema = z
  .object({
    id,
    name: z.string().min(2),
    /** A short description in our own words; also what the encoder embeds for concept recognition. */
    description: z.string().min(20),
    aliases: z
      .object({
        /** What MI papers, forums and slang call it ("activation patching", "causal tracing"). */
        mi: z.array(z.string().min(2)).default([]),
        /** What the NLP-interpretability literature calls it ("causal mediation analysis"). */
        nlpi: z.array(z.string().min(2)).default([]),
      })
      .strict(),
    /** Which of the seed's technical criteria work on this concept speaks to. */
    bearsOn: z
      .object({
        /** Interventions on intermediate representations (the narrow technical definition). */
        causal: z.boolean(),
        /** Reads or manipulates activations or weights (the broad technical definition). */
        internals: z.boolean(),
        /**
         * Also studied from behaviour, training data or theory alone (memorization, chain-of-thought faithfulness,
         * formal languages): recognizing the concept is then no evidence by itself that a text studies internals.
         */
        alsoBehavioural: z.boolean().optional(),
      })
      .strict(),
    /** NLPI precedents, most important first. Every id must be an NLPI paper that appeared before the earliest MI example. */
    precedents: z.array(precedentLinkSchema).default([]),
    /**
     * Later NLPI work: NLPI papers on the concept that did not appear before its earliest MI example
     * (by first appearance, see src/core/dates.ts). Answers never list them as earlier than that MI work.
     * Optional (absent = none), so hand-built concepts need not name it.
     */
    later: z.array(precedentLinkSchema).optional(),
    /** MI works that use or rediscover the concept. */
    miExamples: z.array(id).default([]),
    /** What MI work on this concept tends to miss, in our words. */
    missed: z.string().min(10),
    /** The row of the seed's section-3 map this concept comes from, if any. */
    seedRows: z.array(z.number().int().positive()).default([]),
    related: z.array(id).default([]),
  })
  .strict();
export type Concept = z.infer<typeof conceptSchema>;

export const glossaryTermSchema = z
  .object({
    id,
    term: z.string().min(2),
    aliases: z.array(z.string().min(2)).default([]),
    /** What the word is used to mean, in our words. */
    meaning: z.string().min(20),
    /** Where uses of the word disagree, and why that matters. */
    contested: z.string().min(20),
    papers: z.array(id).default([]),
    concepts: z.array(id).default([]),
  })
  .strict();
export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;

/**
 * A model, benchmark or dataset a paper may name, dated by its first public release. A text that names it was
 * written no earlier than that month, so NLPI work from before then is earlier work even when the text has no date.
 * Dates err early: a release known only as "by mid-2022" is dated no later than the earliest month it could be.
 */
export const releaseSchema = z
  .object({
    id,
    name: z.string().min(2),
    /** How texts write it, matched as whole words (case-insensitively unless caseSensitive). */
    names: z.array(z.string().min(2)).min(1),
    /** Names that are also ordinary words or people's names ("OPT", "Gemma") match only as written. */
    caseSensitive: z.boolean().default(false),
    /** First public release, YYYY-MM. */
    date: z.string().regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, 'dates are YYYY-MM'),
    /** Where the date comes from: an arXiv id (arXiv:yymm.nnnnn; the release month is never after it) or the announcement's URL. */
    source: z.union([z.string().regex(/^arXiv:\d{4}\.\d{4,5}$/), url]),
    /** Why the date differs from the source's, when it does. */
    note: z.string().min(10).optional(),
  })
  .strict();
export type Release = z.infer<typeof releaseSchema>;

export interface Corpus {
  papers: ReadonlyMap<string, Paper>;
  concepts: ReadonlyMap<string, Concept>;
  glossary: ReadonlyMap<string, GlossaryTerm>;
  /** Named releases that date a text (corpus/releases.yaml); none when absent. */
  releases?: ReadonlyMap<string, Release>;
}
