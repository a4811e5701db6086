/**
 * The sources' settings (from the MECHANISTIC_* configuration) and the one place the clients are built.
 */
import type { Config } from '../config.ts';
import { AnthologySource } from './anthology.ts';
import { ArxivSource } from './arxiv.ts';
import { CrossrefSource } from './crossref.ts';
import { SourceHttp } from './http.ts';
import { OpenReviewSource } from './openreview.ts';
import { SemanticScholarSource } from './semantic-scholar.ts';
import type { SourceName } from './types.ts';

export interface SourceSettings {
  /** MECHANISTIC_NETWORK=on. */
  network: boolean;
  arxivApiUrl: string;
  s2ApiUrl: string;
  s2ApiKey?: string;
  crossrefApiUrl: string;
  openreviewApiUrl: string;
  anthologyUrl: string;
  contactEmail?: string;
  timeoutMs: number;
  ttlDays: number;
  /** Minimum time between two requests to a source's host. Default: arXiv 3 s (its terms of use), Semantic Scholar 1 s. */
  minIntervalMs?: Partial<Record<SourceName, number>>;
  perHostConcurrency?: number;
  /** Longest `Retry-After` waited for before the one retry. Default 10 s. */
  maxRetryWaitMs?: number;
  /** Wait before the retry when the answer names none. Default 1 s. */
  retryDelayMs?: number;
  /** Longest any request may wait in its host's line (SourceHttpOptions.maxQueueMs). Default: no limit. */
  maxQueueMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_MIN_INTERVAL_MS: Record<SourceName, number> = {
  arxiv: 3000,
  'semantic-scholar': 1000,
  crossref: 0,
  openreview: 0,
  anthology: 0,
};

export type SourceConfig = Pick<
  Config,
  | 'MECHANISTIC_NETWORK'
  | 'MECHANISTIC_ARXIV_API_URL'
  | 'MECHANISTIC_S2_API_URL'
  | 'SEMANTIC_SCHOLAR_API_KEY'
  | 'MECHANISTIC_CROSSREF_API_URL'
  | 'MECHANISTIC_OPENREVIEW_API_URL'
  | 'MECHANISTIC_ANTHOLOGY_URL'
  | 'MECHANISTIC_CONTACT_EMAIL'
  | 'MECHANISTIC_SOURCE_TIMEOUT_MS'
  | 'MECHANISTIC_SOURCE_TTL_DAYS'
>;

export function sourceSettingsFromConfig(config: SourceConfig): SourceSettings {
  return {
    network: config.MECHANISTIC_NETWORK === 'on',
    arxivApiUrl: config.MECHANISTIC_ARXIV_API_URL,
    s2ApiUrl: config.MECHANISTIC_S2_API_URL,
    ...(config.SEMANTIC_SCHOLAR_API_KEY ? { s2ApiKey: config.SEMANTIC_SCHOLAR_API_KEY } : {}),
    crossrefApiUrl: config.MECHANISTIC_CROSSREF_API_URL,
    openreviewApiUrl: config.MECHANISTIC_OPENREVIEW_API_URL,
    anthologyUrl: config.MECHANISTIC_ANTHOLOGY_URL,
    ...(config.MECHANISTIC_CONTACT_EMAIL ? { contactEmail: config.MECHANISTIC_CONTACT_EMAIL } : {}),
    timeoutMs: config.MECHANISTIC_SOURCE_TIMEOUT_MS,
    ttlDays: config.MECHANISTIC_SOURCE_TTL_DAYS,
  };
}

/**
 * The share of the answer timeout (`MECHANISTIC_ANSWER_TIMEOUT_MS`, which bounds checks too) that a lookup made for an
 * answer or a check may spend in a source's line: a burst of links, titles or checks is refused as busy, with a
 * notice, rather than held until the whole answer times out.
 */
export const QUESTION_QUEUE_SHARE = 0.4;

/** The settings of the sources that answers and checks ask: sourceSettingsFromConfig with that queueing budget. */
export function answeringSourceSettings(config: SourceConfig & Pick<Config, 'MECHANISTIC_ANSWER_TIMEOUT_MS'>): SourceSettings {
  return { ...sourceSettingsFromConfig(config), maxQueueMs: Math.round(config.MECHANISTIC_ANSWER_TIMEOUT_MS * QUESTION_QUEUE_SHARE) };
}

/** `mechanistic-bot/0.1 (interpretability reading-group bot; mailto:you@example.org)`. */
export function sourceUserAgent(contactEmail: string | undefined): string {
  return `mechanistic-bot/0.1 (interpretability reading-group bot${contactEmail ? `; mailto:${contactEmail}` : ''})`;
}

export interface Sources {
  settings: SourceSettings;
  http: SourceHttp;
  arxiv: ArxivSource;
  s2: SemanticScholarSource;
  crossref: CrossrefSource;
  openreview: OpenReviewSource;
  anthology: AnthologySource;
}

/**
 * All five clients, sharing one HTTP layer. Its per-host limits (spacing, requests at once) are the process's:
 * Sources built twice (the answers' and the weekly scan's) still wait in one line per host.
 */
export function createSources(settings: SourceSettings): Sources {
  const http = new SourceHttp({
    network: settings.network,
    timeoutMs: settings.timeoutMs,
    userAgent: sourceUserAgent(settings.contactEmail),
    ...(settings.perHostConcurrency !== undefined ? { perHostConcurrency: settings.perHostConcurrency } : {}),
    ...(settings.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: settings.maxRetryWaitMs } : {}),
    ...(settings.retryDelayMs !== undefined ? { retryDelayMs: settings.retryDelayMs } : {}),
    ...(settings.maxQueueMs !== undefined ? { maxQueueMs: settings.maxQueueMs } : {}),
    ...(settings.now ? { now: settings.now } : {}),
    ...(settings.sleep ? { sleep: settings.sleep } : {}),
  });
  const interval = { ...DEFAULT_MIN_INTERVAL_MS, ...settings.minIntervalMs };
  return {
    settings,
    http,
    arxiv: new ArxivSource(http, settings.arxivApiUrl, interval.arxiv),
    s2: new SemanticScholarSource(http, settings.s2ApiUrl, settings.s2ApiKey, interval['semantic-scholar']),
    crossref: new CrossrefSource(http, settings.crossrefApiUrl, settings.contactEmail, interval.crossref),
    openreview: new OpenReviewSource(http, settings.openreviewApiUrl, interval.openreview),
    anthology: new AnthologySource(http, settings.anthologyUrl, interval.anthology),
  };
}
