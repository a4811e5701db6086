/**
 * Issue 16, third round: methods described without their usual name are recognized by the curated
 * aliases of the real corpus, and a word that means something else outside explanations ("faithfulness"
 * of a summary) does not name the faithfulness concept. The texts are our own wording.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../src/corpus/load.ts';
import { AliasMatcher, isSpecificAlias } from '../../src/retrieval/concept-recognizer.ts';

const corpus = loadCorpus(DEFAULT_CORPUS_DIR);
const matcher = new AliasMatcher(corpus.concepts.values());
const specific = (text: string) => matcher.match(text).filter(isSpecificAlias).map((m) => m.conceptId);
/** Each text names its concept through a specific (multi-word) alias. */
const expectNamed = (cases: [string, string][]) => {
  for (const [text, id] of cases) assert.ok(specific(text).includes(id), `${id} not found by a specific alias in: ${text} (${specific(text).join(', ')})`);
};
/** No text names its concept through a specific alias. */
const expectNotNamed = (cases: [string, string][]) => {
  for (const [text, id] of cases) assert.ok(!specific(text).includes(id), `${id} named in: ${text}`);
};

test('methods named by what they do are recognized by specific aliases', () => {
  const cases: [string, string][] = [
    ['Earlier methods work by projecting hidden representations into the vocabulary space of the model.', 'logit-lens'],
    ['We let the model explain its own internal representations in natural language.', 'logit-lens'],
    ['We identify individual attention heads that push the answer up.', 'attention-head-roles'],
    ['With a sparse probe we localize individual neurons for each feature.', 'neuron-analysis'],
    ['Do models prefer the memorized answer when the prompt contradicts it?', 'context-vs-parametric-knowledge'],
    ['Ablating model components often leaves the output unchanged because later layers compensate.', 'ablation'],
    ['Models appear to represent concepts as directions in their hidden activations.', 'linear-representation-hypothesis'],
    ['We first identify a circuit and then explain the role of each circuit component.', 'circuits'],
    ['A benchmark for evaluating interpretability methods on disentangling attributes.', 'interpretability-benchmarks'],
  ];
  expectNamed(cases);
});

test('"faithfulness" alone (a summary faithful to its source) is not explanation faithfulness; faithful explanations are', () => {
  assert.ok(!matcher.match('We collect faithfulness labels for story summaries and measure inconsistencies.').some((m) => m.conceptId === 'faithfulness-plausibility'));
  assert.ok(specific('We measure the faithfulness of explanations produced by attribution methods.').includes('faithfulness-plausibility'));
  assert.ok(specific('Are these rationales plausible to humans yet unfaithful?').includes('faithfulness-plausibility'));
});

test('"human-interpretable features" does not name the faithfulness concept', () => {
  assert.ok(!matcher.match('We study how human-interpretable features are represented in neuron activations.').some((m) => m.conceptId === 'faithfulness-plausibility'));
});

test('issue 16, fourth round: 2024-25 vocabulary names its concept (our own wording)', () => {
  const cases: [string, string][] = [
    ['We extract persona vectors for traits such as flattery and use them to monitor the model.', 'steering-vectors'],
    ['A handful of attention heads responsible for copying the needle from a long context.', 'attention-head-roles'],
    ['Can a linear classifier detect lies told by a chat model from its activations?', 'truth-directions'],
    ['We find that the belief state geometry of a hidden Markov process appears in the residual stream.', 'emergent-world-models'],
    ['We score natural language explanations of features found by a dictionary.', 'automated-interpretability'],
    ['Models often give an unfaithful CoT when the prompt hints at an answer.', 'cot-mechanisms'],
    ['Is there a semantic hub where inputs in every language meet?', 'multilingual-latent-language'],
    ['We look for the mechanisms of cross-lingual alignment in multilingual models.', 'multilingual-latent-language'],
    ['The weight matrices can be interpreted in embedding space without running the model.', 'logit-lens'],
    ['We trace knowledge circuits that carry a fact from the subject to the answer.', 'knowledge-in-mlps'],
    ['A crosscoder learns a shared dictionary over the base and the chat model.', 'transcoders-crosscoders'],
    ['We test whether fine-tuning-based unlearning really removes the facts.', 'model-editing'],
    ['We study in-context learning from an information flow perspective over the demonstrations.', 'attention-flow'],
    ['Do dictionary latents form canonical units of analysis, or can they be split further?', 'feature-terminology'],
    ['We find two attention heads involved in reciting memorized text.', 'attention-head-roles'],
    ['With transcoders in place the model has linear computation graphs we can read circuits from.', 'attribution-graphs'],
  ];
  expectNamed(cases);
});

test('a planning game that tracks what has been asked is not automata analysis', () => {
  const text = 'An agent plays twenty questions and must keep state tracking over many turns to plan its next question.';
  assert.ok(!matcher.match(text).some((m) => m.conceptId === 'automata-formal-languages'));
  assert.ok(specific('Can a transformer learn state tracking in automata such as permutation groups?').includes('automata-formal-languages'));
});

test('issue 16, sixth round: vocabulary for head roles, lenses, knowledge neurons, binding and steering names its concept (our own wording)', () => {
  expectNamed([
    ['Many chat models put most of their attention on the beginning-of-sequence token, an attention sink.', 'attention-head-roles'],
    ['Why do so many heads attend to the first token of the prompt?', 'attention-head-roles'],
    ['Some heads build positional attention patterns from the rotary frequencies.', 'attention-head-roles'],
    ['We patch a hidden state into a second forward pass so the model can interpret embeddings in natural language.', 'logit-lens'],
    ['We locate knowledge neurons for each relation and compare them across languages.', 'knowledge-in-mlps'],
    ['The model uses a binding mechanism to tie each character to the object it holds.', 'entity-tracking-binding'],
    ['Activation steering along this direction makes the answers more formal.', 'steering-vectors'],
    ['Patching shows that the model keeps language-agnostic concept representations in the middle layers.', 'multilingual-latent-language'],
  ]);
  // "Attention sinks" are about which head attends where, not sparse attention for interpretable rationales.
  assert.ok(!specific('Every layer has attention sinks on the first token.').includes('sparse-attention'));
});

test('phrases common outside interpretability do not name these concepts (cross-lingual transfer, dialogue state tracking, controllable generation)', () => {
  expectNotNamed([
    ['We learn language-agnostic representations for zero-shot cross-lingual transfer.', 'multilingual-latent-language'],
    ['A neural belief tracker for task-oriented dialogue state tracking.', 'entity-tracking-binding'],
    ['Key-value memory networks for knowledge base question answering.', 'knowledge-in-mlps'],
    ['A plug-and-play decoder to steer generation toward a target topic.', 'steering-vectors'],
  ]);
});
