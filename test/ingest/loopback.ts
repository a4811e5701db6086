/**
 * A real HTTP server on 127.0.0.1 that replays canned responses, standing in for the arXiv and
 * Semantic Scholar APIs at the network edge. Each route answers from a queue, so a test can script
 * "503 first, then the feed" and check what the client asked for.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (the client must time out). */
  hang?: boolean;
}

export interface Loopback {
  baseUrl: string;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  /** Replies per path prefix, served in order; the last one repeats. */
  route(prefix: string, ...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startLoopback(): Promise<Loopback> {
  const routes = new Map<string, Reply[]>();
  const requests: Loopback['requests'] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const prefix = [...routes.keys()].filter((p) => (req.url ?? '').startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const queue = prefix ? routes.get(prefix)! : [];
    const reply = queue.length > 1 ? queue.shift()! : queue[0];
    if (!reply) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${req.url}`);
      return;
    }
    if (reply.hang) {
      hanging.add(res);
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/octet-stream', ...reply.headers }).end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route(prefix, ...replies) {
      routes.set(prefix, replies);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A sleep that records what was asked and returns at once, so tests never wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; calls: number[] } {
  const calls: number[] = [];
  return { calls, sleep: async (ms) => void calls.push(ms) };
}
