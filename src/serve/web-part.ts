/**
 * The part every `mechanistic serve` has: the try-it page, `GET|POST /api/ask`, `/healthz` and
 * `/readyz`. The model and index load after the server listens, so health answers at once and
 * readiness (and /api/ask) answer 503 with Retry-After until the Mechanistic is there.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerStep } from '../app/answer-step.ts';
import type { CheckStep } from '../app/check-step.ts';
import type { ExplainStep } from '../app/explain-step.ts';
import { explanationView } from '../core/explanation-view.ts';
import type { Config } from '../config.ts';
import { DEFAULT_LIMIT, pageAnswer } from '../core/answer.ts';
import type { Mechanistic } from '../core/service.ts';
import type { Logger } from '../log.ts';
import type { HttpRoute, Part } from './part.ts';
import { parseAskParams } from './ask-params.ts';
import { clientAddress } from './client-address.ts';
import { HttpError, readBody, sendError, sendJson } from './http-server.ts';

export const RETRY_AFTER_SECONDS = 5;

export interface WebPartDeps {
  config: Config;
  /** The loaded Mechanistic, or null while the model and index are still loading. */
  mechanistic: () => Mechanistic | null;
  /** The answer step, or null while loading. */
  answers: () => AnswerStep | null;
  /** The check step (`/api/check`), or null while loading; absent: /api/check answers 404. */
  checks?: () => CheckStep | null;
  /** LLM explanations (`/api/explain`); absent or not enabled: /api/explain answers 404 llm_off. */
  explain?: ExplainStep;
  log: Logger;
}

const WEB_DIR = new URL('../web/', import.meta.url);

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function staticRoute(path: string, file: string, type: string): HttpRoute {
  const body = readFileSync(new URL(file, WEB_DIR));
  return {
    method: 'GET',
    path,
    handle(_req, res) {
      res.writeHead(200, {
        'content-type': type,
        'content-length': String(body.length),
        'cache-control': 'no-cache',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    },
  };
}

async function askParamsOf(req: IncomingMessage, maxBodyBytes: number, names: readonly string[] = ['q', 'limit', 'offset', 'bib']): Promise<Record<string, unknown>> {
  if (req.method === 'POST') {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json: {"q": "...", "limit": 10, "offset": 0}');
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, maxBodyBytes)).toString('utf8'));
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(400, 'bad_json', 'the body is not valid JSON: send {"q": "..."}');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'bad_json', 'the body must be a JSON object: {"q": "..."}');
    }
    return body as Record<string, unknown>;
  }
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const values = params.getAll(name);
    if (values.length > 1) throw new HttpError(400, 'bad_parameter', `${name} is given ${values.length} times: give it once`);
    if (values.length === 1) out[name] = values[0];
  }
  return out;
}

export function createWebPart(deps: WebPartDeps): Part {
  const { config, log } = deps;
  const notReady = (res: ServerResponse) =>
    sendError(res, 503, 'not_ready', 'the model and index are still loading; try again in a few seconds', {
      'retry-after': String(RETRY_AFTER_SECONDS),
    });

  const ask = async (req: IncomingMessage, res: ServerResponse) => {
    const answers = deps.answers();
    if (!answers) return notReady(res);
    const parsed = parseAskParams(await askParamsOf(req, config.MECHANISTIC_MAX_BODY_BYTES));
    if (!parsed.ok) return sendError(res, 400, parsed.code, parsed.message);
    const origin = { platform: 'web' as const, workspaceId: null, channelId: null, userId: null };
    // The client address limits the asker; it is never stored.
    const outcome = await answers.ask(parsed.question.text, origin, { limitKey: `web:${clientAddress(req, config.MECHANISTIC_TRUST_PROXY)}` });
    if (outcome.ok) {
      const { offset = 0, limit = DEFAULT_LIMIT } = parsed.question;
      // The page asks /api/explain with the id once the answer is shown; the JSON stays the ask contract.
      const headers: Record<string, string> = outcome.stored.id ? { 'x-answer-id': outcome.stored.id } : {};
      if (outcome.stored.id && deps.explain?.enabled) headers['x-llm-model'] = deps.explain.model ?? '';
      return sendJson(res, 200, pageAnswer(outcome.stored.answer, offset, limit), headers);
    }
    switch (outcome.reason) {
      case 'bad_query':
        return sendError(res, 400, 'bad_query', `q: ${outcome.message}`);
      case 'rate_limited':
        return sendError(res, 429, 'rate_limited', outcome.message, { 'retry-after': String(outcome.retryAfterSeconds) }, {
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
      case 'timeout':
        return sendError(res, 504, 'timeout', outcome.message);
      case 'overloaded':
        return sendError(res, 503, 'overloaded', outcome.message, { 'retry-after': String(outcome.retryAfterSeconds) }, {
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
    }
  };

  // GET /api/check?q=<link or text>[&bib=...], POST {"q": "...", "bib": "@article{...}"}: the check contract,
  // stored; its link (Content-Location) is GET /api/check?id=<id>, which reads the stored check, never checking again.
  const check = async (req: IncomingMessage, res: ServerResponse) => {
    const checks = deps.checks?.();
    if (!checks) return notReady(res);
    const ids = req.method === 'GET' ? new URL(req.url ?? '/', 'http://localhost').searchParams.getAll('id') : [];
    if (ids.length > 1) return sendError(res, 400, 'bad_parameter', `id is given ${ids.length} times: give it once`);
    if (ids.length === 1) {
      const stored = await checks.stored(ids[0]!);
      if (!stored) return sendError(res, 404, 'not_found', `no stored check ${JSON.stringify(ids[0]!.slice(0, 40))}: it was never made, or it expired; check the paper again`);
      return sendJson(res, 200, stored.check, { 'content-location': `/api/check?id=${stored.id}` });
    }
    const params = await askParamsOf(req, config.MECHANISTIC_MAX_BODY_BYTES);
    if (typeof params.q !== 'string' || params.q.trim() === '') return sendError(res, 400, 'missing_query', "q: give the paper's link, id or text as q");
    if (params.bib !== undefined && typeof params.bib !== 'string') return sendError(res, 400, 'bad_parameter', 'bib must be the text of a BibTeX file');
    // Counted against the same per-address limit as /api/ask; the address is never stored.
    const outcome = await checks.check(
      { text: params.q, ...(typeof params.bib === 'string' ? { bib: { text: params.bib, label: 'bib' } } : {}) },
      { origin: { platform: 'web', workspaceId: null, channelId: null, userId: null }, limitKey: `web:${clientAddress(req, config.MECHANISTIC_TRUST_PROXY)}` },
    );
    if (outcome.ok) return sendJson(res, 200, outcome.check, outcome.id ? { 'content-location': `/api/check?id=${outcome.id}` } : {});
    if (outcome.reason === 'timeout') return sendError(res, 504, 'timeout', outcome.message);
    if (outcome.reason === 'rate_limited') {
      return sendError(res, 429, 'rate_limited', outcome.message, { 'retry-after': String(outcome.retryAfterSeconds) }, { retryAfterSeconds: outcome.retryAfterSeconds });
    }
    const field = outcome.code === 'bad_bibtex' ? 'bib' : 'q';
    // The same codes as /api/ask for the same mistakes.
    const code = { empty: 'missing_query', too_long: 'query_too_long', binary: 'binary_query', bad_bibtex: 'bad_bibtex', no_references: 'no_references' }[outcome.code];
    return sendError(res, 400, code, `${field}: ${outcome.message}`);
  };

  // GET /api/explain?id=<answer id>, POST {"id": "...", "q": "..."}: the LLM's explanation of a stored
  // answer, after the answer was shown. q (the asker's own question) is used for web answers only.
  const explain = async (req: IncomingMessage, res: ServerResponse) => {
    const step = deps.explain;
    if (!step?.enabled) return sendError(res, 404, 'llm_off', 'explanations are off on this server (no OPENAI_API_KEY or OPENAI_BASE_URL)');
    const params = await askParamsOf(req, config.MECHANISTIC_MAX_BODY_BYTES, ['id', 'q']);
    if (typeof params.id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(params.id)) {
      return sendError(res, 400, 'bad_parameter', 'id: give the answer id from the X-Answer-Id header of /api/ask');
    }
    if (params.q !== undefined && typeof params.q !== 'string') return sendError(res, 400, 'bad_parameter', 'q must be the question text');
    const q = typeof params.q === 'string' ? parseAskParams({ q: params.q }) : null;
    if (q && !q.ok) return sendError(res, 400, q.code, q.message);
    const outcome = await step.explain(params.id, q?.ok ? { questionText: q.question.text } : {});
    if (outcome.ok) {
      // The cited papers as the stored answer has them: titles, years and links from the corpus or a source.
      return sendJson(res, 200, { explanation: outcome.explanation, papers: explanationView(outcome.explanation, outcome.answer).papers, notices: [] });
    }
    if (outcome.reason === 'expired') return sendError(res, 404, 'unknown_answer', outcome.notice);
    // The model gave nothing usable: the answer already shown stands, with the notice.
    return sendJson(res, 200, { explanation: null, papers: [], notices: [outcome.notice] });
  };

  const routes: HttpRoute[] = [
    staticRoute('/', 'index.html', 'text/html; charset=utf-8'),
    staticRoute('/app.js', 'app.js', 'text/javascript; charset=utf-8'),
    staticRoute('/style.css', 'style.css', 'text/css; charset=utf-8'),
    staticRoute('/favicon.svg', 'favicon.svg', 'image/svg+xml'),
    { method: 'GET', path: '/api/ask', handle: ask },
    { method: 'POST', path: '/api/ask', handle: ask },
    { method: 'GET', path: '/api/check', handle: check },
    { method: 'POST', path: '/api/check', handle: check },
    { method: 'GET', path: '/api/explain', handle: explain },
    { method: 'POST', path: '/api/explain', handle: explain },
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handle(_req, res) {
        const m = deps.mechanistic();
        if (!m) {
          return sendJson(
            res,
            503,
            { status: 'starting', error: { code: 'not_ready', message: 'the model and index are still loading' } },
            { 'retry-after': String(RETRY_AFTER_SECONDS) },
          );
        }
        sendJson(res, 200, { status: 'ready', embedder: m.embedderDescription, papers: m.corpus.papers.size, concepts: m.corpus.concepts.size });
      },
    },
  ];
  return { name: 'web', routes, start: async () => {}, stop: async () => {} };
}
