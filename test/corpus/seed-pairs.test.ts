/**
 * `seedPaired` on a concept's precedent or later link is a fact of the seed: its section-3 map
 * (restated in ../shared/research/precedents.md) names the paper as an earlier counterpart in one of
 * the concept's `seedRows`. This test reads that table and holds every concept file to it, both ways.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';

const SEED_TABLE = fileURLToPath(new URL('../../../shared/research/precedents.md', import.meta.url));

/** Row number → the keys in its "earlier NLPI works the seed names" cell (the fourth cell). */
function seedRows(markdown: string): Map<number, Set<string>> {
  const rows = new Map<number, Set<string>>();
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*(\d+)\s*\|/.exec(line);
    if (!m) continue;
    const cells = line.trim().replace(/^\||\|$/g, '').split('|');
    rows.set(Number(m[1]), new Set(cells[3]!.match(/\b[a-z]+\d{4}[a-z]*\b/g) ?? []));
  }
  return rows;
}

test('the seed table parses into its rows, each with the keys of its earlier works', () => {
  const rows = seedRows(readFileSync(SEED_TABLE, 'utf8'));
  assert.ok(rows.size >= 15, `rows: ${rows.size}`);
  // Row 10 pairs activation patching with causal mediation analysis and interventions on NLI models.
  assert.deepEqual([...rows.get(10)!].sort(), ['geiger2020', 'vig2020']);
  assert.ok(rows.get(9)!.has('pimentel2022') && rows.get(9)!.has('belinkov2022'));
});

test('a link is marked seedPaired exactly when the seed names the paper in one of the concept rows', () => {
  const rows = seedRows(readFileSync(SEED_TABLE, 'utf8'));
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  const wrong: string[] = [];
  let paired = 0;
  for (const c of corpus.concepts.values()) {
    const named = new Set(c.seedRows.flatMap((r) => [...(rows.get(r) ?? [])]));
    for (const [list, links] of [['precedents', c.precedents], ['later', c.later ?? []]] as const) {
      for (const link of links) {
        const should = named.has(link.id);
        if (should) paired++;
        if ((link.seedPaired === true) !== should) wrong.push(`${c.id} ${list} ${link.id}: seedPaired ${link.seedPaired === true}, the seed ${should ? 'pairs it' : 'does not'} (rows ${c.seedRows.join(', ')})`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(paired >= 150, `seed-paired links: ${paired}`);
});
