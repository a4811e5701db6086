/**
 * A configuration the user asked for cannot be honoured (e.g. MECHANISTIC_EMBEDDER=minilm without
 * the model); the message says what to do. Kept apart from the backends so that catching it does
 * not load a model runtime.
 */
export class EmbedderUnavailableError extends Error {}

/**
 * The error a worker thread's failure to load the embedder stood for, from its name and message (errors
 * lose their class on the way from a worker thread): EmbedderUnavailableError keeps its class.
 */
export function loadFailureError(failed: { name: string; message: string }): Error {
  return failed.name === 'EmbedderUnavailableError' ? new EmbedderUnavailableError(failed.message) : new Error(failed.message);
}
