/**
 * A sentence embedder: texts in, L2-normalised vectors out.
 * Backends: the bundled Universal Sentence Encoder lite (offline default) and Transformers.js (MiniLM).
 */
export interface Embedder {
  /** Stable id recorded in the index manifest, e.g. `use-lite` or `minilm`. */
  readonly id: 'use-lite' | 'minilm';
  /** The model behind it, e.g. `Xenova/all-MiniLM-L6-v2`. */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, each of length `dimensions`, unit length. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
