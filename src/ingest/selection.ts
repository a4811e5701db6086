/**
 * The reviewable rule that picks interpretability and analysis papers out of the main ACL venues.
 *
 * 1. Candidates: main-track and SRW papers whose title or abstract hits at least one keyword below
 *    (about 1,550 of 15,916). Papers with no hit are out.
 * 2. Each candidate's title + abstract opening is embedded with USE-lite and compared (cosine) with
 *    short descriptions of interpretability topics written by us below.
 * 3. Selected (RULE), where "weak" keywords are the ones also common in task papers (WEAK_KEYWORDS):
 *    a strong keyword in the title and similarity >= titleStrong; or only weak keywords in the title and
 *    similarity >= titleWeak; or two strong keywords anywhere and similarity >= twoStrong.
 * Both signals are kept in `corpus/selection/acl-main-scores.tsv` so a reviewer can see why each candidate
 * is in or out. Scores are computed once by `npm run ingest:score-selection`; selecting needs no encoder.
 */
import { fnv1a32 } from '../core/text.ts';

/** Interpretability and analysis topics, in our words; the encoder compares each paper to these. */
export const TOPIC_DESCRIPTIONS: Record<string, string> = {
  probing:
    'Probing classifiers trained on the hidden representations of a neural language model to test which linguistic properties they encode.',
  attention:
    'Analysis of attention heads and attention weights in transformers, and whether attention explains model predictions.',
  neurons:
    'Individual neurons in neural networks for language that respond to specific linguistic or semantic properties.',
  causal:
    'Causal interventions on the internal representations of a neural model, such as mediation analysis and activation patching, to find which components cause a behaviour.',
  attribution:
    'Feature attribution and saliency methods that explain the predictions of NLP models, and tests of whether such explanations are faithful.',
  syntax:
    'Evaluating what syntactic knowledge neural language models learn, such as subject-verb agreement and hierarchical structure.',
  geometry:
    'The geometry of contextual word representations across layers of BERT and other pretrained models, and representational similarity analysis.',
  knowledge:
    'Locating and editing factual knowledge stored in the parameters and feed-forward layers of transformer language models.',
  circuits:
    'Mechanistic interpretability: reverse engineering circuits and algorithms implemented inside transformer language models.',
  erasure:
    'Removing or erasing a concept from neural representations with linear projections, and amnesic probing of what a model uses.',
  dynamics:
    'How the linguistic abilities and internal representations of neural language models develop over the course of training.',
  analysis:
    'Interpreting and analyzing neural networks for NLP: understanding what a pretrained model like BERT has learned and how it works inside.',
};

/** Words that mark interpretability/analysis work; each match counts once per paper. */
export const KEYWORDS: { name: string; pattern: RegExp }[] = [
  { name: 'interpretab', pattern: /\binterpretab(le|ility)\b/i },
  { name: 'explainab', pattern: /\bexplainab(le|ility)\b/i },
  { name: 'probing', pattern: /\bprob(e|es|ing)\b|\bdiagnostic classifiers?\b/i },
  { name: 'attention-heads', pattern: /\battention heads?\b/i },
  { name: 'neurons', pattern: /\bneurons?\b/i },
  { name: 'saliency', pattern: /\bsaliency|feature attribution|attribution methods?|integrated gradients\b/i },
  { name: 'faithful', pattern: /\bfaithful(ness)?\b/i },
  { name: 'internal-representations', pattern: /\b(internal|hidden|intermediate) (representations|states|activations)\b/i },
  { name: 'causal-intervention', pattern: /\bcausal (mediation|intervention|abstraction|analysis|tracing)|counterfactual interventions?|activation patching\b/i },
  { name: 'mechanistic', pattern: /\bmechanistic|\bcircuits?\b/i },
  { name: 'what-learns', pattern: /\bwhat (do|does) [\w-]+ (learn|know|encode|capture)|\bwhat [\w-]+ (learns|knows|encodes)\b/i },
  { name: 'linguistic-knowledge', pattern: /\b(syntactic|linguistic|semantic) (knowledge|information|structure) (in|encoded|captured|learned)\b/i },
  { name: 'analysis-of-models', pattern: /\b(analy[sz](e|is|ing)|inspect(ing)?|dissect(ing)?|understand(ing)?) (the )?(inner workings|internal|representations|layers|BERT|transformers?|language models?|neural)\b/i },
  { name: 'knowledge-editing', pattern: /\b(knowledge|model) editing|locat(e|ing) (factual )?knowledge|knowledge neurons?\b/i },
  { name: 'concept-erasure', pattern: /\b(concept|information) (erasure|removal)|nullspace projection|amnesic\b/i },
];

/** Tracks that are proceedings of the conference proper; demos, tutorials, industry and workshops are out. */
export const SELECTED_TRACKS = new Set(['main', 'srw']);

export interface SelectionScore {
  anthologyId: string;
  year: number;
  venue: string;
  /** Keyword hits in title + abstract. */
  keywords: string[];
  /** Keyword hits in the title alone. */
  titleKeywords: string[];
  similarity: number;
  bestTopic: string;
  title: string;
}

/** Keywords that also turn up in task papers ("an interpretable parser", "faithful summaries"). */
export const WEAK_KEYWORDS = new Set(['interpretab', 'explainab', 'faithful', 'knowledge-editing']);

/** The thresholds of the rule; changing them is a reviewable one-line diff. */
export const RULE = {
  /** A strong keyword in the title. */
  titleStrong: 0.64,
  /** Only weak keywords in the title. */
  titleWeak: 0.74,
  /** Two strong keywords anywhere in title + abstract. */
  twoStrong: 0.66,
} as const;

/** Step 1 of the rule: only papers with a keyword hit are scored at all. */
export const MIN_KEYWORDS_TO_SCORE = 1;

export function keywordHits(title: string, abstract: string | undefined): string[] {
  const text = `${title}. ${abstract ?? ''}`;
  return KEYWORDS.filter((k) => k.pattern.test(text)).map((k) => k.name);
}

/** Why a scored paper is selected, or undefined when the rule leaves it out. */
export function selectionReason(
  s: Pick<SelectionScore, 'keywords' | 'titleKeywords' | 'similarity' | 'bestTopic'>,
): string | undefined {
  if (s.keywords.length < MIN_KEYWORDS_TO_SCORE) return undefined;
  const sim = `similarity ${s.similarity.toFixed(3)} to topic "${s.bestTopic}"`;
  const titleStrong = s.titleKeywords.filter((k) => !WEAK_KEYWORDS.has(k));
  const strong = s.keywords.filter((k) => !WEAK_KEYWORDS.has(k));
  if (titleStrong.length > 0 && s.similarity >= RULE.titleStrong) return `title keyword ${titleStrong.join('+')} and ${sim} >= ${RULE.titleStrong}`;
  if (s.titleKeywords.length > 0 && s.similarity >= RULE.titleWeak) return `title keyword ${s.titleKeywords.join('+')} and ${sim} >= ${RULE.titleWeak}`;
  if (strong.length >= 2 && s.similarity >= RULE.twoStrong) return `keywords ${strong.join('+')} and ${sim} >= ${RULE.twoStrong}`;
  return undefined;
}

export const SCORES_HEADER = ['anthology_id', 'year', 'venue', 'keywords', 'title_keywords', 'similarity', 'best_topic', 'title'];

export function formatScoresTsv(scores: SelectionScore[]): string {
  const clean = (s: string) => s.replace(/[\t\n]/g, ' ');
  const rows = [...scores]
    .sort((a, b) => a.anthologyId.localeCompare(b.anthologyId))
    .map((s) =>
      [s.anthologyId, String(s.year), s.venue, s.keywords.join(',') || '-', s.titleKeywords.join(',') || '-', s.similarity.toFixed(4), s.bestTopic, clean(s.title)].join('\t'),
    );
  return `${SCORES_HEADER.join('\t')}\n${rows.join('\n')}\n`;
}

export function parseScoresTsv(tsv: string, input: string): SelectionScore[] {
  const lines = tsv.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== SCORES_HEADER.join('\t')) {
    throw new Error(`${input}: expected the header "${SCORES_HEADER.join(' ')}"; regenerate it with npm run ingest:score-selection`);
  }
  return lines.slice(1).map((line, i) => {
    const f = line.split('\t');
    if (f.length !== SCORES_HEADER.length) throw new Error(`${input}: line ${i + 2} has ${f.length} columns, expected ${SCORES_HEADER.length}`);
    return {
      anthologyId: f[0]!,
      year: Number(f[1]),
      venue: f[2]!,
      keywords: f[3] === '-' ? [] : f[3]!.split(','),
      titleKeywords: f[4] === '-' ? [] : f[4]!.split(','),
      similarity: Number(f[5]),
      bestTopic: f[6]!,
      title: f[7]!,
    };
  });
}

/** A hand label of one scored paper: is it interpretability/analysis work? */
export interface SelectionLabel {
  anthologyId: string;
  relevant: boolean;
  note: string;
}

export const LABELS_HEADER = ['anthology_id', 'relevant', 'title', 'note'];

export function parseLabelsTsv(tsv: string, input: string): SelectionLabel[] {
  const lines = tsv.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
  if (lines[0] !== LABELS_HEADER.join('\t')) throw new Error(`${input}: expected the header "${LABELS_HEADER.join(' ')}"`);
  return lines.slice(1).map((line, i) => {
    const [id, relevant, , note] = line.split('\t');
    if (!id || (relevant !== 'yes' && relevant !== 'no')) {
      throw new Error(`${input}: line ${i + 2}: expected "<anthology id><TAB>yes|no<TAB>title<TAB>note"`);
    }
    return { anthologyId: id, relevant: relevant === 'yes', note: note ?? '' };
  });
}

/** A stable pseudo-random order (FNV-1a of seed + id), so the labelled sample can be regenerated. */
export function sampleOrder(ids: readonly string[], seed: string): string[] {
  return [...ids].sort((a, b) => fnv1a32(seed + a) - fnv1a32(seed + b) || a.localeCompare(b));
}

export interface PrecisionReport {
  /** Labelled papers the rule selects, and how many of them are relevant. */
  selectedLabelled: number;
  selectedRelevant: number;
  precision: number;
  /** Labelled papers the rule leaves out, and how many of those are relevant (misses). */
  rejectedLabelled: number;
  rejectedRelevant: number;
  /** Labels whose id is not in the scores file. */
  unknown: string[];
}

export function precisionReport(scores: readonly SelectionScore[], labels: readonly SelectionLabel[]): PrecisionReport {
  const byId = new Map(scores.map((s) => [s.anthologyId, s]));
  const r: PrecisionReport = { selectedLabelled: 0, selectedRelevant: 0, precision: 0, rejectedLabelled: 0, rejectedRelevant: 0, unknown: [] };
  for (const l of labels) {
    const s = byId.get(l.anthologyId);
    if (!s) {
      r.unknown.push(l.anthologyId);
      continue;
    }
    if (selectionReason(s)) {
      r.selectedLabelled++;
      if (l.relevant) r.selectedRelevant++;
    } else {
      r.rejectedLabelled++;
      if (l.relevant) r.rejectedRelevant++;
    }
  }
  r.precision = r.selectedLabelled > 0 ? r.selectedRelevant / r.selectedLabelled : 0;
  return r;
}
