/**
 * Configuration from the environment (and `.env`), validated once at start.
 * Variable names follow shared/CONVENTIONS.md. A bad value names the variable and what is expected.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { dataDirFromEnv } from './data-dir.ts';

/** `true`/`false` (also 1/0, yes/no, on/off); empty or unset = the default. */
const flag = (byDefault: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim().toLowerCase();
      if (t === '') return byDefault;
      if (['true', '1', 'yes', 'on'].includes(t)) return true;
      if (['false', '0', 'no', 'off'].includes(t)) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true or false' });
      return z.NEVER;
    });

/** A whole number >= 1; empty or unset = the default. */
const positiveInt = (byDefault: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: `expected ${what}` }).int({ message: `expected ${what}` }).min(1, { message: `expected ${what}` }).default(byDefault),
  );

/** `t` as an http(s) base URL without its trailing slash, or an issue naming `example`. */
function httpBaseUrl(t: string, example: string, ctx: z.RefinementCtx): string {
  let u: URL | undefined;
  try {
    u = new URL(t);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username || u.password) {
    ctx.addIssue({ code: 'custom', message: `expected an http(s) URL without query or credentials, e.g. ${example}` });
    return z.NEVER;
  }
  return t.replace(/\/+$/, '');
}

/** An http(s) base URL (a trailing slash is dropped); empty or unset = the default. */
const baseUrl = (byDefault: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim();
      return t === '' ? byDefault : httpBaseUrl(t, byDefault, ctx);
    });

/** A PostgreSQL connection URL (postgres:// or postgresql://); empty or unset = none (SQLite). */
const databaseUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const t = (v ?? '').trim();
    if (t === '') return undefined;
    let u: URL | undefined;
    try {
      u = new URL(t);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') || !u.hostname) {
      ctx.addIssue({ code: 'custom', message: 'expected a PostgreSQL URL, e.g. postgresql://user:password@db.example.org:5432/mechanistic' });
      return z.NEVER;
    }
    return t;
  });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const configSchema = z.object({
  MECHANISTIC_DATA_DIR: optionalString,
  /** The store: PostgreSQL at this URL (shared by several instances); unset = SQLite in the data dir. */
  DATABASE_URL: databaseUrl,
  MECHANISTIC_MODELS_DIR: optionalString,
  MECHANISTIC_EMBEDDER: z.enum(['auto', 'minilm', 'use-lite']).default('auto'),
  /** Worker threads that run the sentence encoder (each loads the model once); default one per core. */
  MECHANISTIC_ENCODER_WORKERS: positiveInt(availableParallelism(), 'a whole number of encoder worker threads, at least 1'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce
    .number({ message: 'expected a port number from 0 to 65535 (0 = any free port)' })
    .int({ message: 'expected a port number from 0 to 65535 (0 = any free port)' })
    .min(0, { message: 'expected a port number from 0 to 65535 (0 = any free port)' })
    .max(65535, { message: 'expected a port number from 0 to 65535 (0 = any free port)' })
    .default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  /** Slack Web API base URL: GovSlack (https://slack-gov.com/api/) or a test server; unset = Slack's. */
  SLACK_API_URL: optionalString.pipe(z.string().url({ message: 'expected an http(s) URL ending in /api/, e.g. https://slack.com/api/' }).optional()),
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  /** Discord REST API base without the version (a test server); unset = Discord's. The gateway URL comes from its /gateway/bot. */
  DISCORD_API_URL: optionalString.pipe(z.string().url({ message: 'expected an http(s) URL, e.g. https://discord.com/api' }).optional()),
  DISCORD_MENTION_CHANNELS: optionalString.transform((v) =>
    v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [],
  ),
  /** The optional LLM explanation (src/llm): on when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
  OPENAI_API_KEY: optionalString,
  /** Any OpenAI-compatible server (a local llama.cpp, vLLM or Ollama works), e.g. http://127.0.0.1:11434/v1. */
  OPENAI_BASE_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim();
      return t === '' ? undefined : httpBaseUrl(t, 'http://127.0.0.1:11434/v1', ctx);
    }),
  /** The model that writes explanations; needed with OPENAI_BASE_URL (default with only a key: gpt-4o-mini). */
  MECHANISTIC_LLM_MODEL: optionalString,
  /** One explanation (both attempts, if the first is refused with 429/5xx) takes at most this long. */
  MECHANISTIC_LLM_TIMEOUT_MS: positiveInt(8000, 'a whole number of milliseconds, at least 1'),
  /** The most tokens the model may write for one explanation. */
  MECHANISTIC_LLM_MAX_TOKENS: positiveInt(700, 'a whole number of tokens, at least 1'),
  /** Sampling temperature, 0 to 2 (0: the most repeatable). */
  MECHANISTIC_LLM_TEMPERATURE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ message: 'expected a number from 0 to 2' }).min(0, { message: 'expected a number from 0 to 2' }).max(2, { message: 'expected a number from 0 to 2' }).default(0),
  ),
  /** User ids (Slack or Discord) allowed to turn the weekly digest on or off, besides admins and channel managers. */
  MECHANISTIC_DIGEST_ALLOW: optionalString.transform((v) =>
    v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [],
  ),
  /** Answered questions older than this many days are deleted (unset: kept). */
  MECHANISTIC_RETENTION_DAYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ message: 'expected a whole number of days, at least 1' })
      .int({ message: 'expected a whole number of days, at least 1' })
      .min(1, { message: 'expected a whole number of days, at least 1' })
      .optional(),
  ),
  XDG_DATA_HOME: optionalString,
  /** Questions per minute one user may ask (burst of the same size), on every platform. */
  MECHANISTIC_RATE_LIMIT_USER: positiveInt(10, 'a whole number of questions per minute, at least 1'),
  /** Questions per minute one channel may ask, all its users together. */
  MECHANISTIC_RATE_LIMIT_CHANNEL: positiveInt(30, 'a whole number of questions per minute, at least 1'),
  /** Largest request body the HTTP server reads (Slack events, POST /api/ask). */
  MECHANISTIC_MAX_BODY_BYTES: positiveInt(65536, 'a whole number of bytes, at least 1'),
  /** An answer that takes longer than this is abandoned with a timeout error. */
  MECHANISTIC_ANSWER_TIMEOUT_MS: positiveInt(20000, 'a whole number of milliseconds, at least 1'),
  /** Questions being answered at once, all platforms together; past it, new ones are refused as busy. */
  MECHANISTIC_MAX_PENDING: positiveInt(32, 'a whole number of questions, at least 1'),
  /** Timeout for calls to Slack and Discord (the MiniLM download has its own). */
  MECHANISTIC_OUTBOUND_TIMEOUT_MS: positiveInt(10000, 'a whole number of milliseconds, at least 1'),
  /** On SIGTERM, how long in-flight requests may take before connections are cut. */
  MECHANISTIC_SHUTDOWN_TIMEOUT_MS: positiveInt(8000, 'a whole number of milliseconds, at least 1'),
  /** `off`: no request to any paper source (arXiv, Semantic Scholar, Crossref, OpenReview, the Anthology). */
  MECHANISTIC_NETWORK: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim().toLowerCase();
      if (t === '' || t === 'on') return 'on' as const;
      if (t === 'off') return 'off' as const;
      ctx.addIssue({ code: 'custom', message: 'expected on or off' });
      return z.NEVER;
    }),
  /** arXiv API (Atom): `?id_list=` is appended. */
  MECHANISTIC_ARXIV_API_URL: baseUrl('https://export.arxiv.org/api/query'),
  /** Semantic Scholar Graph API: `/paper/{id}`, `/paper/{id}/references`, `/paper/search/match` are appended. */
  MECHANISTIC_S2_API_URL: baseUrl('https://api.semanticscholar.org/graph/v1'),
  /** Optional Semantic Scholar API key, sent as `x-api-key`. */
  SEMANTIC_SCHOLAR_API_KEY: optionalString,
  /** Crossref REST API: `/works/{doi}` is appended. */
  MECHANISTIC_CROSSREF_API_URL: baseUrl('https://api.crossref.org'),
  /** OpenReview API (v2): `/notes?id=` is appended. */
  MECHANISTIC_OPENREVIEW_API_URL: baseUrl('https://api2.openreview.net'),
  /** ACL Anthology: `/{id}.bib` is appended. */
  MECHANISTIC_ANTHOLOGY_URL: baseUrl('https://aclanthology.org'),
  /** Named in the User-Agent of requests to paper sources and as Crossref's `mailto`. */
  MECHANISTIC_CONTACT_EMAIL: optionalString.pipe(
    z
      .string()
      .regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/, { message: 'expected one e-mail address, e.g. maintainer@example.org' })
      .optional(),
  ),
  /** Timeout of one request to a paper source. */
  MECHANISTIC_SOURCE_TIMEOUT_MS: positiveInt(5000, 'a whole number of milliseconds, at least 1'),
  /** How long a fetched paper is kept in the cache (a "not found" is kept at most one day). */
  MECHANISTIC_SOURCE_TTL_DAYS: positiveInt(30, 'a whole number of days, at least 1'),
  /**
   * A copy of the ACL Anthology's data/xml files (e.g. a checkout's data/xml), searched recursively: the weekly
   * paper scan also reads the BlackboxNLP, ACL, EMNLP, NAACL and TACL volumes published in its week. Unset: arXiv only.
   */
  MECHANISTIC_ANTHOLOGY_DATA_DIR: optionalString,
  /** arXiv categories the weekly paper scan lists (comma-separated), e.g. cs.CL,cs.LG,cs.AI. */
  MECHANISTIC_DIGEST_ARXIV_CATEGORIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (list.length === 0) return ['cs.CL', 'cs.LG', 'cs.AI'];
      const bad = list.find((c) => !/^[a-z-]+(\.[A-Za-z-]+)?$/.test(c));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `"${bad}" is not an arXiv category: expected a comma-separated list such as cs.CL,cs.LG,cs.AI` });
        return z.NEVER;
      }
      return [...new Set(list)];
    }),
  /** Behind a reverse proxy: take the web user's address from X-Forwarded-For. */
  MECHANISTIC_TRUST_PROXY: flag(false),
  /** Put the question text in the per-question log line (off: only latency, platform, concepts). */
  MECHANISTIC_LOG_QUESTION_TEXT: flag(false),
});

export type Config = Omit<z.infer<typeof configSchema>, 'MECHANISTIC_DATA_DIR' | 'XDG_DATA_HOME'> & {
  /** Where the database, index files and charts live. */
  dataDir: string;
};

/** Names of variables whose values must never appear in logs or error messages. */
export const SECRET_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'OPENAI_API_KEY', 'SEMANTIC_SCHOLAR_API_KEY', 'DATABASE_URL'] as const;

export class ConfigError extends Error {}

/**
 * A URL's user and password (`https://user:pass@host/…`) replaced by `[redacted]`, in any text:
 * applied to every log line (src/log.ts) and to values shown in configuration errors, so a
 * credential inside SLACK_API_URL (a proxy's, say) is never written anywhere.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi, '$1[redacted]@');
}

/** Discord ids are snowflakes: unsigned 64-bit integers, written in decimal. */
function isSnowflake(v: string): boolean {
  return /^\d{1,20}$/.test(v) && BigInt(v) <= 0xffffffffffffffffn;
}

/** Where a Slack token of another kind came from, so the message can say which variable it belongs in. */
const SLACK_TOKEN_KINDS: Record<string, string> = {
  'xoxb-': 'a bot token',
  'xapp-': 'an app-level token (it goes in SLACK_APP_TOKEN)',
  'xoxp-': 'a user token',
  'xoxe-': 'a refresh token',
};

function slackTokenProblem(name: string, value: string, prefix: string, expected: string): string | null {
  if (value.startsWith(prefix)) return null;
  const kind = Object.entries(SLACK_TOKEN_KINDS).find(([p]) => value.startsWith(p))?.[1];
  return `${name}=(secret): expected ${expected}, which starts with ${prefix}${kind ? `; this one is ${kind}` : ''}`;
}

/** The checks of the chat settings that a pattern in the schema cannot say well (one line each). */
function chatSettingProblems(c: z.infer<typeof configSchema>): string[] {
  const problems: (string | null)[] = [];
  if (c.SLACK_BOT_TOKEN) {
    problems.push(slackTokenProblem('SLACK_BOT_TOKEN', c.SLACK_BOT_TOKEN, 'xoxb-', "the Bot User OAuth Token (the app's OAuth & Permissions page)"));
  }
  if (c.SLACK_APP_TOKEN) {
    problems.push(slackTokenProblem('SLACK_APP_TOKEN', c.SLACK_APP_TOKEN, 'xapp-', 'an app-level token with connections:write (Basic Information → App-Level Tokens)'));
  }
  if (c.SLACK_API_URL) {
    const u = new URL(c.SLACK_API_URL);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash) {
      problems.push(`SLACK_API_URL=${JSON.stringify(redactUrlCredentials(c.SLACK_API_URL))}: expected an http(s) base URL without query or fragment, e.g. https://slack-gov.com/api/`);
    }
  }
  if (c.DISCORD_APP_ID && !isSnowflake(c.DISCORD_APP_ID)) {
    problems.push(`DISCORD_APP_ID=${JSON.stringify(c.DISCORD_APP_ID)}: expected the application id, a number of 17 to 20 digits (Developer Portal → your app → General Information → Application ID)`);
  }
  return problems.filter((p): p is string => p !== null);
}

/** Parses the environment once; throws ConfigError with one line per bad variable (values of secrets never shown). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const shown = (SECRET_KEYS as readonly string[]).includes(name) ? '(secret)' : redactUrlCredentials(JSON.stringify(env[name]) ?? 'undefined');
      return `${name}=${shown}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const chatProblems = chatSettingProblems(parsed.data);
  if (chatProblems.length > 0) throw new ConfigError(`invalid configuration:\n  ${chatProblems.join('\n  ')}`);
  const { MECHANISTIC_DATA_DIR, XDG_DATA_HOME, ...rest } = parsed.data;
  const dataDir = dataDirFromEnv({ MECHANISTIC_DATA_DIR, XDG_DATA_HOME });
  if (rest.SLACK_BOT_TOKEN && !rest.SLACK_SIGNING_SECRET && !rest.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'invalid configuration:\n  SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them',
    );
  }
  if (rest.OPENAI_BASE_URL && !rest.MECHANISTIC_LLM_MODEL) {
    throw new ConfigError('invalid configuration:\n  OPENAI_BASE_URL is set but MECHANISTIC_LLM_MODEL is not: set it to the name of a model that server serves');
  }
  if (rest.DISCORD_TOKEN && !rest.DISCORD_APP_ID) {
    throw new ConfigError('invalid configuration:\n  DISCORD_TOKEN is set but DISCORD_APP_ID is not: set it to the application id');
  }
  return { ...rest, dataDir };
}
