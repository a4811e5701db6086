import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyDefinitions, enforceConsistency, namesInterpretability, showsInterpretability, textCues } from '../../src/core/definitions.ts';
import { parseInput } from '../../src/core/input.ts';
import type { Concept } from '../../src/core/corpus-schema.ts';
import { DEFINITION_KEYS, type Definitions } from '../../src/core/types.ts';

function classify(text: string, concepts: { concept: Concept; score: number }[] = [], paper: Parameters<typeof classifyDefinitions>[0]['paper'] = null) {
  return classifyDefinitions({ text, concepts, channels: parseInput(text).channels, paper });
}

const patching: Concept = {
  id: 'activation-patching',
  name: 'Activation patching',
  description: 'Replace activations from one run with those of another and measure the change in output.',
  aliases: { mi: ['activation patching', 'causal tracing'], nlpi: ['causal mediation analysis'] },
  bearsOn: { causal: true, internals: true },
  precedents: [],
  miExamples: [],
  missed: 'Causal mediation analysis did this on language models first.',
  seedRows: [10],
  related: [],
};

/** Steering vectors, as a concept found with some confidence: a "not interpretability" verdict then rests on the text's cues. */
const steering: Concept = { ...patching, id: 'steering-vectors', name: 'Steering vectors', aliases: { mi: ['steering vectors'], nlpi: [] } };

/** The text reads as an engineering method: every sense is "no", and the engineering rule says why. */
function assertEngineering(text: string, concepts: { concept: Concept; score: number }[] = [{ concept: steering, score: 0.8 }]) {
  const d = classify(text, concepts);
  for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, `${k}: ${text}\n${d[k].evidence.join(' | ')}`);
  assert.match(d.broadCultural.evidence[0]!, /an engineering method .* judged by performance/);
}

function assertConsistent(d: Definitions) {
  if (d.narrowTechnical.applies === true) assert.equal(d.broadTechnical.applies, true, 'narrow technical ⇒ broad technical');
  if (d.broadTechnical.applies === true || d.narrowCultural.applies === true) assert.equal(d.broadCultural.applies, true, '⇒ broad cultural');
  if (d.broadCultural.applies === false) for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, `${k} must be false`);
}

test('patching attention heads is narrow and broad technical; culture cannot be told from the text', () => {
  const d = classify(
    'We patch the outputs of single attention heads from a clean run into a corrupted run to find which heads carry the indirect object',
    [{ concept: patching, score: 0.9 }],
  );
  assert.equal(d.narrowTechnical.applies, true);
  assert.equal(d.broadTechnical.applies, true);
  assert.equal(d.narrowCultural.applies, null);
  assert.equal(d.broadCultural.applies, true);
  assert.ok(d.narrowTechnical.evidence.some((e) => e.includes('"patch"')), d.narrowTechnical.evidence.join('|'));
  assert.ok(d.broadTechnical.evidence.some((e) => /attention heads?/.test(e)));
  assert.ok(d.narrowCultural.evidence[0]!.includes('who wrote'));
  assertConsistent(d);
});

test('a probing classifier on hidden states is broad but not narrow technical', () => {
  const d = classify('We train a linear probe on BERT hidden states to predict part-of-speech tags');
  assert.equal(d.narrowTechnical.applies, false);
  assert.equal(d.broadTechnical.applies, true);
  assert.equal(d.broadCultural.applies, true);
  assert.match(d.narrowTechnical.evidence.join(' '), /no intervention/);
  assertConsistent(d);
});

test('a question that is not about interpretability gets broad cultural = no and nothing else', () => {
  const d = classify('How fast is the SentencePiece tokenizer compared to the Hugging Face tokenizers library on long documents?');
  for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, k);
  assertConsistent(d);
});

test('training a model with more layers is not a study of internals', () => {
  const d = classify('We trained a transformer with 48 layers and more weights to improve translation accuracy');
  assert.equal(d.broadTechnical.applies, false);
  assert.equal(d.broadCultural.applies, false);
});

test('words for internals with nothing to say they are studied give "no", and the evidence names the words weighed instead of denying them', () => {
  const d = classify('We fine-tune a 12-layer BERT model and its representations for sentiment classification, and report accuracy on three benchmarks.');
  assert.equal(d.broadTechnical.applies, false);
  assert.match(d.broadTechnical.evidence[0]!, /^the text mentions "layer", "representations", but nothing else says the model's internals are studied/);
  const none = classify('We report accuracy on three sentiment benchmarks.');
  assert.equal(none.broadTechnical.applies, false);
  assert.match(none.broadTechnical.evidence[0]!, /^no mention of activations, weights, neurons, heads, layers or representations$/);
});

test('a forum link is evidence of the MI community; an ACL Anthology link of NLPI', () => {
  const forum = classify('https://www.lesswrong.com/posts/abc123/some-post we ablate neurons in GPT-2');
  assert.equal(forum.narrowCultural.applies, true);
  assert.match(forum.narrowCultural.evidence[0]!, /LessWrong/);
  const acl = classify('https://aclanthology.org/2020.blackboxnlp-1.1/ probing attention heads');
  assert.equal(acl.narrowCultural.applies, false);
  assert.match(acl.narrowCultural.evidence[0]!, /ACL Anthology/);
  assertConsistent(forum);
  assertConsistent(acl);
});

test('a resolved corpus paper decides narrow cultural by its labelled community', () => {
  const d = classify('Locating and editing factual associations', [], {
    title: 'Locating and Editing Factual Associations in GPT',
    community: 'MI',
    communityEvidence: ['channel: arXiv + NeurIPS; authors in the MI network'],
    venue: 'NeurIPS 2022',
  });
  assert.equal(d.narrowCultural.applies, true);
  assert.equal(d.broadCultural.applies, true);
  assertConsistent(d);
});

test('behavioural testing is interpretability in the broad sense but studies no internals', () => {
  const d = classify('We run behavioral testing of the language model with a checklist of input-output pairs');
  assert.equal(d.broadTechnical.applies, false);
  assert.equal(d.narrowTechnical.applies, false);
  assert.equal(d.broadCultural.applies, true);
});

test('enforceConsistency repairs every inconsistent combination', () => {
  const values = [true, false, null] as const;
  for (const nt of values) for (const bt of values) for (const nc of values) for (const bc of values) {
    const v = (applies: boolean | null) => ({ applies, confidence: 0.5, evidence: ['x'] });
    const d = enforceConsistency({ narrowTechnical: v(nt), broadTechnical: v(bt), narrowCultural: v(nc), broadCultural: v(bc) });
    assertConsistent(d);
  }
});

// Issue 16: interventions recognized by what is done, and "can't tell" for causal claims without a method.
test('interventions named by what is done count as narrow technical (issue 16)', () => {
  const cases = [
    'We identify style neurons and deactivate source-style-only neurons to change the generated text.',
    'We set the activations of these neurons to zero and measure the drop in accuracy.',
    'We propose a method for editing the internal representations of the LLM along a truthful direction.',
    'Householder rotation: activation editing that preserves the norm of hidden states.',
    'We add a steering-free difference vector to the residual stream at every layer.',
    'About 70% of the attention heads can be removed with minimal decline in task performance.',
    'Experiments involving the inhibition and amplification of identified neurons show that they are task-specific.',
    'Pretrained transformers are robust to skipping layers or running the layers in a different order.',
    'Removing this core region by setting parameters to zero results in a large drop across languages.',
  ];
  for (const text of cases) {
    const d = classify(text);
    assert.equal(d.narrowTechnical.applies, true, `${text}\n${d.narrowTechnical.evidence.join('\n')}`);
    assertConsistent(d);
  }
});

/** Whether a text's interpretability cues include one that means `means`. */
const hasInterpCue = (text: string, means: string): boolean => textCues(text).interp.some((h) => h.means === means);

/** Each text has the interpretability cue that means `means`, and is read as interpretability research. */
function assertReadAsInterpretability(means: string, texts: readonly string[]): void {
  for (const text of texts) {
    assert.ok(hasInterpCue(text, means), text);
    assert.equal(classify(text).broadCultural.applies, true, text);
  }
}

/** Each text describes an intervention on internals: narrow technical "yes", consistently with the other senses. */
function assertInterventions(texts: readonly string[]): void {
  for (const text of texts) {
    const d = classify(text);
    assert.equal(d.narrowTechnical.applies, true, `${text}\n${d.narrowTechnical.evidence.join(' | ')}`);
    assertConsistent(d);
  }
}

/** None of these texts is narrow technical (no intervention on internals). */
function assertNoIntervention(texts: readonly string[]): void {
  for (const text of texts) {
    const d = classify(text);
    assert.notEqual(d.narrowTechnical.applies, true, `${text}\n${d.narrowTechnical.evidence.join(' | ')}`);
  }
}

test('the noun and layer forms need a component as their object: perturbing inputs or skipping steps is not an intervention on internals', () => {
  assertNoIntervention([
    'We study the perturbation of input tokens and measure how the generated text changes.',
    'Skipping steps of the reasoning chain lowers accuracy on math benchmarks.',
  ]);
});

test('a causal claim about components without a named intervention is "can\'t tell", not "no" (issue 16)', () => {
  const d = classify('We identify the upstream attention heads responsible for activating next-token neurons in the MLP.');
  assert.equal(d.broadTechnical.applies, true);
  assert.equal(d.narrowTechnical.applies, null, d.narrowTechnical.evidence.join('\n'));
  const flow = classify('We trace the information flow from the goal states into the attention heads at the last token.');
  assert.equal(flow.narrowTechnical.applies, null);
  // Descriptive work stays "no".
  assert.equal(classify('A linear probe on the hidden states decodes part of speech at every layer.').narrowTechnical.applies, false);
});

test('an intervention verb a few words before its target, an injection into the weights or a measured causal effect is narrow technical', () => {
  assertInterventions([
    'Completely pruning retrieval heads leads to failure in retrieving relevant information, while pruning random heads does not.',
    'We evaluate localization by measuring how much dropping out identified neurons deletes a memorized sequence.',
    "Recent work shows that perturbing a model's activations at an early layer results in a step-function-like change.",
    'It constrains the false premise attention heads during the model inference process.',
    'Our method mitigates the bias by eliminating only a few neurons.',
    'We inject a piece of new information into a small subset of LLM weights and ask whether attribution methods find it.',
    'We train SAEs on the updates of transformer blocks and find that their learned features are interpretable and causally influence the generation process.',
    "This precise understanding of the internal representations allows us to control the model's behaviour with simple vector arithmetic.",
    'We observe circuit collapse in 1% of cases when the norms are artificially perturbed by 10%.',
    'Accuracy drops to chance when these heads are ablated, but not when random heads are.',
  ]);
  // The same verbs on inputs or training data are not interventions on internals.
  assertNoIntervention([
    'We prune the training data of duplicated documents and retrain the language model.',
    'Masking out random input tokens, we measure how the generated text of the model changes.',
  ]);
});

test('a claim about how the model works with no method named is "can\'t tell"; a named observational method keeps "no" (issue 16)', () => {
  for (const text of [
    'A mechanistic understanding of alignment algorithms: we study how DPO reduces toxicity in the attention heads of GPT-2.',
    'Why do LLMs attend to the first token? We argue that attention patterns of this kind avoid over-mixing in deep models.',
  ]) {
    const d = classify(text);
    assert.equal(d.broadTechnical.applies, true, text);
    assert.equal(d.narrowTechnical.applies, null, `${text}\n${d.narrowTechnical.evidence.join(' | ')}`);
    assert.match(d.narrowTechnical.evidence.join(' '), /say how the claim was tested/);
  }
  for (const text of [
    'A mechanistic account of truthfulness: a linear probe on the hidden states separates true from false statements.',
    'We train sparse autoencoders on the residual stream to understand how the model represents syntax.',
  ]) {
    const d = classify(text);
    assert.equal(d.narrowTechnical.applies, false, `${text}\n${d.narrowTechnical.evidence.join(' | ')}`);
    assert.ok(d.narrowTechnical.evidence.some((e) => e.includes('reads the internals without changing them')), d.narrowTechnical.evidence.join(' | '));
  }
});

test('interventions are recognized by what is done to the internals, not only by a named technique', () => {
  assertInterventions([
    'We corrupt the subject tokens and restore the hidden states one layer at a time to find where the fact is stored.',
    'We compute contrast vectors from pairs of prompts and add them to the hidden states of the model at inference time.',
    'We find a direction in the residual stream whose removal stops the model from refusing.',
    'Our method shifts model activations along truthful directions in a few attention heads.',
    'We erase gender information from the neural representations of an encoder and retrain a linear probe.',
    'We propose a knowledge editing method guided by which MLP layers of the transformer recall an attribute.',
  ]);
  // Adding the same vectors to the input prompt is not an intervention on internals.
  assert.notEqual(classify('We add the examples to the prompt and measure accuracy of the language model.').narrowTechnical.applies, true);
});

test('"not interpretability" needs positive evidence of another topic when the only interpretability evidence is one generic word', () => {
  const dataset = classify(
    'We propose an automated pipeline to build a multi-modal dialogue dataset: GPT-4 infers the speaker, the utterance and a rationale for sharing an image, and models trained on it outperform baselines.',
  );
  for (const k of DEFINITION_KEYS) assert.equal(dataset[k].applies, false, k);
  assert.match(dataset.broadCultural.evidence[0]!, /another topic .*"rationale"/);
  // The same generic word next to real interpretability evidence keeps the verdict.
  const interp = classify('We propose a method to evaluate whether rationales are faithful to the attention heads that the model uses, and it outperforms baselines.');
  assert.equal(interp.broadCultural.applies, true);
  // With no other topic, a lone generic word is still read as (broad) interpretability.
  assert.equal(classify('Are the rationales these models give faithful?').broadCultural.applies, true);
});

test('an engineering method on internals, judged by performance and never said to analyse a model, is not interpretability (issue 16)', () => {
  for (const text of [
    'We propose a structured pruning method that removes attention heads by their gradients, and it achieves superior accuracy at the same sparsity.',
    'We propose SafeShift, a training-free framework that steers activations away from a harm direction at test time; it outperforms fine-tuning defences.',
  ]) {
    assertEngineering(text, []);
  }
  // The same method with an analysis of the model, or named as interpretability, stays interpretability research.
  for (const text of [
    'We propose a structured pruning method that removes attention heads, and we find that the remaining heads track syntax; it achieves superior accuracy.',
    'We propose an interpretable steering method that shifts activations along a direction, and it outperforms prompting baselines.',
  ]) {
    assert.equal(classify(text).broadCultural.applies, true, text);
  }
});

test('an engineering method is recognized in more wordings: a named method with its acronym, a "mechanism" of its own, judged by efficacy, superiority or "simple yet effective" (issue 16)', () => {
  for (const text of [
    'Therefore, we propose SafeGuide, a simple yet effective method for harmlessness during inference. It takes safety steering vectors from an aligned model and uses them to guide the target model, and it lowers the attack success rate while downstream accuracy is kept.',
    // The method's own "routing mechanism" is not an account of how a model works.
    'We propose NeuRoute, a Neuron Detecting and Routing framework that selectively fine-tunes multilingual models, with a routing mechanism over the detected neurons; it is very effective against various strong baselines.',
    'In this work, we propose Activation Scrambling (ActScram), a defence mechanism that removes information about harmful representations across layers, and we report the efficacy of our defence.',
    'We propose a Learn to Patch (LTP) framework that teaches models to apply edited knowledge, and we demonstrate its superiority over advanced baselines in knowledge editing.',
  ]) {
    assertEngineering(text);
  }
  // Saying how the model works, or finding where something is inside it, keeps a method paper interpretability research.
  for (const text of [
    'We propose NeuRoute, a routing framework over neurons, and to understand how the model separates languages we look at the neurons it routes; it is very effective against strong baselines.',
    'We introduce Truth Shift (TS), a technique that locates truthful directions in a few attention heads and shifts activations along them, which improves the performance on a truthfulness benchmark.',
  ]) {
    assert.equal(classify(text, [{ concept: steering, score: 0.8 }]).broadCultural.applies, true, text);
  }
});

test('where something lives inside a model is analysis; a defence judged by withstanding attacks, or a method proposed after a first look, is engineering (issue 16)', () => {
  // Weights named as where something is encoded: a study of internals, though the text never says "activations".
  const weights = classify('We show that the topic of a corpus is encoded in the weights of a fine-tuned model: subtracting the base model gives a direction in weight space.');
  assert.equal(weights.broadTechnical.applies, true, weights.broadTechnical.evidence.join(' | '));
  // An editing method that says where the knowledge it edits is stored stays interpretability research.
  const editing = classify('Image generators store visual facts within their parameters. We introduce FixIt, a novel approach that rewrites one layer, and it achieves superior accuracy.', [{ concept: steering, score: 0.8 }]);
  assert.equal(editing.broadCultural.applies, true, editing.broadCultural.evidence.join(' | '));
  for (const text of [
    'We present an approach that controls the representations behind unsafe answers, so that chat models withstand unseen jailbreaks.',
    'We first look at the attention weights of replayed tasks, and then propose a head-selective distillation method for continual learning, which is efficient and beats replay.',
  ]) {
    const d = classify(text, [{ concept: steering, score: 0.8 }]);
    assert.equal(d.broadCultural.applies, false, `${text}\n${d.broadCultural.evidence.join(' | ')}`);
  }
});

test('an engineering method is recognized when it is judged by shown effectiveness, better generalization or a speed-up, or named as "this novel approach, denoted as" (issue 16)', () => {
  for (const text of [
    'We propose a sparse alignment method, TOPN, that updates only the neurons most related to preference data. Results on ten datasets have shown the effectiveness of TOPN.',
    'To handle edits that touch related facts, we propose a novel model editing method that uses a knowledge graph, and experiments on two LLMs show that it significantly improves the generalization capabilities of post-edit models.',
    'This paper proposes SPARK, an activation sparsification approach that thresholds each channel of the feed-forward layers, speeding up inference on edge devices by up to 1.3x.',
    'We aim to steer the hidden representations of an LLM towards human preferences. This novel approach, denoted as PREFREP, proves to be effective, computationally efficient and easy to implement.',
  ]) {
    assertEngineering(text);
  }
  // The same wordings beside an analysis of the model keep it interpretability research.
  const analysed = classify('We propose a sparse alignment method that updates only some neurons, and we investigate which neurons encode the preference. Results have shown the effectiveness of the method.', [{ concept: steering, score: 0.8 }]);
  assert.equal(analysed.broadCultural.applies, true, analysed.broadCultural.evidence.join(' | '));
});

test('faithfulness to the retrieved context is not an explanation\'s faithfulness, so it does not make an engineering method analysis; "subcircuit" names internals (issue 16)', () => {
  const heads: Concept = { ...patching, id: 'attention-head-roles', name: 'Roles of individual attention heads', aliases: { mi: ['attention heads'], nlpi: [] } };
  assertEngineering(
    'We propose HEADFAITH, a framework that trains the retrieval heads of an LLM to raise its contextual faithfulness, that is, faithfulness to the retrieved context, and it outperforms strong baselines on three QA benchmarks.',
    [{ concept: heads, score: 0.8 }],
  );
  // Faithfulness of explanations to the model is still explanation vocabulary.
  assert.ok(textCues('Are these explanations faithful to the model?').interp.some((h) => h.phrase === 'faithful'));
  assert.ok(!textCues('It raises faithfulness to the retrieved context.').interp.some((h) => /faithful/.test(h.phrase)));
  // The same words name the other topic, one vocabulary for both.
  assert.ok(textCues('It stays faithful to the retrieved passages.').otherTopic.some((h) => /faithful/.test(h.phrase)));
  assert.ok(textCues('A shared subcircuit lets LLMs count down across tasks.').internal.some((h) => h.phrase === 'subcircuit'));
});

test('internals the text says it does not need ("requires neither access to the model\'s activations") are not studied', () => {
  const blackBox = classify("We build a detector that requires neither access to the LLM's activations nor its weights: it asks follow-up questions and reads the answers.");
  assert.notEqual(blackBox.broadTechnical.applies, true, blackBox.broadTechnical.evidence.join(' | '));
  assert.ok(!blackBox.broadTechnical.evidence.some((e) => /"activations"/.test(e)), blackBox.broadTechnical.evidence.join(' | '));
  const whiteBox = classify("We build a detector that reads the LLM's activations at the last token and predicts whether the answer is a lie.");
  assert.equal(whiteBox.broadTechnical.applies, true, whiteBox.broadTechnical.evidence.join(' | '));
});

test('setting out to explain how a model works is interpretability; "analyses" on a benchmark are not analysis of a model (issue 16)', () => {
  for (const text of [
    'We study how language models solve grade-school word problems and what hidden reasoning process they follow when they err.',
    'Why in-context learning works in large language models is debated; its underlying mechanism is still unclear. We revisit the evidence with better baselines.',
  ]) {
    const d = classify(text);
    assert.equal(d.broadCultural.applies, true, `${text}\n${d.broadCultural.evidence.join(' | ')}`);
  }
  const concept: Concept = { ...patching, id: 'layer-wise-analysis', name: 'Layer-wise analysis', aliases: { mi: [], nlpi: ['layer-wise analysis'] }, bearsOn: { causal: false, internals: true } };
  const tuning = classify(
    'We propose NoisyMix, a simple yet effective fine-tuning technique that perturbs the hidden representations of every layer. We run extensive experiments and analyses on GLUE, and NoisyMix outperforms vanilla fine-tuning.',
    [{ concept, score: 0.8 }],
  );
  assert.equal(tuning.broadCultural.applies, false, tuning.broadCultural.evidence.join(' | '));
  // A method built on causal mediation analysis of the model's components analyses the model.
  const mediation = classify(
    'We propose a framework that uses causal mediation analysis to map which components of a vision-language model carry gender bias, and blurring the image encoder surpasses earlier debiasing.',
    [{ concept, score: 0.8 }],
  );
  assert.equal(mediation.broadCultural.applies, true, mediation.broadCultural.evidence.join(' | '));
});

test('"probe" as an everyday verb is not a probing classifier', () => {
  const d = classify('We probe whether large language models can answer multiple-choice questions without the question, using only the choices.');
  assert.notEqual(d.broadTechnical.applies, true, d.broadTechnical.evidence.join(' | '));
  assert.equal(classify('We train linear probes on the hidden states of every layer.').broadTechnical.applies, true);
  assert.equal(classify('Through simple probing, we show that prompt representations encode attributes of the whole response.').broadTechnical.applies, true);
});

test('an intervention the text denies ("without modifying the parameters") is not one; said plainly, it is', () => {
  const denied = classify('Our pruning module decides which vision tokens to drop. It can be added without modifying the original model parameters, so it is simple to apply.');
  assert.notEqual(denied.narrowTechnical.applies, true, denied.narrowTechnical.evidence.join(' | '));
  assert.ok(!denied.narrowTechnical.evidence.some((e) => /modifying/.test(e)));
  const claimed = classify('We analyse the model by modifying the original model parameters of single MLP layers and measuring how its predictions change.');
  assert.equal(claimed.narrowTechnical.applies, true, claimed.narrowTechnical.evidence.join(' | '));
  assertConsistent(denied);
  assertConsistent(claimed);
});

test('a causal analysis of internals counts as interpretability evidence in its own right', () => {
  const d = classify(
    'We patch the outputs of single attention heads from a clean run into a corrupted run to find which heads carry the indirect object',
    [{ concept: patching, score: 0.9 }],
  );
  assert.ok(d.broadCultural.evidence.some((e) => /intervenes on the internals/.test(e)), d.broadCultural.evidence.join(' | '));
  const probe = classify('We train a linear probe on BERT hidden states to predict part-of-speech tags');
  assert.ok(!probe.broadCultural.evidence.some((e) => /intervenes on the internals/.test(e)), 'reading internals is not intervening');
});

test('known authors say who wrote a text, not that it is interpretability: a compression study by NLP-interpretability authors is not', () => {
  const text =
    'Quantization and pruning compress large language models for efficient inference. Post-training methods rely on calibration data, a small set of examples used to generate layer activations. We present an empirical study of how the calibration data affects the compressed models across tasks.';
  const nlpiAuthors = { applies: false, confidence: 0.7, evidence: ['authors: X wrote 8 corpus papers labelled NLPI and none labelled MI'] };
  const byNlpi = classifyDefinitions({ text, concepts: [], channels: [], paper: null, fetchedCulture: nlpiAuthors });
  for (const k of DEFINITION_KEYS) assert.equal(byNlpi[k].applies, false, k);
  assert.match(byNlpi.broadCultural.evidence[0]!, /another topic .*"efficient"/);
  assert.deepEqual(
    DEFINITION_KEYS.map((k) => byNlpi[k].applies),
    DEFINITION_KEYS.map((k) => classifyDefinitions({ text, concepts: [], channels: [], paper: null })[k].applies),
    'the same verdicts as with no authors',
  );
  // Work from the MI community is interpretability research by definition (broad cultural), whatever its words.
  const miOrigin = { applies: true, confidence: 0.8, evidence: ['published on the Alignment Forum, a channel of the MI community'] };
  const byMi = classifyDefinitions({ text, concepts: [], channels: [], paper: null, fetchedCulture: miOrigin });
  assert.equal(byMi.broadCultural.applies, true);
  assertConsistent(byMi);
});

test('a concept found without a specific alias is weak evidence: next to another topic the text is not interpretability', () => {
  const text = 'We present an alteration to the kernel of a linear transformer that surpasses state space models on in-context recall and language modeling.';
  const faint = classifyDefinitions({ text, concepts: [{ concept: patching, score: 0.8, byAlias: false }], channels: [], paper: null });
  for (const k of DEFINITION_KEYS) assert.equal(faint[k].applies, false, k);
  assert.match(faint.broadCultural.evidence[0]!, /model-architecture topic/);
  // The same score from a specific alias in the text is interpretability evidence.
  const named = classifyDefinitions({ text, concepts: [{ concept: patching, score: 0.8, byAlias: true }], channels: [], paper: null });
  assert.equal(named.broadCultural.applies, true);
});

test('activations named as an engineering detail, with no interpretability word or concept, do not make a decoding method interpretability', () => {
  const d = classify('We introduce a decoding procedure that uses a small reward model and caches activations from prior generation steps; it matches state-of-the-art methods.');
  for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, k);
  // Activations studied as such are still a study of internals.
  assert.equal(classify('We study the activations of every layer of the model.').broadTechnical.applies, true);
});

test("the model's internal workings are internals", () => {
  const d = classify('We propose a method that detects hallucinations from the model internal workings alone and outperforms external baselines.');
  assert.equal(d.broadTechnical.applies, true, d.broadTechnical.evidence.join(' | '));
  assert.equal(d.broadCultural.applies, true);
});

test('modifying subsets of weights and pruning neuron weights are interventions', () => {
  const edit = classify('To make bias interpretable, we identify and modify subsets of weights that are associated with gender stereotypes in the language model.');
  assert.equal(edit.narrowTechnical.applies, true, edit.narrowTechnical.evidence.join(' | '));
  const prune = classify('It identifies the neurons responsible for the bias and then removes it by pruning the neuron weights of the model.');
  assert.equal(prune.narrowTechnical.applies, true, prune.narrowTechnical.evidence.join(' | '));
});

test('interventions described by what is done to components: scaling heads, removing subnetworks, causal experiments (issue 16, round 3)', () => {
  assertInterventions([
    'We find attention heads that promote the memorized answer. By scaling up or down the value vector of these heads, we can control the answer.',
    'We find sparse subnetworks that are critical for relational knowledge. When these subnetworks are removed, the network struggles to recall it.',
    'We train an affine probe for each layer of the model. With causal experiments, we show the lens uses features similar to the model itself.',
    'We find concept directions in the hidden activations and test their ability to causally change model output.',
  ]);
  // "Scale" as model size is not an intervention.
  assert.notEqual(classify('We study how attention heads change as the model scales up to 70B parameters.').narrowTechnical.applies, true);
});

test('"intervening" in a human or training sense is not an intervention on the model', () => {
  assertNoIntervention([
    'Human intervention is needed when the attention heads of the model fail on rare inputs.',
    'We study intervening in the training data and how the attention heads of the model change.',
  ]);
  assert.equal(classify('We intervene on the attention heads of the model and measure the change in output.').narrowTechnical.applies, true);
});

test('an intervention that names weights is evidence of a study of internals, unless the text is about another topic', () => {
  const edit = classify('We introduce local contrastive editing, which localizes a subset of weights. We identify and modify subsets of weights that encode gender stereotypes.');
  assert.equal(edit.broadTechnical.applies, true, edit.broadTechnical.evidence.join(' | '));
  assert.equal(edit.narrowTechnical.applies, true, edit.narrowTechnical.evidence.join(' | '));
  const finetune = classify('We fine-tune with low-rank adaptation, modifying the weights of the model, and outperform full fine-tuning baselines.');
  for (const k of DEFINITION_KEYS) assert.equal(finetune[k].applies, false, `${k}: ${finetune[k].evidence.join(' | ')}`);
});

test('faithfulness of a summary to its source is another topic, not explanation faithfulness', () => {
  const d = classify(
    'Human evaluation is the gold standard for checking faithfulness in abstractive summarization. We therefore introduce a new dataset of summaries with faithfulness labels and error explanations, and find that automatic metrics miss many inconsistencies.',
  );
  for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, `${k}: ${d[k].evidence.join(' | ')}`);
  assert.match(d.broadCultural.evidence[0]!, /summarization/);
  // Faithful explanations of a model stay interpretability.
  assert.equal(classify('Are the rationales these models give faithful explanations of their predictions?').broadCultural.applies, true);
});

test('zeroing components, replacing a representation with another, applying a fitted map to the hidden states are interventions', () => {
  assertInterventions([
    'Zeroing the neurons we found removes the behaviour from the model.',
    'We replace the subject representation with one taken from another prompt and watch the prediction of the model change.',
    'We fit a linear transformation between two layers and apply the fitted transformation to the hidden states of new subjects.',
  ]);
  const pretraining = classify('We replace the word embeddings with random vectors during pre-training and outperform strong baselines.');
  for (const k of DEFINITION_KEYS) assert.equal(pretraining[k].applies, false, `${k}: ${pretraining[k].evidence.join(' | ')}`);
});

test('"not interpretability" also holds when the text never says "model": hidden states named as an engineering detail of a new architecture', () => {
  const d = classify('We apply layer normalization to the hidden states of the new architecture, which outperforms strong baselines.');
  for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, `${k}: ${d[k].evidence.join(' | ')}`);
});

test('manipulating or tampering with neurons, and feeding internal representations back into the model, are interventions (issue 16, round 6)', () => {
  assertInterventions([
    'We identify language-specific neurons in decoder-only models; tampering with a few language-specific neurons during inference changes the output language.',
    'We identify domain-specific neurons in multimodal models; manipulating domain-specific neurons changes accuracy.',
    'We show that words are assembled at the last token, and feeding the last token internal representations of unseen words to the model as input lets it read them as whole words.',
  ]);
});

test('an intervention named only as future work is not one the paper made', () => {
  const d = classify(
    'Identifying important neurons is essential for interpretability. We rank neurons in attention and feed-forward layers by their contribution to the prediction. Our analysis sets the stage for future research in knowledge editing.',
  );
  assert.equal(d.broadTechnical.applies, true);
  assert.equal(d.narrowTechnical.applies, false, d.narrowTechnical.evidence.join(' | '));
  const done = classify('We locate the neurons that store a fact and show that knowledge editing of those neurons changes the answer.');
  assert.equal(done.narrowTechnical.applies, true, done.narrowTechnical.evidence.join(' | '));
});

test('cues found ahead of the concepts give the same verdicts, and cues of another text are not used', () => {
  const text = 'We patch the outputs of attention heads from a clean run into a corrupted run to find the circuit.';
  const concepts = [{ concept: patching, score: 0.9, byAlias: true }];
  const plain = classifyDefinitions({ text, concepts, channels: [], paper: null });
  assert.deepEqual(classifyDefinitions({ text, concepts, channels: [], paper: null, cues: textCues(text) }), plain);
  const other = textCues('A benchmark of cooking recipes that outperforms strong baselines.');
  assert.deepEqual(classifyDefinitions({ text, concepts, channels: [], paper: null, cues: other }), plain);
});

test('what a model encodes and where, which layers do what, and analyses of a model\'s representations are studies of internals (issue 16, round 10)', () => {
  for (const text of [
    'We show that a frozen language model without position embeddings still encodes positional information about each token.',
    'We find a one-dimensional subspace in a single layer that encodes whether the answer comes from the context.',
    'The lower layers of the model mostly capture surface features, while the higher layers learn syntax.',
    'We locate the layers in which the model stops attending to the demonstrations.',
    'Do image and text models converge? We compare LM representations with those of vision models across four model families.',
    'We build a new measure for analyzing neural representations and test it on language and vision models.',
  ]) {
    const d = classify(text);
    assert.equal(d.broadTechnical.applies, true, `${text}\n${d.broadTechnical.evidence.join(' | ')}`);
    assert.equal(d.broadCultural.applies, true, text);
    assert.equal(d.narrowTechnical.applies, false, text);
  }
  // The everyday senses stay out: encoding text with an encoder, a model with more layers.
  for (const text of ['We encode each document with a sentence encoder and retrieve the nearest passages.', 'A deeper model with more layers trains faster on our benchmark.']) {
    assert.notEqual(classify(text).broadTechnical.applies, true, text);
  }
});

test('injections into heads or layers, masking out whole layers, mapping representations into another language\'s and causally important activations are interventions (issue 16, round 10)', () => {
  assertInterventions([
    'We correct reasoning failures with targeted injections of retrieved facts into one attention layer of GPT-2 during inference.',
    'Accuracy collapses when masking out entire layers after the point where the task is recognized.',
    'A module converts the hidden representations of a Swahili query into English-like ones inside the model, and factual recall improves.',
    'Activations on the squares of future moves are causally important for the network\'s chosen move.',
  ]);
  // Injecting noise into the training data or converting a dataset is not an intervention on internals.
  assertNoIntervention(['We convert the raw documents into a question-answering dataset and inject noise into the training labels.']);
});

test('gradient attribution named in other words is input attribution: interpretability, not a study of internals', () => {
  for (const text of ['We compare vanilla gradients and gradient x input attributions on a sentiment classifier.', 'We extend integrated gradients to integrated Jacobians for encoders that compare two sentences.']) {
    const d = classify(text);
    assert.equal(d.broadCultural.applies, true, text);
    assert.equal(d.broadTechnical.applies, false, `${text}\n${d.broadTechnical.evidence.join(' | ')}`);
    assert.match(d.broadTechnical.evidence.join(' '), /input attribution/, text);
  }
});

test("a learned model's confident reading is interpretability evidence: it keeps a proposed method on neurons from \"another topic\", and only above its bar (issue 16, round 16)", () => {
  const text = 'We present an algorithm that mines the neurons shared by many vision models and visualizes the concepts they represent in each model.';
  const without = classify(text);
  for (const k of DEFINITION_KEYS) assert.equal(without[k].applies, false, `${k}: ${without[k].evidence.join(' | ')}`);
  assert.match(without.broadCultural.evidence[0]!, /about another topic/);
  const read = (probability: number) => classifyDefinitions({ text, concepts: [], channels: [], paper: null, reading: { probability, bar: 0.5 } });
  // Below its bar the reading changes nothing.
  assert.deepEqual(read(0.49), without);
  const d = read(0.9);
  assertConsistent(d);
  assert.equal(d.broadCultural.applies, true, d.broadCultural.evidence.join(' | '));
  assert.match(d.broadCultural.evidence.join(' | '), /model trained on hand-labelled abstracts reads it as interpretability research \(probability 0\.90\)/);
  // In an interpretability text "represent" and "neurons" are a study of internals; nothing says they were intervened on.
  assert.equal(d.broadTechnical.applies, true, d.broadTechnical.evidence.join(' | '));
  assert.equal(d.narrowTechnical.applies, false);
});

test("a learned model's confident reading also stands against the engineering rule", () => {
  const text = 'We introduce LACOAT, a method that maps each salient representation behind a prediction to a latent concept, and it outperforms earlier methods on three benchmarks.';
  const concepts = [{ concept: steering, score: 0.8 }];
  assertEngineering(text, concepts);
  const d = classifyDefinitions({ text, concepts, channels: [], paper: null, reading: { probability: 0.96, bar: 0.5 } });
  assert.equal(d.broadCultural.applies, true, d.broadCultural.evidence.join(' | '));
  assert.equal(d.broadTechnical.applies, true, d.broadTechnical.evidence.join(' | '));
});

test('a model that fails to outperform another is not a method judged by beating baselines ("falls short of outperforming BERT")', () => {
  for (const t of ['While PIXEL transfers across scripts, it falls short of outperforming monolingual subword counterparts like BERT.', 'The probe does not outperform a random baseline.', 'Larger models fail to surpass the base model.']) {
    const cues = textCues(t);
    assert.ok(!cues.otherTopic.some((h) => /outperform|surpass/.test(h.phrase)), t);
    assert.ok(!cues.performance.some((h) => /outperform|surpass/.test(h.phrase)), t);
  }
  // Said of the method itself, it still is.
  const claim = textCues('Our method outperforms strong baselines and surpasses prior work.');
  assert.ok(claim.otherTopic.some((h) => h.phrase === 'outperforms'));
  assert.ok(claim.performance.some((h) => /outperform/.test(h.phrase)));
});

test('knowledge editing as a task (a benchmark of edits, editing by prompting) is not interpretability; editing that names what it locates or edits is', () => {
  const editing: Concept = { ...patching, id: 'model-editing', name: 'Model editing and localised knowledge', aliases: { mi: ['ROME'], nlpi: ['knowledge editing'] } };
  const concepts = [{ concept: editing, score: 1, byAlias: true }];
  const read = (text: string, probability = 0.05) => classifyDefinitions({ text, concepts, channels: [], paper: null, reading: { probability, bar: 0.5 } });
  const task =
    'Knowledge editing keeps the facts a language model states up to date. We collect a set of multi-hop questions whose answers change when one fact is edited, and evaluate how well current editing methods, which update model weights, carry the edit over to the related questions.';
  const d = read(task);
  for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, `${k}: ${d[k].evidence.join(' | ')}`);
  assert.match(d.broadCultural.evidence[0]!, /^knowledge editing as a task \("knowledge editing"\): .*names no component it locates or edits/);
  // Naming the edited components, a locating method, or an account of how the model works keeps it interpretability research.
  assert.equal(read(`${task} We find the edits change the MLP neurons of the middle layers.`).broadCultural.applies, true);
  assert.equal(read(`${task} Methods such as ROME collapse after many edits.`).broadCultural.applies, true);
  assert.equal(read(`${task} We explain the hidden mechanisms behind the failures.`).broadCultural.applies, true);
  // The learned model reading it as interpretability research, or a short question (no reading), keeps the verdict.
  assert.equal(read(task, 0.9).broadCultural.applies, true);
  assert.equal(classifyDefinitions({ text: 'Is knowledge editing of model weights mechanistic?', concepts, channels: [], paper: null }).broadCultural.applies, true);
});

test('"mechanistic (architecture) design" is an engineering term, not mechanistic interpretability; a mechanistic analysis still is', () => {
  for (const t of ['We ground architecture search in a mechanistic architecture design pipeline of synthetic capability tests.', 'A mechanistic design loop picks the hybrid that scales best.']) {
    const cues = textCues(t);
    assert.ok(!cues.interp.some((h) => /mechanistic/.test(h.phrase)), t);
    assert.equal(namesInterpretability(cues), false, t);
  }
  for (const t of ['We give a mechanistic analysis of how the model adds numbers.', 'This calls for mechanistic interpretability of hybrid models.']) {
    assert.ok(textCues(t).interp.some((h) => /mechanistic/.test(h.phrase)), t);
  }
});

test('a text names interpretability by one strong word, an attribution method or an account of how the model works, even next to another topic; a weak word does not', () => {
  const named = textCues('The method outperforms strong baselines and adds to the interpretability of the model.');
  assert.ok(named.otherTopic.length > 0);
  assert.equal(showsInterpretability(named), false, 'one signal next to another topic is not shown');
  assert.equal(namesInterpretability(named), true);
  assert.equal(namesInterpretability(textCues('We compute integrated gradients for every token and outperform baselines.')), true);
  assert.equal(namesInterpretability(textCues('Our prompting method outperforms baselines and gives explanations to users.')), false, '"explanations" alone is a weak word');
});

test('an intervention described by any act on a component whose effect is then watched is narrow technical (issue 16, round 28)', () => {
  assertInterventions([
    // The act and its effect in one sentence, with "we", "I" or an opening gerund.
    'We mute the output of a single attention head in layer 5 and measure how far the agreement accuracy of the model drops.',
    'I multiply the activation of a single neuron by ten and check whether the model starts producing plural verbs.',
    'Dampening twenty neurons in the final MLP cuts the overconfident answers of the model.',
    'Flipping the sign of the residual stream component along the truth direction makes the model call true statements false.',
    'We cap a dictionary latent at a tenth of its maximum during generation and compare how often the model writes legalese.',
    // The effect in the next sentence; a stop inside "head 5.1" does not end the first.
    'We average out the value vectors of head 5.1 over unrelated sentences. Then we check whether the model can still copy the name.',
    // Verbs the named patterns missed: clamp with no ending, overwrite, insert at a layer, project out, scale an output.
    'We clamp a sparse autoencoder feature to ten times its maximum activation and the model starts talking about bridges.',
    "We overwrite the hidden state at the subject's last token with the one from another prompt and the predicted country changes.",
    'We insert a learned vector at layer 20 of the model and the model answers in French.',
    "We project out the gender direction from every layer's representations of the model and gender bias in coreference drops.",
    'We scale down the output of the MLP in layer 12 by half and measure the drop in factual recall of the model.',
    'We replace the attention pattern of head 5.1 with a uniform distribution and the induction behaviour of the model disappears.',
    'We subtract the mean difference between refusal and compliance activations from the residual stream and the model stops refusing.',
    // An act after a colon, on a pronoun's referent, whose effect is a jailbreak.
    'We found that a single direction of the model mediates refusal: removing it from the weights jailbreaks the model.',
  ]);
});

test('reading, training or describing internals is not an act on them, even when an effect is measured next (issue 16, round 28)', () => {
  const notActs = [
    "We train a linear classifier on each layer's hidden states and measure whether its accuracy drops with depth.",
    'We decode every intermediate layer through the unembedding matrix and check whether the answer changes from layer to layer.',
    'We cluster the activations of MLP neurons over a corpus and see which tokens make each cluster fire.',
    'We carefully inspect the network weights and check whether the model changes over training.',
    'We first find that a dominant direction in the residual stream predicts whether the model refuses.',
    'Existing works treat the activations of the model as fixed and measure how the outputs change.',
    'During training we freeze all layers but the last two and accuracy drops.',
    'The answer is given by the hidden states of the last layer, and the model changes its answer.',
  ];
  for (const text of notActs) {
    const cues = textCues(text);
    assert.deepEqual(cues.causal.map((h) => h.phrase), [], `${text}\n${cues.causal.map((h) => h.means).join(' | ')}`);
  }
  // Acts on the inputs, or on internals for speed or accuracy, are not interventions that make a causal claim about internals.
  assert.notEqual(classify('We swap the order of the answer options in the prompts and measure how often the model changes its answer.').narrowTechnical.applies, true);
  const engineering = classify('We compress the KV cache by keeping the key and value vectors of the most attended tokens to cut memory use and latency.');
  for (const k of DEFINITION_KEYS) assert.equal(engineering[k].applies, false, `${k}: ${engineering[k].evidence.join(' | ')}`);
  // The act is quoted as the evidence, and the verdict says the intervention is on internals.
  const muted = classify('We mute the output of one attention head and measure how far accuracy drops.');
  assert.equal(muted.narrowTechnical.applies, true);
  assert.ok(muted.narrowTechnical.evidence.some((e) => e.startsWith('"we mute the output of one attention head" (acting on an internal component')), muted.narrowTechnical.evidence.join(' | '));
});

test('training-data attribution (influence functions, TracIn, tracing a prediction to its training examples) is interpretability, not a study of internals (issue 16, round 29)', () => {
  for (const text of [
    'We scale influence functions to a 50-billion-parameter language model and ask which documents shape its answers.',
    'Using TracIn, we retrieve the fine-tuning samples most influential for test predictions in each language.',
    'We propose a data attribution method that outperforms prior baselines at finding the training documents behind a toxic generation.',
    'We trace the influence of pretraining data on memorised outputs by unlearning one dataset at a time.',
  ]) {
    const d = classify(text);
    assert.equal(d.broadCultural.applies, true, `${text}\n${d.broadCultural.evidence.join(' | ')}`);
    assert.match(d.broadCultural.evidence.join(' '), /training-data attribution/, text);
    assert.equal(d.broadTechnical.applies, false, text);
    assert.match(d.broadTechnical.evidence.join(' '), /explains behaviour from the training data/, text);
  }
  // Data selection for training names no attribution method: still a training topic.
  const selection = classify('We propose a data selection strategy for instruction fine-tuning that outperforms random sampling with a tenth of the data.');
  assert.equal(selection.broadCultural.applies, false, selection.broadCultural.evidence.join(' | '));
});

test('an attribution method next to another topic is not "a generic word": saliency in a prompt-engineering study keeps it interpretability (issue 16, round 29)', () => {
  const text = 'We compare prompt engineering techniques across tasks and use gradient-based saliency scores to show how prompts change the relevance of input tokens.';
  assert.equal(classify(text).broadCultural.applies, true);
});

test('a model taken apart into components, interpreting AI systems, facts encoded differently, an attention score and feed-forward network blocks are read (issue 16, round 29)', () => {
  const cases: [string, RegExp][] = [
    ['We decompose the chat model into 1000+ components and rank each by how much it suppresses the correct answer.', /taken apart into its components/],
    ['Our results show how hard it is to interpret advanced AI systems.', /interpreting what a model computes/],
    ['We hypothesise that mutable facts are encoded differently than immutable ones in language models.', /encodes where/],
    ['Memorisation correlates with the attention score distribution of the fine-tuned language model.', /attention weights are internal/],
    ['Drawing on the key-value memory view of transformer feed-forward network blocks, we define a composition score.', /MLP layers are internal/],
  ];
  for (const [text, means] of cases) {
    const cues = textCues(text);
    const found = [...cues.internal, ...cues.interp].map((h) => h.means).join(' | ');
    assert.match(found, means, text);
    assert.equal(classify(text).broadCultural.applies, true, text);
  }
  // "Components" of a task or a pipeline, and principal components, are not a model's parts.
  for (const text of ['We decompose the task into simpler steps and components of the pipeline.', 'The first principal components explain most variance of the scores.']) {
    assert.equal(textCues(text).internal.filter((h) => /components/.test(h.means)).length, 0, text);
  }
});

test('asking what a model implicitly learns, encodes or represents is analysis of what it learned; a capability question ("do LLMs know") is not (issue 16, round 29)', () => {
  assertReadAsInterpretability('analysis of what a model learned', [
    'Do language models implicitly learn a notion of fairness? We read it from the leading directions of their sentence embeddings.',
    'We test whether vision-language models encode object counts in a way a linear readout can recover.',
    'The network internally represents the board state even though it is trained only on move sequences.',
  ]);
  assert.equal(textCues('Do large language models know when they are wrong? We prompt them to rate their own answers.').interp.length, 0);
});

test('a claim about mechanisms next to a named attribution method is a non-causal account, "no" rather than "can\'t tell" (issue 16, round 29)', () => {
  const d = classify('We use a training data attribution method to analyse the cross-lingual sharing mechanisms of multilingual models.');
  assert.equal(d.broadCultural.applies, true);
  assert.equal(d.narrowTechnical.applies, false, d.narrowTechnical.evidence.join(' | '));
});

test('a model explaining its own predictions is interpretability; explanations used as prompts or training data next to a performance claim are not (issue 16, round 30)', () => {
  assertReadAsInterpretability('a model explaining its own predictions', [
    'Models that generate free-text explanations (NLEs) for their predictions need many annotated explanations. We propose a few-shot fine-tuning method that jointly generates labels and explanations, and it outperforms strong baselines.',
    'We fine-tune a small classifier on explanations written by a larger model. Accuracy beats the baselines, yet most generated explanations do not adequately justify the predicted labels.',
    'Self-rationalizing models are trained to output a rationale with every answer; we fine-tune them with a new objective and beat the state of the art.',
  ]);
  const asData = 'We add human-written natural language explanations to in-context prompts and show the approach outperforms strong baselines on adversarial inference datasets.';
  assert.equal(hasInterpCue(asData, 'a model explaining its own predictions'), false);
  assert.equal(classify(asData).broadCultural.applies, false, classify(asData).broadCultural.evidence.join(' | '));
});

test('rationalized predictions, intermediate representations analysed, where a capability comes from; a method that keeps its performance is judged by it (issue 16, round 30)', () => {
  assert.ok(hasInterpCue('We train a rationalized transformer classifier that scores input tokens by relevance.', 'a model explaining its own predictions'));
  assertReadAsInterpretability('analysing or interpreting what a model computes', [
    'Given exemplars of random walks on a graph, we analyze intermediate representations of the model as the context grows.',
  ]);
  assert.ok(textCues('It is unclear where this capability comes from, given the gap between pre-training text and prompts.').explainsModel.length > 0);
  // Quantization that keeps the model's performance: an engineering method on weights and activations.
  const quantized = 'We introduce RotQuant, a new scheme that quantizes all weights and activations to 4 bits and retains 99% of the zero-shot performance.';
  assert.ok(textCues(quantized).performance.length > 0 && textCues(quantized).proposesMethod.length > 0);
  assert.equal(classify(quantized).broadCultural.applies, false, classify(quantized).broadCultural.evidence.join(' | '));
});

test('broad technical as the seed defines it: attribution to inputs or training data is not a study of internals, whatever generic words it uses', () => {
  // Saliency over input tokens of a model "with millions of parameters" and "contextual representations": the words
  // describe the model being explained, not what the work reads.
  const saliency = classify('We compare integrated gradients and LIME explanations of a sentiment classifier whose contextual representations come from a model with millions of parameters, and ask annotators which tokens matter.');
  assert.equal(saliency.broadTechnical.applies, false, saliency.broadTechnical.evidence.join(' | '));
  assert.match(saliency.broadTechnical.evidence[0]!, /integrated gradients.*inputs and outputs, not internals/);
  assert.equal(saliency.broadCultural.applies, true);
  const influence = classify('We use influence functions to find which training sequences most shape the generalization of a language model with 52 billion parameters.');
  assert.equal(influence.broadTechnical.applies, false, influence.broadTechnical.evidence.join(' | '));
  assert.match(influence.broadTechnical.evidence[0]!, /training data/);
  // Attribution that names a specific component studies it.
  const heads = classify('We use integrated gradients to attribute the prediction to individual attention heads and find a few heads that matter.');
  assert.equal(heads.broadTechnical.applies, true, heads.broadTechnical.evidence.join(' | '));
  const layers = classify('We compute Shapley values for layer importance in large language models and find cornerstone layers.');
  assert.equal(layers.broadTechnical.applies, true, layers.broadTechnical.evidence.join(' | '));
});

test('a concept also studied from behaviour alone counts for broad technical only where the text names internals or an act on them', () => {
  const memorization: Concept = { ...patching, id: 'memorization', name: 'Memorization', aliases: { mi: ['memorization'], nlpi: [] }, bearsOn: { causal: false, internals: true, alsoBehavioural: true } };
  const found = [{ concept: memorization, score: 0.9 }];
  const counted = classify('We measure how much of its training data a language model memorizes verbatim across checkpoints, and which examples are memorized early.', found);
  assert.equal(counted.broadTechnical.applies, false, counted.broadTechnical.evidence.join(' | '));
  assert.equal(counted.broadCultural.applies, true, 'still interpretability research');
  // The same text with the concept not marked as studied from behaviour: the concept is the evidence.
  const always = classify('We measure how much of its training data a language model memorizes verbatim across checkpoints, and which examples are memorized early.', [{ concept: { ...memorization, bearsOn: { causal: false, internals: true } }, score: 0.9 }]);
  assert.equal(always.broadTechnical.applies, true);
  assert.ok(always.broadTechnical.evidence.some((e) => e.includes('concept "Memorization"')));
  // Named internals, or an act on them, bring the concept back.
  const neurons = classify('We localize memorized sequences to a handful of neurons in the lower layers of a language model.', found);
  assert.equal(neurons.broadTechnical.applies, true, neurons.broadTechnical.evidence.join(' | '));
  const steered = classify('We steer a language model away from reciting memorized sequences and measure how much verbatim recall drops.', found);
  assert.equal(steered.broadTechnical.applies, true, steered.broadTechnical.evidence.join(' | '));
  // An intervention in words that fit data as well ("we ablate") does not.
  const ablated = classify('We ablate duplicated sequences from the training data and measure how much verbatim memorization drops.', found);
  assert.equal(ablated.broadTechnical.applies, false, ablated.broadTechnical.evidence.join(' | '));
});

test("complexity theory's circuits are not a model's circuits; attributing to layers or heads names components", () => {
  const circuits = (text: string) => textCues(text).internal.filter((h) => h.means === 'circuits are sets of internal components').map((h) => h.phrase);
  assert.deepEqual(circuits('Log-precision transformers can be simulated by uniform threshold circuits, a result of circuit complexity.'), []);
  assert.deepEqual(circuits('The class is bounded by TC0 circuits and Boolean circuits of constant depth.'), []);
  assert.deepEqual(circuits('We find a circuit of six attention heads that performs the task.'), ['circuit']);
  const components = (text: string) => textCues(text).internal.filter((h) => h.means === 'attributing to internal components').map((h) => h.phrase);
  assert.deepEqual(components('We estimate layer importance with Shapley values.'), ['layer importance']);
  assert.deepEqual(components('We measure the importance of individual heads by attribution.'), ['importance of individual heads']);
  assert.deepEqual(components('We measure the importance of individual tokens by attribution.'), []);
});

test('setting out to explain how a model works, in more words: how models handle or acquire something, how a part operates inside a model, shedding light on how models work (issue 16, round 33)', () => {
  const explains = (t: string) => textCues(t).explainsModel.length > 0;
  assert.ok(explains('We explore how language models handle benign requests that contain unsafe words.'));
  assert.ok(explains('We ask how large language models acquire knowledge at different depths of the network.'));
  assert.ok(explains('Our findings show how query and key vectors operate in LLMs.'));
  assert.ok(explains('These results shed new light on how transformers track entities.'));
  assert.ok(explains('The analysis sheds light on the inner workings of the encoder.'));
  // The same verbs about people, data or a system, not a model, say nothing of how a model works.
  assert.equal(explains('We study how annotators handle ambiguous sentences.'), false);
  assert.equal(explains('We show how the pipeline operates in production.'), false);
  assert.equal(explains('Our results shed light on how users choose between systems.'), false);
  // A behavioural analysis that sets out to explain the model is interpretability research in the broad sense.
  const overRefusal = classify('Chat models sometimes refuse benign questions. We explore how models handle and judge the safety of such questions, and find that they attend too much to a few harmful words.');
  assert.equal(overRefusal.broadCultural.applies, true, overRefusal.broadCultural.evidence.join(' | '));
});

test('locating the components a behaviour depends on is interpretability, even in a text about fine-tuning (issue 16, round 33)', () => {
  const cue = 'locates the components a behaviour depends on';
  assert.ok(hasInterpCue('We identify the attention heads that are responsible for copying names.', cue));
  assert.ok(hasInterpCue('Our method locates sparse neurons critical for refusal.', cue));
  assert.equal(hasInterpCue('We identify the regions of the country that are vital for tourism.', cue), false);
  assert.equal(hasInterpCue('We identify factors critical for the success of fine-tuning.', cue), false);
  const brittle = classify('Safety alignment breaks under fine-tuning. We develop methods to identify the regions that are vital for the safety guardrails at the neuron level; removing these regions compromises safety while keeping utility.');
  assert.equal(brittle.broadCultural.applies, true, brittle.broadCultural.evidence.join(' | '));
  assert.equal(brittle.broadTechnical.applies, true, brittle.broadTechnical.evidence.join(' | '));
});

test('an efficiency method on heads, weights or activations is not interpretability, even with words of investigation or authors from the MI community (issue 16, round 35)', () => {
  // Written for this test, in the shape of the pruning, KV-cache and streaming papers the real splits label as not
  // interpretability.
  const pruning =
    'We introduce Trimly, a novel pruning method that removes weights with the smallest magnitudes multiplied by the norms of their input activations, and needs no retraining. Trimly outperforms magnitude pruning on zero-shot tasks at 50% sparsity.';
  const kvCache =
    'We propose HeadCache, a novel compression technique for the KV cache. We investigate which attention heads need the full context and keep the whole cache only for those few heads. HeadCache cuts the memory footprint by 60% and is efficient at long contexts.';
  for (const text of [pruning, kvCache]) {
    const d = classify(text, [{ concept: steering, score: 0.9 }]);
    for (const k of DEFINITION_KEYS) assert.equal(d[k].applies, false, `${k}: ${text}\n${d[k].evidence.join(' | ')}`);
    // With no word of investigation, the engineering rule already says so; "we investigate" took the KV-cache method past it.
    assert.match(d.broadCultural.evidence[0]!, text === kvCache ? /^an efficiency method \("we propose headcache, a novel compression technique", "compression"\) judged by performance/ : /^an (engineering|efficiency) method .* judged by performance/);
  }
  // Authors from the MI community say who wrote it, not that it is interpretability research.
  const miAuthors = { applies: true, confidence: 0.7, evidence: ['authors: Y (last author) wrote 2 corpus papers labelled MI and none labelled NLPI'] };
  const byMiAuthors = classifyDefinitions({ text: pruning, concepts: [], channels: [], paper: null, fetchedCulture: miAuthors });
  for (const k of DEFINITION_KEYS) assert.equal(byMiAuthors[k].applies, false, k);
  assert.match(byMiAuthors.broadCultural.evidence[0]!, /^an efficiency method \("we introduce trimly, a novel pruning method", "pruning"\)/);
  // Published on an MI channel, or a known corpus paper, or named as interpretability: the verdict stands.
  const onForum = { applies: true, confidence: 0.8, evidence: ['channel: published on the AI Alignment Forum, a channel of the MI community'] };
  assert.equal(classifyDefinitions({ text: pruning, concepts: [], channels: [], paper: null, fetchedCulture: onForum }).broadCultural.applies, true);
  const known = { title: 'Trimly', community: 'MI' as const, communityEvidence: ['written by MI authors'], venue: 'arXiv' };
  assert.equal(classifyDefinitions({ text: pruning, concepts: [], channels: [], paper: known }).broadCultural.applies, true);
  assert.equal(classify(`${pruning} The kept weights make the pruned model more interpretable.`).broadCultural.applies, true);
  // A finding about what the components compute is an analysis of the model, as in an engineering method.
  const finding = `${kvCache} We find that the kept heads track syntactic dependencies.`;
  assert.ok(textCues(finding).understanding.some((h) => h.means === 'finds what components compute'));
  const withConcept = (text: string) => classify(text, [{ concept: steering, score: 0.9 }]).broadCultural;
  assert.equal(withConcept(finding).applies, true, withConcept(finding).evidence.join(' | '));
});
