/**
 * Runs the eval: every system over every split, scored, with the gates checked. Used by
 * `npm run eval` (all systems) and by test/eval/eval.test.ts (the hybrid's quality floors only).
 */
import { join } from 'node:path';
import { answer as composeAnswer } from '../../src/core/answer.ts';
import type { Corpus, Paper } from '../../src/core/corpus-schema.ts';
import { cleanPaste, parseInput, pastedFacts } from '../../src/core/input.ts';
import type { PaperResolution, Question } from '../../src/core/types.ts';
import { asFetched, pastedTitleToLookUp } from '../../src/app/resolve-paper.ts';
import { sourcePaper } from '../../src/sources/types.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { CorpusFiles } from '../../src/corpus/load.ts';
import { DEFINITION_KEYS, type DefinitionKey } from '../../src/core/types.ts';
import { createEmbedder, EmbedderUnavailableError, type EmbedderChoice } from '../../src/retrieval/embedders/select.ts';
import { corpusHash, corpusIndexItems } from '../../src/retrieval/index-items.ts';
import { withQueryCache } from '../../src/retrieval/query-cache.ts';
import type { RetrieverWeights } from '../../src/retrieval/retriever.ts';
import { ensureVectorIndex, type IndexProgress } from '../../src/retrieval/vector-index.ts';
import { ALL_SPLITS, anthologyFacts, isRealSplit, loadSplit, SPLITS, VERDICT_SPLITS, type BuilderSplit, type EvalItem, type SplitName, type VerdictSplit } from './dataset.ts';
import { ANSWER_PARTS, pasteAgreement, type PasteAgreement } from './paste-forms.ts';
import { keyMissOf } from './key-miss.ts';
import { scoreItem, summarize, type ItemScore, type Summary } from './metrics.ts';
import { BASELINES, denseSystems, LeaveOutClassifiers, lexicalSystems, PLAIN_BASELINES, rankingDeps, type EvalSystem, type ShippedRanking, type SystemKind } from './systems.ts';

/** The embedders the eval tries, in order of preference. */
export const EMBEDDER_CHOICES: readonly Exclude<EmbedderChoice, 'auto'>[] = ['use-lite', 'minilm'];

export interface EmbedderStatus {
  choice: string;
  loaded: boolean;
  /** What was loaded, or why it could not be. */
  detail: string;
}

/**
 * Quality floors for the hybrid, per split. Set from the first full run with the use-lite encoder,
 * a few points under what it reached, so a corpus or code change that costs real quality fails
 * while ordinary curation noise does not.
 */
type RetrievalFloors = Partial<Record<'hitAt5' | 'recallAt10' | 'mrr' | 'conceptTop1', number>>;
export const QUALITY_FLOORS: Record<BuilderSplit, RetrievalFloors & { definitions: Record<DefinitionKey, number> }> = {
  dev: { hitAt5: 0.9, recallAt10: 0.85, mrr: 0.85, conceptTop1: 0.85, definitions: { narrowTechnical: 0.75, broadTechnical: 0.88, narrowCultural: 0.92, broadCultural: 0.92 } },
  heldout: { hitAt5: 0.85, recallAt10: 0.85, mrr: 0.8, conceptTop1: 0.85, definitions: { narrowTechnical: 0.8, broadTechnical: 0.88, narrowCultural: 0.9, broadCultural: 0.9 } },
};

/**
 * Floors on the four verdicts of the intervention questions (the hybrid's), set when they were added in the
 * twenty-eighth round a little below what it measured: dev 44, 42, 39 and 39 of 45; held-out 19, 18, 18 and 18 of 20.
 */
export const VERDICT_FLOORS: Record<VerdictSplit, { definitions: Record<DefinitionKey, number> }> = {
  'dev-interventions': { definitions: { narrowTechnical: 0.9, broadTechnical: 0.85, narrowCultural: 0.8, broadCultural: 0.8 } },
  'heldout-interventions': { definitions: { narrowTechnical: 0.85, broadTechnical: 0.85, narrowCultural: 0.85, broadCultural: 0.85 } },
};
/** Every gated split's floors: the builders' on retrieval, concepts and verdicts, the intervention questions' on verdicts. */
const FLOORS: Record<BuilderSplit | VerdictSplit, RetrievalFloors & { definitions: Record<DefinitionKey, number> }> = { ...QUALITY_FLOORS, ...VERDICT_FLOORS };

export interface SystemResult {
  system: string;
  kind: SystemKind;
  embedder: string | null;
  summary: Summary;
  items: ItemScore[];
  /** Real-paper items answered over the corpus without their own paper (leave one out): those corpus ids. */
  hidden: string[];
}

export interface GateResult {
  name: string;
  passed: boolean;
  detail: string;
  /** False for comparisons that are reported but do not fail the eval. */
  gating: boolean;
}

export interface EvalRun {
  embedders: EmbedderStatus[];
  splits: Record<SplitName, { items: number; results: SystemResult[] }>;
  gates: GateResult[];
  /** The same papers pasted other ways (scripts/eval/paste-forms.ts), when asked for. */
  pasteForms?: { splits: SplitName[]; system: string; rows: PasteAgreement[] };
}

export interface EvalOptions {
  corpus: Corpus & CorpusFiles;
  /** Where each embedder's vector index is kept (`<dataDir>/<embedder>/index`). */
  dataDir: string;
  modelsDir?: string;
  /** Limit to these system kinds (the test runs only the hybrid). */
  kinds?: readonly SystemKind[];
  embedders?: readonly Exclude<EmbedderChoice, 'auto'>[];
  splits?: readonly SplitName[];
  weights?: Partial<RetrieverWeights>;
  /** What the shipped bot ranks with beyond retrieval (miss rates, learned precedent scorer); none by default. */
  ranking?: ShippedRanking;
  progress?: (embedder: string, event: IndexProgress) => void;
  log?: (line: string) => void;
  /** Real splits whose papers are also answered pasted other ways (scripts/eval/paste-forms.ts) by the first hybrid. */
  pasteForms?: readonly SplitName[];
}

/**
 * The corpus paper a real-paper item is, by its arXiv or Anthology id or its exact title, if the corpus holds it.
 * Real items measure the paper "the day it appears" and are labelled from the abstract alone, so they are answered
 * over the corpus without that paper (leave one out): otherwise a paper the corpus has since taken in would be judged
 * by its corpus label and listed with what the corpus files it under, which no abstract-only label can match.
 */
export function ownCorpusPaper(item: EvalItem, resolver: PaperResolver): Paper | undefined {
  const id = parseInput(item.id ?? '').identifiers[0];
  return (id && resolver.resolve(id)) || (item.title ? resolver.byTitle(item.title) : undefined);
}

/** Suffix of the system name of a leave-one-out run (real splits only). */
export const LEAVE_ONE_OUT = ', leave-one-out';
export const isLeaveOneOut = (r: Pick<SystemResult, 'system'>): boolean => r.system.endsWith(LEAVE_ONE_OUT);
/** The leave-one-out run again, each pasted paper dated as the bot with its sources on dates it (titleLookupResolution). */
export const DATED_BY_TITLE = ', dated by its title';

/**
 * What the bot's paper resolution gives a real item's pasted text when its sources are on (src/app/resolve-paper.ts): a
 * pasted paper whose first line is a title (`pastedTitle`) and that the corpus does not hold is looked up by that title on
 * Semantic Scholar (`pastedTitleToLookUp` decides, as live), and the match (its date, authors, venue and ids) joins the question. The eval answers offline, so
 * this builds the match from the item's own facts, as the source would give them on the day the paper appeared: the
 * month of its arXiv id, or the Anthology's date, venue and id; the author line pasted with it, else the corpus record's
 * or the Anthology's authors. Undefined where the live bot would not look (no title line, or a paper the corpus holds)
 * or the match could not be used (no authors or no date: asFetched).
 */
export function titleLookupResolution(item: EvalItem, resolver: PaperResolver, own: Paper | undefined): PaperResolution | undefined {
  const title = pastedTitleToLookUp(item.query, resolver);
  if (title === undefined) return undefined;
  const id = parseInput(item.id ?? '').identifiers[0];
  // The abstract: what follows the header (title, author line) up to the first blank line, else all after the title.
  const body = item.query.trim().split(/\n\s*\n/);
  const abstract = (body.length > 1 ? body.slice(1).join('\n\n') : item.query.trim().split('\n').slice(1).join('\n')).trim();
  const pasted = pastedFacts(cleanPaste(item.query)).authors;
  const authors = pasted.length > 0 ? pasted : (own?.authors ?? []);
  let paper;
  if (id?.kind === 'arxiv') {
    const yymm = /^(\d\d)(\d\d)\./.exec(id.value);
    if (!yymm) return undefined;
    const date = { year: 2000 + Number(yymm[1]), month: Number(yymm[2]) };
    paper = sourcePaper({ title, authors, date, abstract, venue: 'arXiv.org', url: `https://www.semanticscholar.org/arxiv/${id.value}`, ids: { arxiv: id.value }, source: 'semantic-scholar' });
  } else if (id?.kind === 'acl') {
    const facts = anthologyFacts(id.value);
    if ('problem' in facts) return undefined;
    const date = { year: facts.year, ...(facts.month ? { month: facts.month } : {}) };
    paper = sourcePaper({ title, authors: authors.length > 0 ? authors : facts.authors, date, abstract, venue: facts.venue, url: `https://aclanthology.org/${id.value}/`, ids: { acl: id.value }, source: 'semantic-scholar' });
  } else return undefined;
  const fetched = asFetched(paper);
  return fetched ? { fetched, notices: ['Found by its title (Semantic Scholar); if it is not the paper you meant, paste its link.'] } : undefined;
}

/** The corpus without one paper (its concept links then point at nothing and are skipped, as for any unknown id). */
export function corpusWithout(corpus: Corpus, id: string): Corpus {
  const papers = new Map(corpus.papers);
  papers.delete(id);
  return { ...corpus, papers };
}

async function answerAll(system: EvalSystem, items: readonly EvalItem[], corpus: Corpus, leaveOneOut: boolean, datedByTitle = false): Promise<{ scores: ItemScore[]; hidden: string[] }> {
  const scores: ItemScore[] = [];
  const hidden: string[] = [];
  const resolver = leaveOneOut ? new PaperResolver(corpus) : undefined;
  for (const item of items) {
    const own = resolver && ownCorpusPaper(item, resolver);
    const view = own ? corpusWithout(corpus, own.id) : corpus;
    const viewResolver = own ? new PaperResolver(view) : resolver;
    const resolution = datedByTitle && viewResolver ? titleLookupResolution(item, viewResolver, own) : undefined;
    const question: Question = { text: item.query, limit: 10, ...(resolution ? { resolution } : {}) };
    if (own) hidden.push(own.id);
    const answer =
      !own && !resolution
        ? await system.service.ask(question)
        : await composeAnswer(question, { corpus: view, retriever: (own && system.retrieverWithout?.(own.id)) || system.retriever, resolver: viewResolver ?? new PaperResolver(view), ...rankingDeps(system.ranking, own?.id) });
    const score = scoreItem(item, answer);
    // A real paper's missed keys are traced over the corpus it was answered over.
    const keyMiss = item.interpretability !== undefined ? keyMissOf(item, answer, view) : undefined;
    scores.push(keyMiss ? { ...score, keyMiss } : score);
  }
  return { scores, hidden };
}

export async function buildSystems(opts: EvalOptions): Promise<{ systems: EvalSystem[]; embedders: EmbedderStatus[] }> {
  const folds = new LeaveOutClassifiers(opts.corpus);
  const systems: EvalSystem[] = [...lexicalSystems(opts.corpus, opts.weights, folds, opts.ranking)];
  const embedders: EmbedderStatus[] = [];
  for (const choice of opts.embedders ?? EMBEDDER_CHOICES) {
    let selected;
    try {
      // Never download during an eval: a model that is not on disk is reported as not loadable.
      selected = await createEmbedder({ choice, modelsDir: opts.modelsDir, allowRemote: false });
    } catch (e) {
      if (!(e instanceof EmbedderUnavailableError)) throw e;
      embedders.push({ choice, loaded: false, detail: e.message });
      continue;
    }
    embedders.push({ choice, loaded: true, detail: selected.description });
    const { index } = await ensureVectorIndex({
      dataDir: join(opts.dataDir, selected.embedder.id),
      embedder: selected.embedder,
      items: corpusIndexItems(opts.corpus),
      corpusHash: corpusHash(opts.corpus.files),
      progress: (e) => opts.progress?.(selected.embedder.id, e),
    });
    systems.push(...denseSystems(opts.corpus, index, withQueryCache(selected.embedder), opts.weights, folds, opts.ranking));
  }
  const kinds = opts.kinds;
  return { systems: kinds ? systems.filter((s) => kinds.includes(s.kind)) : systems, embedders };
}

const pct = (x: number) => x.toFixed(3);

export function checkGates(run: Pick<EvalRun, 'splits' | 'embedders'>): GateResult[] {
  const gates: GateResult[] = [];
  for (const split of SPLITS) {
    const results = run.splits[split]?.results ?? [];
    for (const hybrid of results.filter((r) => r.kind === 'hybrid')) {
      for (const kind of [...BASELINES, ...PLAIN_BASELINES]) {
        const base = results.find((r) => r.kind === kind && (r.embedder === null || r.embedder === hybrid.embedder));
        if (!base) continue;
        for (const metric of ['hitAt5', 'recallAt10'] as const) {
          const h = hybrid.summary[metric];
          const b = base.summary[metric];
          gates.push({
            name: `${split}: ${hybrid.system} beats ${base.system} on ${metric}`,
            // Nothing beats a perfect score: a tie at 1 passes.
            passed: h > b || h === 1,
            detail: `${pct(h)} vs ${pct(b)}`,
            // The eval fails on the dev comparisons with the two baselines; the rest is reported.
            gating: split === 'dev' && BASELINES.includes(kind),
          });
        }
      }
    }
  }
  for (const split of [...SPLITS, ...VERDICT_SPLITS]) {
    const floors = FLOORS[split];
    for (const hybrid of (run.splits[split]?.results ?? []).filter((r) => r.kind === 'hybrid')) {
      const s = hybrid.summary;
      const checks: [string, number, number | undefined][] = [
        ['hitAt5', s.hitAt5, floors.hitAt5],
        ['recallAt10', s.recallAt10, floors.recallAt10],
        ['mrr', s.mrr, floors.mrr],
        ['conceptTop1', s.conceptTop1, floors.conceptTop1],
        ...DEFINITION_KEYS.map((k): [string, number, number] => [`definitions.${k}`, s.definitionAccuracy[k], floors.definitions[k]]),
      ];
      for (const [metric, value, floor] of checks) {
        if (floor !== undefined) gates.push({ name: `${split}: ${hybrid.system} ${metric} ≥ ${floor}`, passed: value >= floor, detail: pct(value), gating: true });
      }
    }
  }
  return gates;
}

export async function runEval(opts: EvalOptions): Promise<EvalRun> {
  const { systems, embedders } = await buildSystems(opts);
  const splits = {} as EvalRun['splits'];
  for (const split of opts.splits ?? ALL_SPLITS) {
    const items = loadSplit(split, opts.corpus);
    const results: SystemResult[] = [];
    for (const system of systems) {
      opts.log?.(`eval: ${split} × ${system.name}`);
      const { scores } = await answerAll(system, items, opts.corpus, false);
      results.push({ system: system.name, kind: system.kind, embedder: system.embedder, summary: summarize(scores), items: scores, hidden: [] });
    }
    // Real papers again, as on the day they appeared: the hybrid over the corpus without each item's own paper.
    for (const system of isRealSplit(split) ? systems.filter((s) => s.kind === 'hybrid') : []) {
      opts.log?.(`eval: ${split} × ${system.name}, leave-one-out`);
      const { scores, hidden } = await answerAll(system, items, opts.corpus, true);
      results.push({ system: `${system.name}${LEAVE_ONE_OUT}`, kind: system.kind, embedder: system.embedder, summary: summarize(scores), items: scores, hidden });
      // And dated as the bot with its sources on dates a pasted paper: by its title's match.
      opts.log?.(`eval: ${split} × ${system.name}${DATED_BY_TITLE}${LEAVE_ONE_OUT}`);
      const dated = await answerAll(system, items, opts.corpus, true, true);
      results.push({ system: `${system.name}${DATED_BY_TITLE}${LEAVE_ONE_OUT}`, kind: system.kind, embedder: system.embedder, summary: summarize(dated.scores), items: dated.scores, hidden: dated.hidden });
    }
    splits[split] = { items: items.length, results };
  }
  const run = { embedders, splits };
  const gates = checkGates(run);
  const hybrid = systems.find((s) => s.kind === 'hybrid');
  if (!opts.pasteForms?.length || !hybrid) return { ...run, gates };
  opts.log?.(`eval: ${opts.pasteForms.join(', ')} × ${hybrid.name}, pasted other ways`);
  const items = opts.pasteForms.flatMap((split) => loadSplit(split, opts.corpus));
  const rows = await pasteAgreement(items, (text) => hybrid.service.ask({ text, limit: 10 }));
  for (const r of rows.filter((x) => x.required.length > 0)) {
    const what = r.required.length === ANSWER_PARTS.length ? 'the answer' : `the ${r.required.join(' and ')}`;
    gates.push({ name: `pasted as ${r.form}, a paper gets ${what} its own paste gets`, passed: r.requiredSame === r.items, detail: `${r.requiredSame}/${r.items}`, gating: true });
  }
  return { ...run, gates, pasteForms: { splits: [...opts.pasteForms], system: hybrid.name, rows } };
}
