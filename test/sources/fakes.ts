/**
 * Loopback fakes of the five paper sources (real HTTP servers on 127.0.0.1, one per service, so each is its
 * own host for the per-host rules), and sources built against them through the real settings.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.ts';
import { createSources, sourceSettingsFromConfig, type SourceSettings, type Sources } from '../../src/sources/index.ts';
import { recordingSleep, startLoopback, type Loopback } from '../ingest/loopback.ts';

export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/sources/${name}`, import.meta.url), 'utf8');

export const ATOM = { 'content-type': 'application/atom+xml; charset=utf-8' };
export const JSON_TYPE = { 'content-type': 'application/json' };
export const BIB = { 'content-type': 'text/x-bibtex; charset=utf-8' };

export interface Fakes {
  arxiv: Loopback;
  s2: Loopback;
  crossref: Loopback;
  openreview: Loopback;
  anthology: Loopback;
  all: Loopback[];
  /** Requests received by all five. */
  total(): number;
  /** The MECHANISTIC_* settings pointing at the fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const [arxiv, s2, crossref, openreview, anthology] = await Promise.all([startLoopback(), startLoopback(), startLoopback(), startLoopback(), startLoopback()]);
  const all = [arxiv!, s2!, crossref!, openreview!, anthology!];
  return {
    arxiv: arxiv!,
    s2: s2!,
    crossref: crossref!,
    openreview: openreview!,
    anthology: anthology!,
    all,
    total: () => all.reduce((n, l) => n + l.requests.length, 0),
    env: {
      MECHANISTIC_ARXIV_API_URL: `${arxiv!.baseUrl}/api/query`,
      MECHANISTIC_S2_API_URL: `${s2!.baseUrl}/graph/v1`,
      MECHANISTIC_CROSSREF_API_URL: crossref!.baseUrl,
      MECHANISTIC_OPENREVIEW_API_URL: openreview!.baseUrl,
      MECHANISTIC_ANTHOLOGY_URL: anthology!.baseUrl,
    },
    close: async () => {
      await Promise.all(all.map((l) => l.close()));
    },
  };
}

/**
 * Sources configured like the program configures them (env → loadConfig → settings), with waits recorded
 * instead of slept and no polite interval unless a test asks for one.
 */
export function sourcesFor(fakes: Fakes, env: Record<string, string> = {}, extra: Partial<SourceSettings> = {}): Sources & { sleeps: number[] } {
  const config = loadConfig({ MECHANISTIC_SOURCE_TIMEOUT_MS: '3000', ...fakes.env, ...env });
  const { sleep, calls } = recordingSleep();
  const settings: SourceSettings = {
    ...sourceSettingsFromConfig(config),
    minIntervalMs: { arxiv: 0, 'semantic-scholar': 0 },
    sleep,
    ...extra,
  };
  return { ...createSources(settings), sleeps: calls };
}
