/**
 * Body of the worker thread that trains a concept classifier (see trainInWorker in
 * concept-classifier.ts): training takes seconds for the bundled corpus, which the main thread of a
 * server must not spend. It gets the examples and concept ids and posts back the model's bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConceptClassifier, type TrainingExample } from './concept-classifier.ts';

const { examples, conceptIds } = workerData as { examples: TrainingExample[]; conceptIds: string[] };
const bytes = ConceptClassifier.train(examples, conceptIds).toBytes();
parentPort!.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
