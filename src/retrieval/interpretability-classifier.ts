/**
 * The shipped "is this interpretability research?" model (see src/ingest/interpretability-model.ts for
 * how it is trained): a one-class ConceptClassifier whose single class is interpretability.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConceptClassifier } from './concept-classifier.ts';

export const INTERPRETABILITY = 'interpretability';

/** Where the bundled model is kept, beside the corpus it was trained with. */
export const BUNDLED_INTERPRETABILITY_MODEL = fileURLToPath(new URL('../../corpus/models/interpretability.bin', import.meta.url));

export function interpretabilityProbability(model: ConceptClassifier, text: string): number {
  return model.classify(text).find((s) => s.id === INTERPRETABILITY)?.score ?? 0;
}

let bundled: ConceptClassifier | null | undefined;

/** The bundled model, read once; null when the file is missing or not a model (the cue rules decide alone then). */
export function bundledInterpretabilityModel(): ConceptClassifier | null {
  if (bundled !== undefined) return bundled;
  let bytes: Buffer;
  try {
    bytes = readFileSync(BUNDLED_INTERPRETABILITY_MODEL);
  } catch {
    return (bundled = null);
  }
  const model = ConceptClassifier.fromBytes(bytes);
  return (bundled = model && model.conceptIds.length === 1 && model.conceptIds[0] === INTERPRETABILITY ? model : null);
}
