/**
 * The one HTTP server of `mechanistic serve`: every part's routes (web page, /api/*, health,
 * Slack's /slack/events) are mounted here. Unknown paths get 404 (503 while still starting),
 * wrong methods 405. Every response it writes itself, including to unparseable requests, is JSON.
 *
 * Hardening lives here so no part has to remember it: bodies above `maxBodyBytes` are refused
 * before a route sees them (413), bodies without a length are refused (411), slow clients are
 * cut off by the header and request timeouts, and `close()` stops accepting, lets in-flight
 * requests finish, then closes every connection.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpRoute } from './part.ts';
import { logErrorWithRef, type Logger } from '../log.ts';

export interface HttpServerOptions {
  host: string;
  port: number;
  routes: HttpRoute[];
  log: Logger;
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  /** While this returns false, paths no route serves yet answer 503 with Retry-After instead of 404. */
  isReady?: () => boolean;
  /** Time a client has to send its headers. Default 10 s. */
  headersTimeoutMs?: number;
  /** Time a client has to send its whole request. Default 30 s. */
  requestTimeoutMs?: number;
}

export interface HttpServer {
  server: Server;
  /** The bound address, e.g. http://127.0.0.1:3000 (port 0 in config binds a free port). */
  url: string;
  /** Adds routes after start (parts that need the loaded model are mounted once it is ready). */
  mount(routes: HttpRoute[]): void;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /**
   * Stops accepting connections, waits for in-flight requests to be answered (at most `graceMs`,
   * default 10 s), then closes every connection. Resolves when the server is closed.
   */
  close(graceMs?: number, onDraining?: (requests: number) => void): Promise<void>;
}

/** An error a route throws to answer with a given status and error code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): void {
  sendJson(res, status, { error: { code, message, ...extra } }, headers);
}

/**
 * Reads a request body. The server has already refused bodies above the limit by their
 * Content-Length; the count here guards against a client sending more than it declared.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, 'body_too_large', `request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The path of a request target, or undefined when it is not a path (e.g. `//[`). */
export function pathOf(target: string | undefined): string | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const byPath = new Map<string, HttpRoute[]>();
  const mount = (routes: HttpRoute[]) => {
    for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  };
  mount(opts.routes);
  let inFlight = 0;
  /** Requests received since start: tells which arrived while closing. */
  let received = 0;
  let closing = false;
  const responses = new Set<ServerResponse>();
  const drained: (() => void)[] = [];

  // Node's own refusal of a request without Host is not JSON; the check is done in `handle`.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    inFlight += 1;
    received += 1;
    responses.add(res);
    if (closing) res.setHeader('connection', 'close');
    // A request is in flight until its handler has finished (an answer may still be written to
    // the store after a client hung up) and its response is closed.
    const responded = new Promise<void>((resolve) => res.once('close', resolve));
    void Promise.all([handle(req, res), responded]).then(() => {
      inFlight -= 1;
      responses.delete(res);
      if (closing) {
        // Let the connection become idle first, so it is closed rather than kept alive.
        setImmediate(() => server.closeIdleConnections());
        if (inFlight === 0) drained.splice(0).forEach((f) => f());
      }
    });
  });
  server.headersTimeout = opts.headersTimeoutMs ?? 10_000;
  server.requestTimeout = opts.requestTimeoutMs ?? 30_000;
  server.keepAliveTimeout = 5_000;

  function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      sendError(res, 400, 'bad_request', 'HTTP/1.1 requests need a Host header', { connection: 'close' });
      return Promise.resolve();
    }
    const path = pathOf(req.url);
    if (path === undefined) {
      sendError(res, 400, 'bad_request', 'the request target is not a valid path');
      return Promise.resolve();
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBodyBytes) {
      // The body is not read, so the connection cannot be reused.
      sendError(res, 413, 'body_too_large', `request body is larger than ${maxBodyBytes} bytes`, { connection: 'close' });
      return Promise.resolve();
    }
    if (declared === undefined && req.headers['transfer-encoding'] !== undefined) {
      sendError(res, 411, 'length_required', 'send a Content-Length header with the request body', { connection: 'close' });
      return Promise.resolve();
    }
    const routes = byPath.get(path);
    if (!routes) {
      if (opts.isReady && !opts.isReady()) {
        sendError(res, 503, 'not_ready', 'the server is still starting; try again in a few seconds', { 'retry-after': '5' });
      } else {
        sendError(res, 404, 'not_found', `no route ${path}`);
      }
      return Promise.resolve();
    }
    const route = routes.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
    if (!route) {
      sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${path}`, {
        allow: routes.map((r) => r.method).join(', '),
      });
      return Promise.resolve();
    }
    return Promise.resolve()
      .then(() => route.handle(req, res))
      .catch((err: unknown) => {
        if (res.headersSent) {
          logErrorWithRef(opts.log, err, { path }, 'route failed after answering');
          res.destroy();
          return;
        }
        if (err instanceof HttpError) {
          sendError(res, err.status, err.code, err.message, err.status === 413 ? { ...err.headers, connection: 'close' } : err.headers);
          return;
        }
        const ref = logErrorWithRef(opts.log, err, { path }, 'route failed');
        sendError(res, 500, 'internal', `internal error (ref ${ref})`, {}, { ref });
      });
  }

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({
      error: { code: status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'bad_request', message: STATUS_CODES[status] },
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closed: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    mount,
    inFlight: () => inFlight,
    close(graceMs = 10_000, onDraining) {
      closed ??= (async () => {
        closing = true;
        const inFlightAtClose = inFlight;
        const receivedAtClose = received;
        // Answers still being computed tell their clients not to reuse the connection.
        for (const res of responses) if (!res.headersSent) res.setHeader('connection', 'close');
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Requests whose bytes have arrived but are not parsed yet are read in the next turns of
        // the event loop: let them in (they count as in flight) before idle connections are closed.
        for (let turn = 0; turn < 3; turn++) {
          await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => setImmediate(r));
        }
        // Every request to finish: those in flight at close and those read since (some may be done already).
        onDraining?.(inFlightAtClose + (received - receivedAtClose));
        server.closeIdleConnections();
        await new Promise<void>((resolve) => {
          const cut = setTimeout(resolve, graceMs);
          cut.unref();
          const finish = () => {
            clearTimeout(cut);
            setImmediate(resolve);
          };
          if (inFlight === 0) finish();
          else drained.push(finish);
        });
        server.closeAllConnections();
        await serverClosed;
      })();
      return closed;
    },
  };
}
