/**
 * A Bolt Receiver that takes Slack's HTTP requests from a route on our one HTTP server
 * (`POST /slack/events`), instead of starting a server of its own as HTTPReceiver does.
 * Verification is Bolt's own `verifySlackRequest` (signature and 5-minute staleness), with
 * the clock passed in; acknowledgement is Bolt's HTTPResponseAck, so the 3-second rule and
 * ack() semantics are exactly HTTPReceiver's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  AuthorizationError,
  HTTPModuleFunctions as http,
  HTTPResponseAck,
  verifySlackRequest,
  type App,
  type Logger as BoltLogger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { HttpRoute } from '../part.ts';

export interface RouteReceiverOptions {
  signingSecret: string;
  path: string;
  logger: BoltLogger;
  /** The clock for the staleness rule. */
  now: () => Date;
  /** Largest body accepted (Slack's payloads are far below this). */
  bodyLimitBytes?: number;
}

export class RouteReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: RouteReceiverOptions) {}

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
      http.buildNoBodyResponse(res, tooLarge ? 413 : 400);
      return;
    }
    const raw = buffered.rawBody.toString();
    // Slack's SSL check is unsigned by design; answer it without reading anything else in the body.
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded' && parseQuery(raw).ssl_check === '1') {
      http.buildSSLCheckResponse(res);
      return;
    }
    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': http.getHeader(req, 'x-slack-signature'),
          'x-slack-request-timestamp': Number(http.getHeader(req, 'x-slack-request-timestamp')),
        },
        nowMilliseconds: this.opts.now().getTime(),
      });
    } catch (err) {
      logger.warn(`Refused a Slack request: ${(err as Error).message}`);
      http.buildNoBodyResponse(res, 401);
      return;
    }
    let body;
    try {
      body = http.parseHTTPRequestBody(buffered);
    } catch (err) {
      logger.warn(`Malformed Slack request body: ${(err as Error).message}`);
      http.buildNoBodyResponse(res, 400);
      return;
    }
    // Everything Slack sends is an object naming its kind; anything else would wait out Bolt's
    // 3-second ack timer for nothing.
    if (body === null || typeof body !== 'object' || Array.isArray(body) || (typeof body.type !== 'string' && typeof body.command !== 'string')) {
      logger.warn('Slack request body is not an event, command or interaction');
      http.buildNoBodyResponse(res, 400);
      return;
    }
    if (body.type === 'url_verification') {
      http.buildUrlVerificationResponse(res, body);
      return;
    }
    if (!this.app) {
      http.buildNoBodyResponse(res, 503);
      return;
    }
    const ack = new HTTPResponseAck({ logger, processBeforeResponse: false, httpRequest: buffered, httpRequestBody: body, httpResponse: res });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: http.extractRetryNumFromHTTPRequest(req),
      retryReason: http.extractRetryReasonFromHTTPRequest(req),
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
      http.buildNoBodyResponse(res, 400);
    }
  }
}
