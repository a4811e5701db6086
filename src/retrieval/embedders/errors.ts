/**
 * A configuration the user asked for cannot be honoured (e.g. MECHANISTIC_EMBEDDER=minilm without
 * the model); the message says what to do. Kept apart from the backends so that catching it does
 * not load a model runtime.
 */
export class EmbedderUnavailableError extends Error {}
