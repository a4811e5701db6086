/**
 * The one check step (`mechanistic check`, `/api/check`, the bots): given a link, or pasted text, and an
 * optional BibTeX reference list, it resolves the paper (the paper-resolution step), answers about it
 * (senses, concepts), reads its references (the BibTeX, else a references section in the text, else
 * Semantic Scholar's list), matches them to the corpus and reports, per recognized concept, which earlier
 * NLPI precedents it cites (✓) and which it does not (✗), with the measured miss rates.
 * The result is the check contract of shared/CONVENTIONS.md. With a store, every check is stored and gets
 * an id: links (`/api/check?id=`) and buttons read the stored check back and never check again.
 */
import { guessNotice, MAX_LIMIT, paperRef } from '../core/answer.ts';
import type { Corpus, Paper } from '../core/corpus-schema.ts';
import { subjectDate } from '../core/dates.ts';
import { MAX_QUESTION_CHARS, QuestionError, validateQuestionText } from '../core/input.ts';
import { coverage, missRatesExcept, ReferenceMatcher, type CheckResult, type CitedReference, type MissingPrecedent, type ReferenceSource } from '../core/references.ts';
import type { Mechanistic } from '../core/service.ts';
import type { PaperRef } from '../core/types.ts';
import { logErrorWithRef, type Logger } from '../log.ts';
import { TimeoutError, withTimeout } from '../net/timeout.ts';
import type { QuestionLimiter } from '../ratelimit/question-limiter.ts';
import type { Origin, Store, StoredCheck } from '../store/store.ts';
import { limitKeys } from './answer-step.ts';
import { parseSourceId, resolveReferences, type SourceCache, type SourceId, type Sources } from '../sources/index.ts';
import { MAX_REFERENCES_BYTES, ReferenceListError, referencesFromS2, referencesFromText, referencesSection } from './reference-lists.ts';
import type { ResolvePaper } from './resolve-paper.ts';

export type { CheckResult } from '../core/references.ts';

export interface CheckInput {
  /** A link or id, or pasted text (title, abstract, maybe the whole paper with its references). */
  text: string;
  /** A BibTeX reference list (the text of `--bib`), and what to call it in errors. */
  bib?: { text: string; label: string };
}

export type CheckOutcome =
  /** `id`: the stored check's id; null when there is no store or storing failed (the asker still gets the check). */
  | { ok: true; check: CheckResult; id: string | null }
  /** The input cannot be checked: empty, too large, an unreadable .bib, no reference list to be had. */
  | { ok: false; reason: 'bad_input'; code: 'empty' | 'too_long' | 'binary' | 'bad_bibtex' | 'no_references'; message: string }
  | { ok: false; reason: 'timeout'; message: string; ms: number }
  /** Over the asker's or the channel's question limit (a check counts as a question). */
  | { ok: false; reason: 'rate_limited'; message: string; retryAfterSeconds: number };

/** Who asks, for the rate limits; without it (the CLI) nothing is limited. */
export interface CheckOptions {
  origin?: Origin;
  /** As AskOptions.limitKey: the asker's identity when it is not the origin's user. */
  limitKey?: string;
  /** Called once the check is admitted (valid, within the limits), before the work: where Discord defers. */
  admitted?: () => Promise<void>;
  /**
   * The stored answer whose "Check its references" button asked: a check already stored for it is given
   * back as it was (never checked again); a new one is stored with it.
   */
  answerId?: string;
}

export interface CheckStepDeps {
  mechanistic: Mechanistic;
  /** The paper-resolution step; absent: only the corpus is consulted. */
  resolvePaper?: ResolvePaper;
  /** For Semantic Scholar's reference lists; absent: the references must be given. */
  sources?: Sources;
  cache?: SourceCache;
  log?: Logger;
  timeoutMs: number;
  /**
   * The answer step's question limiter: a check from a chat user or channel counts as one question
   * against the same per-user and per-channel buckets. Applied only when the caller says who asks.
   */
  limiter?: QuestionLimiter;
  /** Where checks are kept; absent: nothing is stored and outcomes have no id. */
  store?: Pick<Store, 'checks'>;
  /** The clock for stored checks' times (default: the system clock). */
  now?: () => Date;
}

export interface CheckStep {
  check(input: CheckInput, opts?: CheckOptions): Promise<CheckOutcome>;
  /** A stored check by id, as it was stored; null when unknown, expired, or there is no store. */
  stored(id: string): Promise<StoredCheck | null>;
}

const matchers = new WeakMap<Corpus, ReferenceMatcher>();
/** One reference matcher per corpus (it indexes the corpus once). */
export function matcherFor(corpus: Corpus): ReferenceMatcher {
  let m = matchers.get(corpus);
  if (!m) matchers.set(corpus, (m = new ReferenceMatcher(corpus)));
  return m;
}

/** The part of pasted text the answer reads: what comes before its references, within the question limit. */
function questionPart(text: string): string {
  const section = referencesSection(text);
  const head = section ? text.slice(0, text.lastIndexOf(section.slice(0, 200))) : text;
  return (head.trim() || text).slice(0, MAX_QUESTION_CHARS);
}

/** The id Semantic Scholar can be asked about for the paper the answer is about. */
function paperSourceId(paper: PaperRef | null, corpus: Corpus): SourceId | null {
  if (!paper) return null;
  const p = corpus.papers.get(paper.id);
  if (p) {
    if (p.ids.arxiv) return { kind: 'arxiv', value: p.ids.arxiv };
    if (p.ids.acl) return { kind: 'acl', value: p.ids.acl };
    if (p.ids.doi) return { kind: 'doi', value: p.ids.doi };
    if (p.ids.s2) return { kind: 's2', value: p.ids.s2 };
    return null;
  }
  return parseSourceId(paper.id.replace(/^(arxiv|acl|doi|s2):/, '')) ?? null;
}

const NO_REFERENCES = "can't fetch the paper's reference list; pass --bib refs.bib or paste the paper's references";

function missingRef(m: MissingPrecedent, conceptName: string, why: string | undefined): PaperRef & { missRate: number | null } {
  const measured = m.cell ? `; cited by ${m.cell.citing} of ${m.cell.papers} measured MI paper${m.cell.papers === 1 ? '' : 's'} on this concept` : '';
  const text = `${why ?? `NLP-interpretability work on ${conceptName}`}${measured}`;
  return { ...paperRef(m.paper, text, m.missRate ?? 0), missRate: m.missRate };
}

export function createCheckStep(d: CheckStepDeps): CheckStep {
  const corpus = d.mechanistic.corpus;

  /** Stores a finished check; a failure to store is logged and the asker still gets the check. */
  async function save(check: CheckResult, opts: CheckOptions): Promise<string | null> {
    if (!d.store) return null;
    const origin: Origin = opts.origin ?? { platform: 'cli', workspaceId: null, channelId: null, userId: null };
    try {
      return (await d.store.checks.save({ origin, createdAt: (d.now ?? (() => new Date()))(), answerId: opts.answerId ?? null, check })).id;
    } catch (e) {
      if (d.log) logErrorWithRef(d.log, e, { platform: origin.platform }, 'could not store the check');
      return null;
    }
  }

  async function run(input: CheckInput, opts: CheckOptions): Promise<CheckOutcome> {
    if (opts.answerId && d.store) {
      const earlier = await d.store.checks.forAnswer(opts.answerId);
      if (earlier) return { ok: true, check: earlier.check, id: earlier.id };
    }
    const bad = (code: 'empty' | 'too_long' | 'binary' | 'bad_bibtex' | 'no_references', message: string): CheckOutcome => ({ ok: false, reason: 'bad_input', code, message });
    if (input.text.length > MAX_REFERENCES_BYTES) return bad('too_long', `the text is ${(input.text.length / 1e6).toFixed(1)} MB; the limit is ${MAX_REFERENCES_BYTES / 1e6} MB`);
    let question: string;
    try {
      question = validateQuestionText(questionPart(input.text));
    } catch (e) {
      if (e instanceof QuestionError) return bad(e.code, e.message);
      throw e;
    }
    if (d.limiter && opts.origin) {
      const decision = await d.limiter.check(limitKeys(opts.origin, opts));
      if (!decision.ok) return { ok: false, reason: 'rate_limited', message: decision.message, retryAfterSeconds: decision.retryAfterSeconds };
    }
    await opts.admitted?.();

    // 1. References given: the .bib first, then a references section in the text.
    let refs: CitedReference[] | null = null;
    let source: ReferenceSource = 'bibtex';
    try {
      // The BibTeX parser is loaded by the first check that brings a .bib, not by every start.
      if (input.bib) refs = (await import('./bibtex-references.ts')).referencesFromBibtex(input.bib.text, input.bib.label);
      else if ((refs = referencesFromText(input.text))) source = 'text';
    } catch (e) {
      if (e instanceof ReferenceListError) return bad(input.bib ? 'bad_bibtex' : 'too_long', e.message);
      throw e;
    }

    // 2. The paper and the answer about it.
    const resolution = await d.resolvePaper?.(question);
    const answer = await d.mechanistic.ask({ text: question, limit: MAX_LIMIT, offset: 0, ...(resolution ? { resolution } : {}) });
    // A guessed concept is not checked (see below), so the answer's word on it does not carry over.
    const guessed = answer.concepts.find((c) => c.guess);
    const notices = answer.notices.filter((n) => !guessed || n !== guessNotice(guessed.name));

    // 3. Else Semantic Scholar's reference list for the paper.
    if (!refs) {
      const id = paperSourceId(answer.paper, corpus);
      if (!id || !d.sources) return bad('no_references', `${NO_REFERENCES}${answer.paper ? '' : ` (${[...(resolution?.notices ?? []), 'the paper could not be identified'][0]})`}`);
      const r = await resolveReferences(id, { sources: d.sources, cache: d.cache });
      if (!r.references) return bad('no_references', `${NO_REFERENCES} (${r.notices[0] ?? 'Semantic Scholar has no list for it'})`);
      if (r.references.truncated) notices.push('Semantic Scholar returned only part of the reference list.');
      refs = referencesFromS2(r.references);
      source = 'semantic-scholar';
    }

    // 4. Matching and coverage.
    const matching = matcherFor(corpus).match(refs);
    const cited = new Set(matching.matched.map((m) => m.id));
    // The paper's first appearance (an arXiv id counts, src/core/dates.ts) bounds "earlier".
    const corpusPaper: Paper | undefined = answer.paper ? corpus.papers.get(answer.paper.id) : undefined;
    const date = answer.paper ? subjectDate(corpus.papers, corpusPaper ? { corpusId: corpusPaper.id } : { fetched: resolution?.fetched ?? { ...answer.paper } }) : undefined;
    // Its Anthology id, when a source gave one, names its proceedings volume (a paper of the same volume is not earlier).
    const aclId = resolution?.fetched?.aclId;
    const subject = answer.paper && date ? { id: answer.paper.id, ...date, ...(aclId ? { aclId } : {}) } : null;
    if (!subject) notices.push('The paper\'s date is not known, so every precedent in the corpus counts as earlier work.');
    // A measured MI paper's own reference list does not count in the miss rates shown for it.
    const missRates = missRatesExcept(d.mechanistic.missRates, subject?.id);
    // A guessed concept's precedents are leads for reading, not omissions to charge the paper with.
    const checked = answer.concepts.filter((c) => !c.guess);
    const cov = coverage({ corpus, concepts: checked.map((c) => c.id), cited, subject, missRates });
    if (checked.length === 0) {
      const closest = guessed ? ` (the closest guess, "${guessed.name}", is not checked)` : '';
      notices.push(`No crosswalk concept was recognized${guessed ? ' with confidence' : ''}${closest}, so there are no precedents to check the references against.`);
    }

    const check: CheckResult = {
      paper: answer.paper,
      notices,
      definitions: answer.definitions,
      concepts: checked.map((c) => ({ id: c.id, name: c.name, score: c.score })),
      coverage: cov.map((c) => {
        const why = new Map(c.concept.precedents.map((l) => [l.id, l.why]));
        return {
          concept: c.concept.id,
          name: c.concept.name,
          cited: c.cited.map((p) => paperRef(p, `cited: ${why.get(p.id) ?? `NLP-interpretability work on ${c.concept.name}`}`, 1)),
          missing: c.missing.map((m) => missingRef(m, c.concept.name, why.get(m.paper.id))),
          score: c.score,
        };
      }),
      references: { total: refs.length, source, matched: matching.matched, unmatched: matching.unmatched },
    };
    return { ok: true, check, id: await save(check, opts) };
  }

  return {
    async check(input, opts = {}) {
      try {
        return await withTimeout(run(input, opts), d.timeoutMs, 'checking');
      } catch (e) {
        if (e instanceof TimeoutError) return { ok: false, reason: 'timeout', ms: e.ms, message: `the check took longer than ${e.ms} ms` };
        throw e;
      }
    },
    async stored(id) {
      return d.store ? d.store.checks.get(id) : null;
    },
  };
}
