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

type Tokenizer = EmbeddingsModel['tokenizer'];
const modelData = (v: VocabularyEntry[]) => ({ vocabulary: v, model: null }) as unknown as ConstructorParameters<typeof EmbeddingsModel>[0];

/** The package's tokenizer (its trie). */
const packaged = new Model(modelData(vocabulary)).tokenizer;

/** The same tokenizer with a new lookup table instead; `warm`: after enough searches that the table keeps every prefix. */
function tabled(warm = false): Tokenizer {
  const tokenizer = new Model(modelData([])).tokenizer;
  Object.assign(tokenizer, { vocabulary, trie: new PrefixTable(vocabulary) });
  if (warm) tokenizer.encode('interpretability '.repeat(400));
  return tokenizer;
}

function assertSameTokens(texts: Iterable<string>, tokenizers: Tokenizer[] = [tabled(), tabled(true)]): number {
  let n = 0;
  for (const text of texts) {
    const expected = packaged.encode(text);
    for (const [i, tokenizer] of tokenizers.entries()) assert.deepEqual(tokenizer.encode(text), expected, `${JSON.stringify(text)} (table ${i})`);
    n++;
  }
  return n;
}

test('the corpus text tokenizes to the same ids', () => {
  const dir = fileURLToPath(new URL('../../corpus/papers', import.meta.url));
  const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  // At most the 640 characters useLiteWindow tokenizes of a long text (the tokenizer is quadratic in its input).
  const texts = lines.map((l) => l.replace(/^\s*[a-z_]+:\s*/, '').slice(0, 640)).filter((l) => l.length > 0);
  // Every fifth distinct line: titles, abstracts, authors, venues, ids (about 3,700).
  assert.ok(assertSameTokens([...new Set(texts)].filter((_, i) => i % 5 === 0)) > 3000);
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
