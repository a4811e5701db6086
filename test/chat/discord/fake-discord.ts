/**
 * A loopback stand-in for Discord at the network edge: the REST API (the subset discord.js calls
 * here) and the gateway WebSocket (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, dispatches,
 * RECONNECT and RESUME with the missed dispatches replayed, INVALID_SESSION), speaking Discord's v10
 * JSON payloads. It records every request so tests can assert on what a
 * real discord.js client sent. FAKE_DISCORD_DEBUG=1 prints each request it answers.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '100000000000000001';
export const BOT_ID = APP_ID;
export const GUILD_ID = '200000000000000002';
export const CHANNEL_ID = '300000000000000003';
export const MENTION_CHANNEL_ID = '300000000000000004';
export const USER_ID = '400000000000000004';
/** The managed role Discord gives the bot in the server. */
export const BOT_ROLE_ID = '600000000000000006';
export const TOKEN = 'fake-bot-token';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  authorization: string | undefined;
  status: number;
}

interface RateLimitRule {
  method: string;
  path: RegExp;
  retryAfterSeconds: number;
}

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
/** A snowflake for now: discord.js reads an interaction's creation time (and token age) from its id. */
export function nextId(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment).toString();
}

export function user(id = USER_ID, username = 'reader') {
  return { id, username, discriminator: '0', global_name: username, avatar: null, bot: false };
}

function channel(id: string, name: string) {
  return { id, type: 0, guild_id: GUILD_ID, name, position: 0, permission_overwrites: [], nsfw: false, topic: null, parent_id: null, last_message_id: null, rate_limit_per_user: 0, flags: 0 };
}

export function member(u = user()) {
  return { user: u, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, premium_since: null, permissions: '2147483647' };
}

function guild() {
  return {
    id: GUILD_ID,
    name: 'Interpretability reading group',
    icon: null,
    owner_id: USER_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      { id: GUILD_ID, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '2147483647', managed: false, mentionable: false, flags: 0 },
      { id: BOT_ROLE_ID, name: 'mechanistic', color: 0, hoist: false, position: 1, permissions: '274878024704', managed: true, mentionable: false, flags: 0, tags: { bot_id: BOT_ID } },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [member(), member({ ...user(BOT_ID, 'mechanistic'), bot: true })],
    channels: [channel(CHANNEL_ID, 'papers'), channel(MENTION_CHANNEL_ID, 'reading-group')],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

export function message(over: Record<string, unknown> = {}) {
  return {
    id: nextId(),
    channel_id: CHANNEL_ID,
    guild_id: GUILD_ID,
    author: user(),
    member: { ...member(), user: undefined },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
    ...over,
  };
}

/** Discord's rule: a guild's events go to shard (guild_id >> 22) % count. */
function ownsGuild(shard: [number, number] | undefined): boolean {
  if (!shard) return true;
  return Number((BigInt(GUILD_ID) >> 22n) % BigInt(shard[1])) === shard[0];
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: { token: string; intents: number; shard: [number, number] | null }[] = [];
  /** What GET /gateway/bot recommends as the shard count. */
  recommendedShards = 1;
  /** RESUME payloads (op 6) received, and whether the session could be resumed. */
  readonly resumes: { sessionId: string; seq: number; resumed: boolean }[] = [];
  /** Paths of the webhook messages deleted (DELETE @original, as a private refusal replaces a public placeholder). */
  readonly deleted: string[] = [];
  private sessionId = '';
  private sessions = 0;
  private sessionValid = false;
  /** Dispatches of the current session, so a RESUME can replay what the client missed. */
  private history: { s: number; frame: string }[] = [];
  private withholding = false;
  heartbeatsAcked = 0;
  /** Intents that make the gateway close with 4014, like an app whose portal toggle is off. */
  disallowedIntents = 0;
  private rateLimits: RateLimitRule[] = [];
  private messages = new Map<string, Record<string, unknown>>();
  private sockets = new Set<WebSocket>();
  /** The [id, count] each identified socket asked for; the guild's events go to the shard that owns it. */
  private shardOf = new Map<WebSocket, [number, number]>();
  private seq = 0;
  private server: Server;
  private wss: WebSocketServer;
  private waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onGatewayConnection(ws));
  }

  async listen(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get restApi(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The next request matching `method` and `path` answers 429 with Retry-After, once. */
  rateLimitOnce(method: string, path: RegExp, retryAfterSeconds = 0.05): void {
    this.rateLimits.push({ method, path, retryAfterSeconds });
  }

  /** Resolves with the first recorded request (already seen or future) that matches. */
  waitFor(match: (r: RecordedRequest) => boolean, after = 0): Promise<RecordedRequest> {
    const seen = this.requests.slice(after).find((r) => r.status < 400 && match(r));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  dispatch(t: string, d: unknown): void {
    const s = ++this.seq;
    const frame = JSON.stringify({ op: 0, t, s, d });
    this.history.push({ s, frame });
    if (!this.withholding) for (const ws of this.sockets) if (ownsGuild(this.shardOf.get(ws))) ws.send(frame);
  }

  /**
   * RECONNECT (op 7): the client must close and RESUME (op 6) on resume_gateway_url. Dispatches made
   * by `missed` are not sent on the old connection: only the resume can deliver them, as Discord replays.
   */
  reconnect(missed: () => void = () => {}): void {
    const old = [...this.sockets];
    for (const ws of old) ws.send(JSON.stringify({ op: 7, d: null }));
    this.withholding = true;
    try {
      missed();
    } finally {
      this.withholding = false;
    }
  }

  /** INVALID_SESSION (op 9): `resumable` false ends the session, so the client must IDENTIFY again. */
  invalidateSession(resumable: boolean): void {
    if (!resumable) this.sessionValid = false;
    for (const ws of this.sockets) ws.send(JSON.stringify({ op: 9, d: resumable }));
  }

  /** Open gateway connections. */
  get connections(): number {
    return [...this.sockets].filter((ws) => ws.readyState === ws.OPEN).length;
  }

  /** Dispatches a MESSAGE_CREATE and keeps the message, so GET .../messages/:id finds it. */
  postMessage(msg: Record<string, unknown> & { id: string }): void {
    this.messages.set(msg.id, msg);
    this.dispatch('MESSAGE_CREATE', msg);
  }

  /** Dispatches an INTERACTION_CREATE with the fields every interaction carries. */
  interaction(type: number, data: unknown, extra: Record<string, unknown> = {}): { id: string; token: string } {
    const id = nextId();
    const token = `interaction-token-${id}`;
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type,
      data,
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'papers', permissions: '2147483647', flags: 0 },
      member: member(),
      token,
      version: 1,
      app_permissions: '2147483647',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: 0,
      attachment_size_limit: 10485760,
      ...extra,
    });
    return { id, token };
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onGatewayConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => (this.sockets.delete(ws), this.shardOf.delete(ws)));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: any };
      if (payload.op === 1) {
        this.heartbeatsAcked++;
        ws.send(JSON.stringify({ op: 11 }));
      } else if (payload.op === 6) {
        const resumable = this.sessionValid && payload.d.token === TOKEN && payload.d.session_id === this.sessionId;
        this.resumes.push({ sessionId: payload.d.session_id, seq: payload.d.seq, resumed: resumable });
        if (!resumable) return ws.send(JSON.stringify({ op: 9, d: false }));
        for (const h of this.history.filter((h) => h.s > payload.d.seq)) ws.send(h.frame);
        ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
      } else if (payload.op === 2) {
        const shard = Array.isArray(payload.d.shard) ? (payload.d.shard as [number, number]) : null;
        this.identifies.push({ token: payload.d.token, intents: payload.d.intents, shard });
        if (shard) this.shardOf.set(ws, shard);
        if (payload.d.token !== TOKEN) return ws.close(4004, 'Authentication failed.');
        if (payload.d.intents & this.disallowedIntents) return ws.close(4014, 'Disallowed intent(s).');
        this.seq = 0;
        this.history = [];
        this.sessionId = `fake-session-${++this.sessions}`;
        this.sessionValid = true;
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: { ...user(BOT_ID, 'mechanistic'), bot: true, verified: true, flags: 0 },
              guilds: ownsGuild(shard ?? undefined) ? [{ id: GUILD_ID, unavailable: true }] : [],
              session_id: this.sessionId,
              resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
              shard: shard ?? [0, 1],
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
        if (ownsGuild(shard ?? undefined)) {
          const guildCreate = { s: ++this.seq, frame: '' };
          guildCreate.frame = JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: guildCreate.s, d: guild() });
          this.history.push(guildCreate);
          ws.send(guildCreate.frame);
        }
        // Ask for a heartbeat at once, as Discord may, so the ACK path runs without waiting.
        ws.send(JSON.stringify({ op: 1, d: null }));
      }
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let body: any = null;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/json') && raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    else if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      body = JSON.parse(String(form.get('payload_json') ?? 'null'));
      body = { ...body, uploaded_files: [...form.keys()].filter((k) => k.startsWith('files[')) };
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const record: RecordedRequest = { method, path, query: url.searchParams, body, authorization: req.headers.authorization, status: 200 };
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (process.env.FAKE_DISCORD_DEBUG) console.error('fake discord:', method, path, status);
      this.requests.push(record);
      res.writeHead(status, json === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
      if (status < 400) {
        this.waiters = this.waiters.filter((w) => {
          if (!w.match(record)) return true;
          w.resolve(record);
          return false;
        });
      }
    };

    const limit = this.rateLimits.findIndex((r) => r.method === method && r.path.test(path));
    if (limit >= 0) {
      const [rule] = this.rateLimits.splice(limit, 1);
      return send(
        429,
        { message: 'You are being rate limited.', retry_after: rule!.retryAfterSeconds, global: false },
        {
          'retry-after': String(rule!.retryAfterSeconds),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(rule!.retryAfterSeconds),
          'x-ratelimit-bucket': 'fake-bucket',
          'x-ratelimit-scope': 'user',
        },
      );
    }

    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (req.headers.authorization !== `Bot ${TOKEN}`) return send(401, { message: '401: Unauthorized', code: 0 });
      return send(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: this.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 },
      });
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(204);
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path)) && method === 'PATCH') {
      return send(200, message({ ...body, id: nextId(), author: { ...user(BOT_ID, 'mechanistic'), bot: true }, application_id: APP_ID, webhook_id: APP_ID }));
    }
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path) && method === 'DELETE') {
      this.deleted.push(path);
      return send(204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) && method === 'POST') {
      return send(200, message({ ...body, id: nextId(), author: { ...user(BOT_ID, 'mechanistic'), bot: true }, application_id: APP_ID, webhook_id: APP_ID }));
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      return send(200, message({ ...body, channel_id: m[1], author: { ...user(BOT_ID, 'mechanistic'), bot: true } }));
    }
    if ((m = /^\/channels\/\d+\/messages\/(\d+)$/.exec(path)) && method === 'GET') {
      const found = this.messages.get(m[1]!);
      return found ? send(200, found) : send(404, { message: 'Unknown Message', code: 10008 });
    }
    if (/^\/channels\/\d+\/typing$/.test(path) && method === 'POST') return send(204);
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      return send(200, (body as any[]).map((c) => ({ ...c, id: nextId(), application_id: m![1], guild_id: m![2], version: nextId() })));
    }
    return send(404, { message: 'Unknown route in the fake', code: 0 });
  }
}
