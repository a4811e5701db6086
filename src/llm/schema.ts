/**
 * What the model must write: a verdict and a one-sentence reason per sense, a short explanation, and
 * the ids of the retrieved papers it relies on. The client's structured-output helper sends this as
 * a strict JSON Schema and parses the reply with it; a reply that does not match is a failure.
 */
import { z } from 'zod';
import { zodResponseFormat } from 'openai/helpers/zod';

export const MODEL_VERDICTS = ['yes', 'no', 'cannot_tell'] as const;

const senseVerdict = z.object({
  verdict: z.enum(MODEL_VERDICTS),
  reason: z.string(),
});

export const explanationOutput = z.object({
  verdicts: z.object({
    narrowTechnical: senseVerdict,
    broadTechnical: senseVerdict,
    narrowCultural: senseVerdict,
    broadCultural: senseVerdict,
  }),
  /** 3–6 sentences; papers only as [id]. */
  explanation: z.string(),
  /** Ids of the retrieved papers the explanation relies on. */
  cites: z.array(z.string()),
});

export type ExplanationOutput = z.infer<typeof explanationOutput>;

export const EXPLANATION_FORMAT = zodResponseFormat(explanationOutput, 'mechanistic_explanation');
