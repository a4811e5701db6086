/**
 * The options of `mechanistic ask` (node:util parseArgs), in a module of their own: bin/mechanistic.js
 * reads them through early-encoder.ts before the command's own modules are loaded.
 */
export const ASK_OPTIONS = {
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  bibtex: { type: 'boolean' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  verbose: { type: 'boolean' },
  llm: { type: 'boolean' },
  'no-llm': { type: 'boolean' },
} as const;
