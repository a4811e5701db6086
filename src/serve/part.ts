/**
 * A part of `mechanistic serve`: a chat adapter (Slack, Discord), the digest scheduler, the web page.
 * Serve owns the one HTTP server and mounts each part's routes on it, then starts every part.
 */
import type { AppServices } from '../app/services.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';

export interface PartDeps extends AppServices {
  config: Config;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Exact path, e.g. `/slack/events`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface Part {
  name: string;
  routes?: HttpRoute[];
  start(): Promise<void>;
  /** Stop accepting work, finish what is in flight, release connections. */
  stop(): Promise<void>;
}
