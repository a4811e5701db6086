/**
 * A loopback stand-in for Discord's REST API v10: create and list channel messages, with
 * multipart attachments (payload_json + files[n]) as discord.js sends them.
 */
import { once, EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DiscordPosted {
  id: string;
  channel_id: string;
  content: string;
  nonce: string | null;
  attachments: { id: string; filename: string; size: number; content_type: string }[];
  files: Buffer[];
}

export interface FakeDiscord {
  apiUrl: string;
  posted: DiscordPosted[];
  holdPosts: boolean;
  events: EventEmitter;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const EPOCH = 1_420_070_400_000n;

export async function startFakeDiscord(opts: { token: string; now: () => Date }): Promise<FakeDiscord> {
  const posted: DiscordPosted[] = [];
  const events = new EventEmitter();
  const held: ServerResponse[] = [];
  let seq = 0n;
  const fake: FakeDiscord = {
    apiUrl: '',
    posted,
    holdPosts: false,
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
    if (req.headers.authorization !== `Bot ${opts.token}`) return send(401, { message: '401: Unauthorized', code: 0 });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(url.pathname);
    if (!m) return send(404, { message: 'Unknown route', code: 0 });
    const channel = m[1]!;
    if (req.method === 'GET') {
      const after = BigInt(url.searchParams.get('after') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? '50');
      const list = posted.filter((p) => p.channel_id === channel && BigInt(p.id) > after).slice(0, limit).reverse();
      return send(200, list.map(({ files: _files, ...rest }) => rest));
    }
    let payload: Record<string, unknown>;
    const files: { name: string; data: Buffer; type: string }[] = [];
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
      payload = JSON.parse(String(form.get('payload_json') ?? '{}')) as Record<string, unknown>;
      for (const [key, value] of form.entries()) {
        if (key.startsWith('files[') && typeof value !== 'string') {
          files.push({ name: value.name, data: Buffer.from(await value.arrayBuffer()), type: value.type });
        }
      }
    } else {
      payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    }
    const nonce = typeof payload.nonce === 'string' ? payload.nonce : null;
    const content = String(payload.content ?? '');
    if (content.length > 2000) return send(400, { message: 'Invalid Form Body', code: 50035 });
    const id = (((BigInt(opts.now().getTime()) - EPOCH) << 22n) + ++seq).toString();
    const message: DiscordPosted = {
      id,
      channel_id: channel,
      content,
      nonce,
      attachments: files.map((f, i) => ({ id: `${id}${i}`, filename: f.name, size: f.data.length, content_type: f.type })),
      files: files.map((f) => f.data),
    };
    posted.push(message);
    events.emit('posted', message);
    if (fake.holdPosts) {
      held.push(res);
      return;
    }
    const { files: _files, ...shown } = message;
    return send(200, shown);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return fake;
}
