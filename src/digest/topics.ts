/**
 * A channel's concept filter for "New this week" (`digest topics …`), as typed. Pure, no imports, so the
 * chat handlers can parse it without loading the digest.
 */

/** `probing, activation-patching` or `probing activation-patching` → the words. */
export function parseTopics(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}
