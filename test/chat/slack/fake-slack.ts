/**
 * A loopback stand-in for Slack at the network edge: the Web API methods the app calls
 * (form-encoded like Slack's, answered in Slack's JSON shapes), response_url endpoints, and
 * Socket Mode's WebSocket. It records every call and can be told to answer the next call of
 * a method with 429 + Retry-After, a 5xx, or an `{ ok: false, error }`. While a 429 window is
 * open it keeps answering 429, as Slack does, and counts calls that came too early.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url`. */
  method: string;
  /** For response_url calls, the path's id. */
  target?: string;
  body: Record<string, any>;
  authorization: string | undefined;
  /** What the fake answered. */
  status: number;
}

export type Failure = { status: 429; retryAfterSeconds: number } | { status: 404 | 500 | 502 | 503 } | { error: string };

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata', 'unfurls'];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeSlack {
  /** Users that users.info reports as workspace admins. */
  static readonly ADMINS = new Set(['U0ADMIN']);
  readonly calls: RecordedCall[] = [];
  /** Calls that arrived while a Retry-After window was still open. */
  tooEarly = 0;
  private failures = new Map<string, Failure[]>();
  private rateLimitedUntil = new Map<string, number>();
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets: WebSocket[] = [];
  private tsCounter = 1;
  url = '';
  /** Acks Socket Mode clients sent back, by envelope id. */
  readonly socketAcks = new Map<string, unknown>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, headers, body }) => res.writeHead(status, headers).end(body));
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.socketAcks.set(msg.envelope_id, msg.payload ?? null);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' }, debug_info: { host: 'fake', approximate_connection_time: 3600 } }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** Makes the next call(s) of `method` fail, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** Successful calls of a method (what Slack actually accepted). */
  accepted(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200 && !('error' in (c as { error?: string })));
  }

  async waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`fake Slack: timed out waiting for ${what}; calls: ${this.calls.map((c) => `${c.method}:${c.status}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Sends a Socket Mode envelope to every connected client. */
  sendEnvelope(envelope: { envelope_id: string; type: string; payload: unknown; accepts_response_payload?: boolean }): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  get socketClients(): number {
    return this.sockets.filter((s) => s.readyState === s.OPEN).length;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    const isResponseUrl = path.startsWith('/response/');
    if (path.startsWith('/upload/')) {
      this.calls.push({ method: 'file_upload', target: path.slice('/upload/'.length), body: { bytes: raw.length }, authorization: req.headers.authorization, status: 200 });
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: `OK - ${raw.length}` };
    }
    const method = isResponseUrl ? 'response_url' : path.replace(/^\/api\//, '');
    let body: Record<string, any>;
    if ((req.headers['content-type'] ?? '').startsWith('application/json')) body = raw ? JSON.parse(raw) : {};
    else {
      body = { ...parseQuery(raw) };
      for (const f of JSON_FIELDS) if (typeof body[f] === 'string') body[f] = JSON.parse(body[f]);
    }
    const call: RecordedCall = {
      method,
      ...(isResponseUrl ? { target: path.slice('/response/'.length) } : {}),
      body,
      authorization: req.headers.authorization,
      status: 200,
    };
    this.calls.push(call);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
    };

    const until = this.rateLimitedUntil.get(method);
    if (until !== undefined && Date.now() < until) {
      this.tooEarly += 1;
      return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.ceil((until - Date.now()) / 1000)) });
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('error' in failure) {
        (call as { error?: string }).error = failure.error;
        return json(200, { ok: false, error: failure.error });
      }
      if (failure.status === 429) {
        this.rateLimitedUntil.set(method, Date.now() + failure.retryAfterSeconds * 1000);
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSeconds) });
      }
      return { status: (call.status = failure.status), headers: { 'content-type': 'text/plain' }, body: 'upstream trouble' };
    }

    if (isResponseUrl) return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
    const ts = () => `1700000${String(this.tsCounter++).padStart(3, '0')}.000100`;
    switch (method) {
      case 'auth.test':
        return json(200, { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'mechanistic', team_id: 'T0TEST', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage':
        return json(200, { ok: true, channel: body.channel, ts: ts(), message: { type: 'message', text: body.text, bot_id: 'B0BOT', ts: ts() } });
      case 'chat.postEphemeral':
        return json(200, { ok: true, message_ts: ts() });
      case 'chat.unfurl':
        return json(200, { ok: true });
      case 'views.publish':
        return json(200, { ok: true, view: { id: 'V0HOME', type: 'home', ...(body.view ?? {}) } });
      case 'reactions.add':
      case 'reactions.remove':
        return json(200, { ok: true });
      case 'views.open':
        return json(200, { ok: true, view: { id: 'V0TEST', ...(body.view ?? {}) } });
      case 'users.info':
        return json(200, { ok: true, user: { id: body.user, team_id: 'T0TEST', name: 'someone', is_admin: FakeSlack.ADMINS.has(body.user), is_owner: false, tz: 'Europe/Berlin' } });
      case 'files.getUploadURLExternal': {
        const id = `F0${String(this.tsCounter++).padStart(4, '0')}`;
        return json(200, { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(String(body.files)) as { id: string; title?: string }[];
        return json(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: f.title ?? '' })) });
      }
      case 'apps.connections.open':
        return json(200, { ok: true, url: `${this.url.replace('http', 'ws')}/socket` });
      default:
        return json(200, { ok: false, error: 'unknown_method' });
    }
  }
}
