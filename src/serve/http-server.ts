/**
 * The one HTTP server of `mechanistic serve`: every part's routes (web page, /api/*, health,
 * Slack's /slack/events) are mounted here. Unknown paths get 404, wrong methods 405.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRoute } from '../chat/part.ts';
import type { Logger } from '../log.ts';

export interface HttpServer {
  server: Server;
  /** The bound address, e.g. http://127.0.0.1:3000 (port 0 in config binds a free port). */
  url: string;
  close(): Promise<void>;
}

export async function startHttpServer(opts: {
  host: string;
  port: number;
  routes: HttpRoute[];
  log: Logger;
}): Promise<HttpServer> {
  const byPath = new Map<string, HttpRoute[]>();
  for (const r of opts.routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const routes = byPath.get(path);
    if (!routes) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: `no route ${path}` } }));
      return;
    }
    const route = routes.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
    if (!route) {
      res
        .writeHead(405, { allow: routes.map((r) => r.method).join(', '), 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${path}` } }));
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res))
      .catch((err: unknown) => {
        opts.log.error({ err, path }, 'route failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        if (!res.writableEnded) res.end(JSON.stringify({ error: { code: 'internal', message: 'internal error' } }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
