/**
 * A fake OpenAI-compatible server: real HTTP on 127.0.0.1 speaking POST /v1/chat/completions as
 * OpenAI documents it (and llama.cpp, vLLM and Ollama imitate): a `chat.completion` object with
 * choices, finish_reason and usage; errors as `{"error": {message, type, param, code}}` with
 * Retry-After on 429. The real `openai` client talks to it through its baseURL. Replies are scripted
 * per request, in order (the last repeats); a held reply answers only when the test releases it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** A completion whose message content is `content` (an object is sent as its JSON text). */
  | { content: unknown; finishReason?: 'stop' | 'length' | 'content_filter'; usage?: { prompt: number; completion: number }; refusal?: string }
  | { status: number; error: { message: string; type: string; code: string | null }; headers?: Record<string, string> }
  /** Answer only when `release()` is called (or never, for a timeout). */
  | { hold: FakeReply };

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
    max_tokens?: number;
    temperature?: number;
  };
}

export interface FakeOpenAI {
  /** The base URL to give the client (OPENAI_BASE_URL), ending in /v1. */
  baseURL: string;
  requests: ReceivedRequest[];
  script(...replies: FakeReply[]): void;
  /** Sends the held replies. */
  release(): void;
  /** Resolves when the n-th request (from 1) has arrived. */
  received(n: number): Promise<ReceivedRequest>;
  /** Called as each request arrives, before it is answered. */
  onRequest?: (r: ReceivedRequest) => void;
  close(): Promise<void>;
}

export const RATE_LIMIT_429: FakeReply = {
  status: 429,
  error: { message: 'Rate limit reached for requests. Please try again in 1s.', type: 'requests', code: 'rate_limit_exceeded' },
};
export const SERVER_ERROR_500: FakeReply = {
  status: 500,
  error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
};

let counter = 0;

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let replies: FakeReply[] = [];
  const held: (() => void)[] = [];
  const sockets = new Set<ServerResponse>();
  const waiters: { n: number; resolve: (r: ReceivedRequest) => void }[] = [];
  const fake: FakeOpenAI = {
    baseURL: '',
    requests: [],
    script: (...r) => void (replies = r),
    release() {
      for (const send of held.splice(0)) send();
    },
    received(n) {
      const r = fake.requests[n - 1];
      return r ? Promise.resolve(r) : new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of sockets) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function send(res: ServerResponse, reply: FakeReply, model: string): void {
    if ('hold' in reply) {
      held.push(() => send(res, reply.hold, model));
      return;
    }
    if ('status' in reply) {
      const body = JSON.stringify({ error: { ...reply.error, param: null } });
      res.writeHead(reply.status, { 'content-type': 'application/json', 'x-request-id': `req_${++counter}`, ...reply.headers }).end(body);
      return;
    }
    const content = typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
    const usage = reply.usage ?? { prompt: 812, completion: 143 };
    const body = {
      id: `chatcmpl-fake${++counter}`,
      object: 'chat.completion',
      created: 1764547200,
      model: `${model}-2024-07-18`,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.refusal ? null : content, refusal: reply.refusal ?? null, annotations: [] },
          logprobs: null,
          finish_reason: reply.finishReason ?? 'stop',
        },
      ],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${counter}`, 'openai-processing-ms': '412' }).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sockets.add(res);
      res.on('close', () => sockets.delete(res));
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } }));
        return;
      }
      let body: ReceivedRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'];
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } }));
        return;
      }
      const received: ReceivedRequest = { path: req.url, headers: req.headers, body };
      fake.requests.push(received);
      fake.onRequest?.(received);
      for (const w of waiters.filter((w) => w.n === fake.requests.length)) w.resolve(received);
      if (!body.model || !Array.isArray(body.messages)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' } }));
        return;
      }
      const reply = replies.length > 1 ? replies.shift()! : replies[0];
      if (!reply) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no reply scripted', type: 'server_error', param: null, code: null } }));
        return;
      }
      send(res, reply, body.model);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

type Verdict = { verdict: 'yes' | 'no' | 'cannot_tell'; reason: string };

/** A well-formed explanation reply: the given text and cites, default verdicts unless overridden. */
export function explanationReply(o: { explanation: string; cites?: string[]; verdicts?: Partial<Record<'narrowTechnical' | 'broadTechnical' | 'narrowCultural' | 'broadCultural', Verdict>> }): FakeReply {
  return {
    content: {
      verdicts: {
        narrowTechnical: { verdict: 'yes', reason: 'Patching is an intervention on internal representations.' },
        broadTechnical: { verdict: 'yes', reason: 'It studies attention heads.' },
        narrowCultural: { verdict: 'cannot_tell', reason: 'Nothing says who wrote it.' },
        broadCultural: { verdict: 'yes', reason: 'It is interpretability work.' },
        ...o.verdicts,
      },
      explanation: o.explanation,
      cites: o.cites ?? [],
    },
  };
}
