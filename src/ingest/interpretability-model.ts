/**
 * The "is this interpretability research?" classifier: logistic regression over the same TF-IDF word
 * and word-pair features as the concept classifier (one class), learned from hand-labelled ACL
 * Anthology papers. Built by `npm run ingest:interpretability-model` from the Anthology XML in
 * ../shared/data (CC BY 4.0) and the corpus's review labels, and shipped as a small weights file
 * (corpus/models/interpretability.bin): the weights, not the abstracts, are what the project keeps.
 */
import { ConceptClassifier, type ClassifierOptions, type TrainingExample } from '../retrieval/concept-classifier.ts';
import { INTERPRETABILITY, interpretabilityProbability } from '../retrieval/interpretability-classifier.ts';

export interface LabelledText {
  id: string;
  text: string;
  interpretability: boolean;
  /** How much the example counts: a hand label 1, a paper outside every review net less. */
  weight?: number;
}

export interface TrainedInterpretabilityModel {
  model: ConceptClassifier;
  examples: number;
  positives: number;
}

/**
 * Deterministic: the same labelled texts always give the same bytes. The mean of 16 runs of 8 epochs, each with its
 * own shuffle: one run stopped at 8 epochs depends on its shuffle order, and trained to convergence it reads fewer of
 * the eval's arXiv abstracts as interpretability (docs/eval.md, "Twenty-second round").
 */
export function trainInterpretabilityModel(texts: readonly LabelledText[], options: Partial<ClassifierOptions> = {}): TrainedInterpretabilityModel {
  const examples: TrainingExample[] = texts.map((t) => ({ id: t.id, text: t.text, concepts: t.interpretability ? [INTERPRETABILITY] : [], weight: t.weight ?? 1 }));
  const model = ConceptClassifier.train(examples, [INTERPRETABILITY], { minDocumentFrequency: 5, positiveWeight: 2, epochs: 8, runs: 16, ...options });
  return { model, examples: examples.length, positives: texts.filter((t) => t.interpretability).length };
}

/** Precision, recall and accuracy of the model's "yes" (probability ≥ threshold) on labelled texts. */
export function interpretabilityScores(model: ConceptClassifier, texts: readonly LabelledText[], threshold = 0.5): { precision: number; recall: number; accuracy: number; n: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let right = 0;
  for (const t of texts) {
    const yes = interpretabilityProbability(model, t.text) >= threshold;
    if (yes && t.interpretability) tp++;
    else if (yes) fp++;
    else if (t.interpretability) fn++;
    if (yes === t.interpretability) right++;
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), accuracy: right / Math.max(1, texts.length), n: texts.length };
}

