/**
 * Reads `shared/research/references.jsonl`, the seed paper's rebuilt bibliography: one JSON
 * object per line. A bad line becomes one error naming the line and the field; the other
 * lines are still returned, so one typo does not block an import.
 */
import { z } from 'zod';

const nullableString = z.string().min(1).nullable().optional();

export const referenceSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id such as vig2020'),
  title: z.string().min(1),
  /** Empty for a proceedings volume cited as a whole. */
  authors: z.array(z.string().min(1)),
  year: z.number().int().nullable(),
  venue: z.string().nullable(),
  url: nullableString,
  arxiv: nullableString,
  acl: nullableString,
  doi: nullableString,
  kind: z.enum(['paper', 'blog', 'book', 'talk', 'web']),
  confidence: z.enum(['checked', 'likely']),
  unresolved: z.boolean().optional(),
});
export type Reference = z.infer<typeof referenceSchema>;

export interface ReadReferences {
  references: Reference[];
  /** One line per bad input line: `<label> line <n>: <what is wrong>`. */
  errors: string[];
}

/** Parses JSONL text; `label` names the input in error messages (usually its path). */
export function parseReferences(text: string, label: string): ReadReferences {
  const references: Reference[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${label} line ${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      errors.push(`${where}: not valid JSON (${(e as Error).message}); fix or remove the line`);
      return;
    }
    const parsed = referenceSchema.safeParse(json);
    if (!parsed.success) {
      const key = (json as { key?: unknown } | null)?.key;
      const who = typeof key === 'string' ? ` (${key})` : '';
      for (const issue of parsed.error.issues) {
        errors.push(`${where}${who}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
      }
      return;
    }
    if (seen.has(parsed.data.key)) {
      errors.push(`${where}: key ${parsed.data.key} appears on an earlier line too; keys must be unique`);
      return;
    }
    seen.add(parsed.data.key);
    references.push(parsed.data);
  });
  return { references, errors };
}
