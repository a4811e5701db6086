/**
 * A loopback stand-in for the Slack Web API: the methods the digest poster calls, speaking
 * Slack's wire format (form-encoded or JSON arguments, `{ ok }` envelopes, bearer token).
 */
import { once, EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPosted {
  channel: string;
  ts: string;
  text: string;
  blocks: { type: string; slack_file?: { id: string } }[];
  metadata: { event_type: string; event_payload: Record<string, string> } | null;
}

export interface FakeSlack {
  apiUrl: string;
  posted: SlackPosted[];
  uploads: Map<string, Buffer>;
  /** Files shared to a channel by files.completeUploadExternal. */
  shared: { channel: string; threadTs: string | null; fileIds: string[] }[];
  /** When true, chat.postMessage records the message and never answers (a crash mid-post). */
  holdPosts: boolean;
  /** When true, chat.postMessage fails with an HTTP 500 before recording anything. */
  failPosts: boolean;
  /** When true, files.getUploadURLExternal never answers (a crash before anything was posted). */
  holdUploads: boolean;
  /** When true, a message with an image block fails with invalid_blocks (a file still processing). */
  rejectImageBlocks: boolean;
  events: EventEmitter;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function args(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

const parseJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? null);

export async function startFakeSlack(opts: { token: string; now: () => Date }): Promise<FakeSlack> {
  const posted: SlackPosted[] = [];
  const uploads = new Map<string, Buffer>();
  const shared: FakeSlack['shared'] = [];
  const events = new EventEmitter();
  let seq = 0;
  let base = '';
  const held: ServerResponse[] = [];
  const fake: FakeSlack = {
    apiUrl: '',
    posted,
    uploads,
    shared,
    holdPosts: false,
    failPosts: false,
    holdUploads: false,
    rejectImageBlocks: false,
    events,
    close: async () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const url = new URL(req.url ?? '/', base);
    if (url.pathname.startsWith('/upload/')) {
      // Slack's upload URL takes the raw bytes or a multipart form with the file in one field.
      let data = body;
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('multipart/form-data')) {
        const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
        const file = [...form.values()].find((v): v is File => typeof v !== 'string');
        data = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
      }
      uploads.set(url.pathname.slice('/upload/'.length), data);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${data.length}`);
      return;
    }
    if (req.headers.authorization !== `Bearer ${opts.token}`) return send(200, { ok: false, error: 'invalid_auth' });
    const a = args(req, body);
    switch (url.pathname) {
      case '/api/files.getUploadURLExternal': {
        if (fake.holdUploads) {
          held.push(res);
          events.emit('upload-requested');
          return;
        }
        const id = `F${String(++seq).padStart(8, '0')}`;
        return send(200, { ok: true, upload_url: `${base}/upload/${id}`, file_id: id });
      }
      case '/api/files.completeUploadExternal': {
        const files = parseJson(a.files) as { id: string; title?: string }[];
        if (!files.every((f) => uploads.has(f.id))) return send(200, { ok: false, error: 'file_not_found' });
        if (a.channel_id) {
          shared.push({ channel: String(a.channel_id), threadTs: a.thread_ts ? String(a.thread_ts) : null, fileIds: files.map((f) => f.id) });
        }
        return send(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) });
      }
      case '/api/chat.postMessage': {
        if (fake.failPosts) return send(500, { ok: false, error: 'internal_error' });
        const blocks = (parseJson(a.blocks) ?? []) as SlackPosted['blocks'];
        if (fake.rejectImageBlocks && blocks.some((b) => b.type === 'image')) return send(200, { ok: false, error: 'invalid_blocks' });
        const ts = `${Math.floor(opts.now().getTime() / 1000)}.${String(++seq).padStart(6, '0')}`;
        const message: SlackPosted = {
          channel: String(a.channel),
          ts,
          text: String(a.text ?? ''),
          blocks,
          metadata: parseJson(a.metadata) as SlackPosted['metadata'],
        };
        posted.push(message);
        events.emit('posted', message);
        if (fake.holdPosts) {
          held.push(res);
          return;
        }
        return send(200, { ok: true, channel: message.channel, ts });
      }
      case '/api/conversations.history': {
        const oldest = Number(a.oldest ?? 0);
        const includeMetadata = String(a.include_all_metadata) === 'true';
        const messages = posted
          .filter((m) => m.channel === a.channel && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(includeMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return send(200, { ok: true, messages, has_more: false });
      }
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = `${base}/api/`;
  return fake;
}
