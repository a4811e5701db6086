/** Small helpers for reading JSON answers defensively. */
import { collapseSpace } from '../ingest/text.ts';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? collapseSpace(v) : typeof v === 'number' ? String(v) : '';
}

/** The `error` or `message` of a JSON error body, or the start of a text body. */
export function errorText(text: string): string {
  const j = parseJson(text);
  if (isObject(j)) {
    const m = str(j.error) || str(j.message);
    if (m) return m.slice(0, 200);
  }
  return collapseSpace(text.replace(/<[^>]*>/g, ' ')).slice(0, 120);
}

/** `2020-04-26` → year 2020, month 4, date `2020-04-26`; `[2019, 7]` → 2019, 7, `2019-07`. */
export function dateParts(parts: readonly (number | undefined)[]): { year: number | null; month?: number; date?: string } {
  const [y, m, d] = parts;
  if (!y || !Number.isInteger(y) || y < 1000 || y > 2200) return { year: null };
  if (!m || m < 1 || m > 12) return { year: y };
  const mm = String(m).padStart(2, '0');
  if (!d || d < 1 || d > 31) return { year: y, month: m, date: `${y}-${mm}` };
  return { year: y, month: m, date: `${y}-${mm}-${String(d).padStart(2, '0')}` };
}
