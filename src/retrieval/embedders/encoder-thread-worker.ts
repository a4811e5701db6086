/**
 * Body of the one encoder thread a one-shot CLI question starts (encoder-thread.ts): loads the
 * embedder at once with the pool workers' own code (encoder-worker.ts), tells the main thread what
 * it loaded, embeds the texts it was primed with, and then answers `embed` messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import encode, { type EncoderInfo, type EncoderLoadFailure } from '../encoder-worker.ts';
import type { EncoderThreadData, EncoderThreadReply, EncoderThreadRequest } from './encoder-thread.ts';

const data = workerData as EncoderThreadData;
const port = parentPort!;

/** Primed texts' vectors (each a call of its own, as the main thread's request will be), taken by the first request for exactly that text. */
const primed = new Map<string, Promise<Float32Array[]>>();

const loading = encode({ kind: 'info', choice: data.choice }) as Promise<EncoderInfo | EncoderLoadFailure>;
void loading.then((info) => {
  if (!('failed' in info)) for (const text of data.prime) primed.set(text, encode({ kind: 'embed', choice: info.id, texts: [text] }) as Promise<Float32Array[]>);
  port.postMessage({ kind: 'info', info } satisfies EncoderThreadReply);
});

port.on('message', (request: EncoderThreadRequest) => {
  void (async () => {
    try {
      const info = await loading;
      if ('failed' in info) throw new Error(info.failed.message);
      const hit = request.texts.length === 1 ? primed.get(request.texts[0]!) : undefined;
      if (hit) primed.delete(request.texts[0]!);
      const vectors = await (hit ?? (encode({ kind: 'embed', choice: info.id, texts: request.texts }) as Promise<Float32Array[]>));
      port.postMessage({ kind: 'vectors', id: request.id, vectors } satisfies EncoderThreadReply);
    } catch (e) {
      port.postMessage({ kind: 'error', id: request.id, message: e instanceof Error ? e.message : String(e) } satisfies EncoderThreadReply);
    }
  })();
});
