/**
 * A Bolt Receiver that takes Slack's HTTP requests from a route on our one HTTP server
 * (`POST /slack/events`), instead of starting a server of its own as HTTPReceiver does.
 * Verification follows Slack's rules as Bolt's `verifySlackRequest` does (v0 signature, 5-minute
 * staleness, the clock passed in), with one HMAC per request under a key prepared once and a
 * constant-time compare; plus the rules Bolt leaves out: a timestamp more than 5 minutes ahead is
 * refused like a stale one, and a signed request seen before (the same signature: Slack signs every
 * delivery anew) is a replay, answered once. Acknowledgement is Bolt's HTTPResponseAck, so ack()
 * semantics are HTTPReceiver's; a payload no listener takes is answered 404 at once rather than
 * after Bolt's 3-second timer. Every refusal is JSON, `{"error": {"code", "message"}}`, as on /api.
 *
 * Acks first: a payload `ackAtOnce` knows (a slash command the app answers later) is acknowledged
 * here as soon as it is verified and recorded, before Bolt's middleware and the listener run; Bolt
 * processes it at its turn of the main thread (src/retrieval/main-thread-turns.ts), so every request
 * already read is acknowledged before any of them is processed.
 */
import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  AuthorizationError,
  HTTPModuleFunctions as http,
  HTTPResponseAck,
  type AckFn,
  type App,
  type Logger as BoltLogger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import { nextTurn } from '../../retrieval/main-thread-turns.ts';
import { sendError } from '../http-server.ts';
import type { HttpRoute } from '../part.ts';

/** Slack's rule for the signature's timestamp, which Bolt applies to the past only. */
export const SIGNATURE_MAX_SKEW_S = 5 * 60;

export interface RouteReceiverOptions {
  signingSecret: string;
  path: string;
  logger: BoltLogger;
  /** The clock for the staleness rule. */
  now: () => Date;
  /** Largest body accepted (Slack's payloads are far below this). */
  bodyLimitBytes?: number;
  /**
   * Records a verified request by the digest of its signature: true the first time, false for a
   * replay (the store's slackRequests, shared by every instance on one database).
   */
  firstSight: (digest: string, workspaceId: string | null) => Promise<boolean>;
  /** Bolt's unacknowledged-request timer (default 3001 ms); tests lengthen it to show nothing waits for it. */
  unhandledTimeoutMs?: number;
  /**
   * The acknowledgement of a payload the app answers after acking whatever it holds (a slash
   * command), sent by the receiver before Bolt runs; undefined for every other payload, which its
   * listener acknowledges. Listeners of payloads acked here must ack too (a no-op then), so the
   * same listener works behind Socket Mode.
   */
  ackAtOnce?: (body: Record<string, unknown>) => { response: AckResponse } | undefined;
  /**
   * Called when Bolt fails on a payload `ackAtOnce` already acknowledged (e.g. authorization failed
   * before any listener ran): the asker saw only the ack, so this tells them (a slash command's
   * `response_url`). Its own failure is logged, never thrown.
   */
  afterAckFailure?: (body: Record<string, unknown>, err: Error) => Promise<void>;
}

/** What an ack sends: nothing, a text, or a JSON body (e.g. an ephemeral message). */
export type AckResponse = Parameters<AckFn<unknown>>[0];

const SIGNATURE_VERSION = 'v0';
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const VERIFY_PREFIX = 'Failed to verify authenticity';

/**
 * Slack's request signature rules (https://api.slack.com/authentication/verifying-requests-from-slack),
 * those of Bolt's verifySlackRequest plus the future-timestamp rule; throws an Error whose message
 * says "stale" or "future" for a timestamp out of range.
 */
export function verifySignature(key: KeyObject, rawBody: string, signature: string, timestampS: number, nowMs: number): void {
  if (!Number.isFinite(timestampS)) throw new Error(`${VERIFY_PREFIX}: header x-slack-request-timestamp is not a number`);
  const nowS = Math.floor(nowMs / 1000);
  if (timestampS < nowS - SIGNATURE_MAX_SKEW_S) {
    throw new Error(`${VERIFY_PREFIX}: x-slack-request-timestamp must differ from system time by no more than 5 minutes or request is stale`);
  }
  const [version, hash] = signature.split('=');
  if (version !== SIGNATURE_VERSION) throw new Error(`${VERIFY_PREFIX}: unknown signature version`);
  if (!hash || !HEX_SHA256.test(hash)) throw new Error(`${VERIFY_PREFIX}: signature mismatch`);
  const ours = createHmac('sha256', key).update(`${SIGNATURE_VERSION}:${timestampS}:${rawBody}`).digest();
  if (!timingSafeEqual(ours, Buffer.from(hash, 'hex'))) throw new Error(`${VERIFY_PREFIX}: signature mismatch`);
  if (timestampS > nowS + SIGNATURE_MAX_SKEW_S) {
    throw new Error('x-slack-request-timestamp is more than 5 minutes in the future: the request is refused like a stale one');
  }
}

/** A verified body as Bolt reads it: form fields, or the JSON in a form's `payload`, or JSON. */
function payloadOf(form: Record<string, unknown> | undefined, raw: string): unknown {
  if (!form) return JSON.parse(raw);
  return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
}

/** The workspace a payload names (events and commands: team_id; interactions: team.id). */
function workspaceOf(body: Record<string, unknown>): string | null {
  if (typeof body.team_id === 'string') return body.team_id;
  const team = body.team as { id?: unknown } | undefined;
  return team && typeof team.id === 'string' ? team.id : null;
}

export class RouteReceiver implements Receiver {
  private app: App | undefined;
  /** The signing secret as an HMAC key, prepared once rather than for every request. */
  private readonly key: KeyObject;

  constructor(private readonly opts: RouteReceiverOptions) {
    this.key = createSecretKey(Buffer.from(opts.signingSecret, 'utf8'));
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  route(): HttpRoute {
    return { method: 'POST', path: this.opts.path, handle: (req, res) => this.handle(req, res) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.opts;
    let buffered;
    try {
      buffered = await http.bufferIncomingMessage(req, this.opts.bodyLimitBytes ?? 1024 * 1024);
    } catch (err) {
      const tooLarge = http.isRawBodyError(err) && (err.type === 'entity.too.large' || err.statusCode === 413);
      logger.warn(`Slack request body not read: ${(err as Error).message}`);
      if (tooLarge) sendError(res, 413, 'body_too_large', 'the request body is larger than any Slack payload this endpoint accepts');
      else sendError(res, 400, 'bad_request', 'the request body could not be read');
      return;
    }
    const raw = buffered.rawBody.toString();
    // Form bodies are parsed once, for the SSL check and for the payload.
    const form = req.headers['content-type'] === 'application/x-www-form-urlencoded' ? (parseQuery(raw) as Record<string, unknown>) : undefined;
    // Slack's SSL check is unsigned by design; answer it without reading anything else in the body.
    if (form?.ssl_check === '1') {
      http.buildSSLCheckResponse(res);
      return;
    }
    let signature: string;
    try {
      // getHeader throws when a header is missing: an unsigned request is refused like a forged one.
      signature = http.getHeader(req, 'x-slack-signature');
      verifySignature(this.key, raw, signature, Number(http.getHeader(req, 'x-slack-request-timestamp')), this.opts.now().getTime());
    } catch (err) {
      const message = (err as Error).message;
      logger.warn(`Refused a Slack request: ${message}`);
      const stale = /stale|future/.test(message);
      sendError(
        res,
        401,
        stale ? 'stale_request' : 'bad_signature',
        stale
          ? 'the request timestamp is more than 5 minutes from this server\'s clock: check the server clock'
          : 'the request is not signed with this app\'s signing secret: check SLACK_SIGNING_SECRET',
      );
      return;
    }
    let body;
    try {
      body = payloadOf(form, raw) as Record<string, unknown> | null;
    } catch (err) {
      logger.warn(`Malformed Slack request body: ${(err as Error).message}`);
      sendError(res, 400, 'bad_json', 'the request body is not the JSON or form data Slack sends');
      return;
    }
    // Everything Slack sends is an object naming its kind; anything else would wait out Bolt's
    // 3-second ack timer for nothing.
    if (body === null || typeof body !== 'object' || Array.isArray(body) || (typeof body.type !== 'string' && typeof body.command !== 'string')) {
      logger.warn('Slack request body is not an event, command or interaction');
      sendError(res, 400, 'bad_request', 'the request is not a Slack event, command or interaction');
      return;
    }
    let first: boolean;
    try {
      first = await this.opts.firstSight(createHash('sha256').update(signature).digest('hex'), workspaceOf(body));
    } catch (err) {
      logger.error(`Could not record a Slack request, so it was refused: ${(err as Error).message}`);
      sendError(res, 503, 'store_unavailable', 'the request could not be recorded; Slack may retry it');
      return;
    }
    if (!first) {
      // An Events API retry sent within the second of the first delivery carries the same signature;
      // events are acknowledged (Slack retries anything else) and, like every replay, not processed again.
      logger.warn('A replayed Slack request (its signature was seen before) was not processed again');
      if (body.type === 'event_callback') http.buildContentResponse(res, undefined);
      else sendError(res, 409, 'replayed', 'this signed request was already received and is answered once', { 'x-slack-no-retry': '1' });
      return;
    }
    if (body.type === 'url_verification') {
      http.buildUrlVerificationResponse(res, body);
      return;
    }
    if (!this.app) {
      sendError(res, 503, 'not_ready', 'the Slack app is still starting', { 'retry-after': '5' });
      return;
    }
    const kind = typeof body.type === 'string' ? body.type : 'slash command';
    const retryNum = http.extractRetryNumFromHTTPRequest(req);
    const retryReason = http.extractRetryReasonFromHTTPRequest(req);
    const atOnce = this.opts.ackAtOnce?.(body);
    if (atOnce) {
      http.buildContentResponse(res, atOnce.response);
      // Bolt runs at this request's turn of the main thread: requests already read are acked first.
      await nextTurn();
      try {
        await this.app.processEvent({ body, ack: async () => {}, retryNum, retryReason });
      } catch (err) {
        logger.error(`Could not process an acknowledged Slack ${kind}: ${(err as Error).message}`);
        try {
          await this.opts.afterAckFailure?.(body, err as Error);
        } catch (apologyErr) {
          logger.error(`Could not tell the asker either: ${(apologyErr as Error).message}`);
        }
      }
      return;
    }
    const unhandled = (response: ServerResponse) => {
      logger.warn(`No listener took a Slack ${kind} payload (answered 404)`);
      if (!response.headersSent) sendError(response, 404, 'unhandled', `this app does not handle that ${kind} payload`);
    };
    const ack = new HTTPResponseAck({
      logger,
      processBeforeResponse: false,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
      unhandledRequestHandler: ({ response }) => unhandled(response),
      ...(this.opts.unhandledTimeoutMs ? { unhandledRequestTimeoutMillis: this.opts.unhandledTimeoutMs } : {}),
    });
    let acked = false;
    const boundAck = ack.bind();
    const event: ReceiverEvent = {
      body,
      ack: async (response) => {
        acked = true;
        await boundAck(response);
      },
      retryNum,
      retryReason,
    };
    try {
      await this.app.processEvent(event);
    } catch (err) {
      if (err instanceof AuthorizationError || res.headersSent) {
        await http.defaultProcessEventErrorHandler({ error: err as Error, logger, request: buffered, response: res, storedResponse: ack.storedResponse });
        return;
      }
      // Our listeners catch their own failures, so what reaches here is Bolt refusing the payload's
      // shape (e.g. an event_callback without an event): the request's fault, not the server's.
      logger.error(`Could not process a Slack request (answered 400): ${(err as Error).message}`);
      ack.ack();
      sendError(res, 400, 'bad_request', `Slack ${kind} payload not understood`);
      return;
    }
    // Every listener acks first, so a payload processed without an ack had no listener: say so now.
    if (!acked) {
      ack.ack();
      unhandled(res);
    }
  }
}
