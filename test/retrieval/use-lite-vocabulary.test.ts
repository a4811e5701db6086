/**
 * use-lite's vocabulary lookup (src/retrieval/embedders/use-lite-vocabulary.ts) tokenizes exactly as the
 * package's trie does: the same token ids for the corpus's text, for odd characters and for random text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EmbeddingsModel } from '@energetic-ai/embeddings';
import { USE_LITE_MODEL_DIR } from '../../src/retrieval/embedders/use-lite-model.ts';
import { PrefixTable, type VocabularyEntry } from '../../src/retrieval/embedders/use-lite-vocabulary.ts';

const require = createRequire(import.meta.url);
const { EmbeddingsModel: Model } = require('@energetic-ai/embeddings') as { EmbeddingsModel: typeof EmbeddingsModel };
const vocabulary = JSON.parse(readFileSync(join(USE_LITE_MODEL_DIR, 'vocab.json'), 'utf8')) as VocabularyEntry[];

/** The package's tokenizer (its trie), and the same tokenizer with the lookup table instead. */
const packaged = new Model({ vocabulary, model: null } as unknown as ConstructorParameters<typeof EmbeddingsModel>[0]).tokenizer;
const tabled = new Model({ vocabulary: [], model: null } as unknown as ConstructorParameters<typeof EmbeddingsModel>[0]).tokenizer;
Object.assign(tabled, { vocabulary, trie: new PrefixTable(vocabulary) });

function assertSameTokens(texts: Iterable<string>): number {
  let n = 0;
  for (const text of texts) {
    assert.deepEqual(tabled.encode(text), packaged.encode(text), JSON.stringify(text));
    n++;
  }
  return n;
}

test('the corpus text tokenizes to the same ids', () => {
  const dir = fileURLToPath(new URL('../../corpus/papers', import.meta.url));
  const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  const texts = lines.map((l) => l.replace(/^\s*[a-z_]+:\s*/, '')).filter((l) => l.length > 0);
  assert.ok(assertSameTokens(new Set(texts)) > 5000);
});

test('odd characters and vocabulary edge cases tokenize to the same ids', () => {
  const pieces = vocabulary.map(([p]) => p);
  assertSameTokens([
    '', ' ', '   ', '\t\n', 'a', '▁', '▁▁', 'ﬁne-tuning', 'ＧＰＴ－２', 'naïve café', 'e\u0301', 'Straße',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧠🔬 emoji', '\ud83e', 'x\udc00y', '日本語のテキスト', 'Ελληνικά και русский', 'tab\tand\nnewline',
    '<s> </s> <unk>', 'extra_token_id_1', '__proto__ constructor toString hasOwnProperty', 'a'.repeat(300),
    ...pieces.slice(0, 40), ...pieces.slice(-40),
  ]);
});

test('random text from vocabulary pieces and characters tokenizes to the same ids', () => {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const chars = ['a', 'e', 'z', ' ', '-', '.', 'é', '日', '🧠', '\u0301', '▁', 'Q', '0'];
  const texts: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const parts = 1 + Math.floor(next() * 12);
    for (let j = 0; j < parts; j++) {
      text += next() < 0.7 ? vocabulary[Math.floor(next() * vocabulary.length)]![0].replace(/▁/g, ' ') : chars[Math.floor(next() * chars.length)];
    }
    texts.push(text);
  }
  assertSameTokens(texts);
});
