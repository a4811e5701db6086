/**
 * Who is asking on the web page, for the per-user rate limit. Behind a reverse proxy every request
 * comes from the proxy, so with MECHANISTIC_TRUST_PROXY on, the address the proxy appended to
 * X-Forwarded-For (the last entry; earlier ones are whatever the client claimed) is used instead.
 */
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const joined = Array.isArray(header) ? header.join(',') : header;
    const last = joined?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last.slice(0, 100);
  }
  return req.socket.remoteAddress ?? 'unknown';
}
