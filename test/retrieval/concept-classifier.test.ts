/** Issue 16: the concept classifier learned from the corpus's filed papers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCorpus } from '../../src/corpus/load.ts';
import { ConceptClassifier, conceptTrainingExamples, trainInWorker, visitOrder, type TrainingExample } from '../../src/retrieval/concept-classifier.ts';
import { conceptsByPaper, corpusConceptClassifier } from '../../src/retrieval/retriever.ts';
import { classifierFold, LeaveOutClassifiers } from '../../scripts/eval/systems.ts';

const examples: TrainingExample[] = [
  ...['we patch activations of attention heads from a clean run into a corrupted run', 'activation patching localizes the circuit by patching head outputs', 'causal tracing patches hidden states to find where facts are stored', 'interchange interventions patch representations between runs'].map((text, i) => ({ id: `p${i}`, text, concepts: ['activation-patching'] })),
  ...['a linear probe is trained on hidden states to predict part of speech', 'probing classifiers decode syntax from representations', 'we train probes on each layer to predict linguistic properties', 'control tasks for probes on hidden representations'].map((text, i) => ({ id: `q${i}`, text, concepts: ['probing'] })),
  ...['gradient saliency maps attribute the prediction to input tokens', 'integrated gradients attribute the output to input features', 'saliency methods attribute predictions to input words', 'input attribution with gradients times inputs'].map((text, i) => ({ id: `r${i}`, text, concepts: ['gradient-saliency'] })),
];
const concepts = ['activation-patching', 'probing', 'gradient-saliency'];

test('the classifier ranks the concept whose filed papers share the text\'s words first', () => {
  const model = ConceptClassifier.train(examples, concepts);
  assert.equal(model.classify('We patch the outputs of heads between a clean and a corrupted run.')[0]?.id, 'activation-patching');
  assert.equal(model.classify('Probes trained on hidden states predict syntax.')[0]?.id, 'probing');
  assert.equal(model.classify('Attribution of predictions to input tokens with integrated gradients.')[0]?.id, 'gradient-saliency');
  const scores = model.classify('probes on hidden states');
  assert.equal(scores.length, 3);
  assert.ok(scores.every((s) => s.score > 0 && s.score < 1));
});

test('training is deterministic, and the model survives a round trip through bytes; foreign bytes are refused', () => {
  const a = ConceptClassifier.train(examples, concepts);
  const b = ConceptClassifier.train(examples, concepts);
  assert.deepEqual(Buffer.from(a.toBytes()), Buffer.from(b.toBytes()));
  const read = ConceptClassifier.fromBytes(a.toBytes());
  assert.ok(read);
  const text = 'probing classifiers on each layer';
  assert.deepEqual(read.classify(text), a.classify(text));
  assert.equal(ConceptClassifier.fromBytes(a.toBytes().subarray(0, 100)), undefined);
  assert.equal(ConceptClassifier.fromBytes(new Uint8Array(16)), undefined);
});

test('each epoch visits the examples in an order keyed by their ids: adding or removing examples keeps the others\' order', () => {
  const ids = Array.from({ length: 200 }, (_, i) => `paper${i}`);
  const order = (list: string[], seed: number, epoch: number) => visitOrder(list, seed, epoch).map((i) => list[i]!);
  const all = order(ids, 7, 0);
  assert.deepEqual([...all].sort(), [...ids].sort());
  // A new concept's examples, put anywhere in the list, and a paper left out: the shared examples keep their order.
  const grown = ['concept:new-one', ...ids.slice(0, 100), 'paper-new', ...ids.slice(100)];
  const shrunk = ids.filter((id) => id !== 'paper42');
  const shared = (list: string[]) => list.filter((id) => ids.includes(id) && id !== 'paper42');
  assert.deepEqual(shared(order(grown, 7, 0)), shared(all));
  assert.deepEqual(shared(order(shrunk, 7, 0)), shared(all));
  // Still a shuffle: far from the list's own order, and another for each epoch and each seed.
  const moved = all.filter((id, i) => id !== ids[i]).length;
  assert.ok(moved > 180, `only ${moved} of 200 moved`);
  assert.notDeepEqual(order(ids, 7, 1), all);
  assert.notDeepEqual(order(ids, 8, 0), all);
  assert.deepEqual(order(ids, 7, 0), all);
});

test('several runs keep the mean of their weights: the mean of the logits of one run per seed', () => {
  // A logit is linear in the weights, so the mean model's logit is the mean of the runs' logits.
  const logit = (p: number) => Math.log(p / (1 - p));
  const text = 'we patch hidden states of heads and train probes on the layers';
  const mean = ConceptClassifier.train(examples, concepts, { runs: 4, seed: 7 }).classify(text);
  const runs = [7, 8, 9, 10].map((seed) => ConceptClassifier.train(examples, concepts, { seed }).classify(text));
  for (const c of concepts) {
    const expected = runs.reduce((sum, r) => sum + logit(r.find((s) => s.id === c)!.score), 0) / runs.length;
    const got = logit(mean.find((s) => s.id === c)!.score);
    assert.ok(Math.abs(got - expected) < 1e-4, `${c}: ${got} vs ${expected}`);
  }
  // The seeds do differ, one run is the plain training, and a count of runs that is not a whole number is refused.
  assert.notDeepEqual(Buffer.from(ConceptClassifier.train(examples, concepts, { seed: 8 }).toBytes()), Buffer.from(ConceptClassifier.train(examples, concepts).toBytes()));
  assert.deepEqual(Buffer.from(ConceptClassifier.train(examples, concepts, { runs: 1 }).toBytes()), Buffer.from(ConceptClassifier.train(examples, concepts).toBytes()));
  assert.throws(() => ConceptClassifier.train(examples, concepts, { runs: 0 }), /runs must be a whole number of at least 1, not 0/);
});

test('the bundled corpus\'s classifier is kept beside its snapshot and read back unchanged', async () => {
  const corpus = loadCorpus();
  const first = await corpusConceptClassifier(corpus);
  const again = await corpusConceptClassifier(corpus);
  assert.deepEqual(Buffer.from(again.toBytes()), Buffer.from(first.toBytes()));
  assert.deepEqual([...first.conceptIds], [...corpus.concepts.keys()].sort());
  // A paper filed under a concept is recognized as it (it was trained on).
  const inp = corpus.papers.get('ravfogel2020null');
  assert.ok(inp, 'INLP is in the corpus');
  assert.equal(first.classify(`${inp.title}\n${inp.abstract ?? ''}`)[0]?.id, 'concept-erasure');
});

test('leave-one-out classifiers are trained without the fold of the paper in question', () => {
  const full = loadCorpus();
  // A fifth of the corpus keeps the test quick; the folds are the same function of the id.
  const papers = new Map([...full.papers].slice(0, 400));
  const corpus = { ...full, papers };
  const all = conceptTrainingExamples(corpus, conceptsByPaper(corpus));
  const paper = [...papers.values()].find((p) => (conceptsByPaper(corpus).get(p.id)?.size ?? 0) > 0);
  assert.ok(paper);
  const fold = classifierFold(paper.id);
  const kept = all.filter((e) => e.id.startsWith('concept:') || classifierFold(e.id) !== fold);
  assert.ok(!kept.some((e) => e.id === paper.id));
  assert.ok(kept.length < all.length && kept.length > all.length / 2);
  const folds = new LeaveOutClassifiers(corpus);
  const model = folds.without(paper.id);
  assert.deepEqual(Buffer.from(model.toBytes()), Buffer.from(ConceptClassifier.train(kept, [...corpus.concepts.keys()]).toBytes()));
  assert.equal(folds.without(paper.id), model, 'one model per fold');
  const counts = new Array(5).fill(0);
  for (const id of full.papers.keys()) counts[classifierFold(id)]++;
  assert.ok(counts.every((n) => n > full.papers.size / 10), String(counts));
});

test('a classifier trained in a worker thread is the one trained in this thread', async () => {
  const inWorker = await trainInWorker(examples, concepts);
  assert.deepEqual(Buffer.from(inWorker.toBytes()), Buffer.from(ConceptClassifier.train(examples, concepts).toBytes()));
});
