/**
 * `mechanistic digest subscribe|list|unsubscribe|preview|stats|keep-text`: the weekly digest from
 * the command line. Works on the database alone (no model load), so it answers at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../../corpus/load.ts';
import { assertTimeZone, formatIsoWeek, IsoWeekError, lastCompleteIsoWeek, parseIsoWeek } from '../../digest/iso-week.ts';
import { resolveTopics } from '../../digest/chat-commands.ts';
import { prepareDigest } from '../../digest/prepare.ts';
import { parseTopics } from '../../digest/topics.ts';
import { DEFAULT_SCHEDULE, DEFAULT_TIME_ZONE, describeSchedule, nextRunAfter, scheduleFromAt, ScheduleError, validateSchedule } from '../../digest/schedule.ts';
import { openStoreFromConfig } from '../../store/open.ts';
import type { ChatPlatform as DigestPlatform, Store } from '../../store/store.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';
import { COMMAND_SUMMARIES } from './index.ts';

const USAGE = `mechanistic digest <action> [options]

  subscribe   --platform slack|discord --channel <id> [--tz Europe/Berlin] [--at "mon 09:00"] [--workspace <id>]
              post the weekly digest to a channel (default Monday 09:00, UTC); again to change it
  list        [--json]                      subscriptions, their next run, and the last week posted
  unsubscribe --platform slack|discord --channel <id>
  preview     --channel <id> [--week 2026-W47] [--platform slack|discord] [--tz <zone>] [--out chart.png]
              print a week's digest as Markdown and write its chart, without posting
              (default week: the last complete one; default chart: $MECHANISTIC_DATA_DIR/charts/)
  stats       [--days 30] [--json]          concepts and precedents surfaced most, all channels
  keep-text   --platform slack|discord --channel <id> on|off
              keep question text for this channel (off by default; off also deletes what was kept)
  scan        [--week 2026-W47] [--json]
              list the week's new arXiv papers (MECHANISTIC_DIGEST_ARXIV_CATEGORIES), keep the interpretability
              work and what it rediscovers, for every channel's "New this week" (the scheduler runs it too;
              default week: the last complete one, UTC)
  papers      --platform slack|discord --channel <id> on|off
              show "New this week" in this channel's digest (on by default)
  topics      --platform slack|discord --channel <id> [<concept ids>… | all]
              keep only new papers on these concepts (no ids: show them; all: every concept)

examples:
  mechanistic digest subscribe --platform slack --channel C0123456 --tz Europe/Berlin --at "mon 09:00"
  mechanistic digest preview --channel C0123456 --week 2026-W47 --out w47.png
  mechanistic digest stats --days 7
  mechanistic digest scan --week 2026-W47
  mechanistic digest topics --platform slack --channel C0123456 probing activation-patching`;

const options = {
  platform: { type: 'string' },
  channel: { type: 'string' },
  workspace: { type: 'string' },
  tz: { type: 'string' },
  at: { type: 'string' },
  week: { type: 'string' },
  out: { type: 'string' },
  days: { type: 'string' },
  json: { type: 'boolean' },
  corpus: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>>['values'];

function platformOf(v: Values, required: boolean): DigestPlatform | undefined {
  if (v.platform === undefined) {
    if (required) throw new UsageError('--platform is required: slack or discord');
    return undefined;
  }
  if (v.platform !== 'slack' && v.platform !== 'discord') throw new UsageError(`--platform "${v.platform}" is not known: use slack or discord`);
  return v.platform;
}

function channelOf(v: Values): string {
  if (!v.channel?.trim()) throw new UsageError('--channel is required: the Slack channel id (C…) or Discord channel id');
  return v.channel.trim();
}

function openDb(io: CliIo): Promise<Store> {
  return openStoreFromConfig(loadConfig(io.env));
}

function userErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ScheduleError || e instanceof IsoWeekError) throw new UsageError(e.message);
    throw e;
  }
}

async function preview(v: Values, io: CliIo, db: Store): Promise<number> {
  const channelId = channelOf(v);
  let platform: string | undefined = platformOf(v, false);
  if (!platform) {
    const subscribed: string[] = [];
    for (const p of ['slack', 'discord'] as const) if (await db.digest.getSubscription(p, channelId)) subscribed.push(p);
    const seen = await db.answers.platformsOfChannel(channelId);
    const candidates = [...new Set([...subscribed, ...seen])];
    if (candidates.length > 1) throw new UsageError(`channel ${channelId} is known on ${candidates.join(' and ')}: add --platform`);
    platform = candidates[0] ?? 'slack';
  }
  const sub = platform === 'slack' || platform === 'discord' ? await db.digest.getSubscription(platform, channelId) : null;
  const tz = v.tz ?? sub?.tz ?? DEFAULT_TIME_ZONE;
  const week = userErrors(() => {
    assertTimeZone(tz);
    return v.week ? parseIsoWeek(v.week) : lastCompleteIsoWeek(new Date(), tz);
  });
  const corpus = loadCorpus(v.corpus ?? DEFAULT_CORPUS_DIR);
  const config = loadConfig(io.env);
  const papers = { scans: db.paperScans, network: config.MECHANISTIC_NETWORK === 'on' };
  const message = await prepareDigest(db.answers, corpus, { platform, channelId, tz }, week, papers);
  if (!message) {
    io.stdout(`No questions about corpus concepts and no new papers to show in ${platform} channel ${channelId} in ${formatIsoWeek(week)} (${tz}): that week's digest posts nothing.`);
    return 0;
  }
  const chartsDir = join(config.dataDir, 'charts');
  const out = v.out ?? join(chartsDir, `digest-${platform}-${channelId}-${message.isoWeek}.png`);
  if (!v.out) mkdirSync(chartsDir, { recursive: true });
  writeFileSync(out, message.chartPng);
  io.stdout(message.markdown);
  io.stderr(`mechanistic digest: chart written to ${out}`);
  return 0;
}

async function stats(v: Values, io: CliIo, db: Store): Promise<number> {
  const days = v.days === undefined ? 30 : Number(v.days);
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days must be a whole number of days, at least 1, got "${v.days}"`);
  const since = new Date(Date.now() - days * 86_400_000);
  const s = await db.answers.surfacedSince(since);
  if (v.json) {
    io.stdout(JSON.stringify({ days, since: since.toISOString(), ...s }, null, 2));
    return 0;
  }
  const corpus = (() => {
    try {
      return loadCorpus(v.corpus ?? DEFAULT_CORPUS_DIR);
    } catch {
      return null;
    }
  })();
  const conceptName = (id: string) => corpus?.concepts.get(id)?.name ?? id;
  const paperName = (id: string) => {
    const p = corpus?.papers.get(id);
    return p ? `${p.title} (${p.year})` : id;
  };
  const lines = [`${s.questions} answered question${s.questions === 1 ? '' : 's'} in the last ${days} days, all channels.`];
  lines.push('', 'Concepts surfaced most:');
  lines.push(...(s.concepts.length ? s.concepts.slice(0, 15).map((c) => `  ${String(c.count).padStart(4)}  ${conceptName(c.id)} [${c.id}]`) : ['  none']));
  lines.push('', 'Precedents surfaced most:');
  lines.push(...(s.precedents.length ? s.precedents.slice(0, 15).map((p) => `  ${String(p.count).padStart(4)}  ${paperName(p.id)} [${p.id}]`) : ['  none']));
  io.stdout(lines.join('\n'));
  return 0;
}

async function list(v: Values, io: CliIo, db: Store): Promise<number> {
  const now = new Date();
  const rows = [];
  for (const s of await db.digest.listSubscriptions()) {
    const posted = (await db.digest.listPosted(s.platform, s.channelId)).filter((p) => p.state === 'sent').at(-1);
    rows.push({ ...s, next: nextRunAfter(s.schedule, s.tz, now), lastPosted: posted?.isoWeek ?? null });
  }
  if (v.json) {
    io.stdout(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.stdout('No channel is subscribed. Add one with: mechanistic digest subscribe --platform slack --channel <id>');
    return 0;
  }
  for (const r of rows) {
    io.stdout(
      `${r.platform} ${r.channelId}  ${describeSchedule(r.schedule)} ${r.tz}  next ${r.next?.toISOString() ?? 'never'}  last posted ${r.lastPosted ?? 'none yet'}`,
    );
  }
  return 0;
}

async function scan(v: Values, io: CliIo, db: Store): Promise<number> {
  const week = userErrors(() => (v.week ? parseIsoWeek(v.week) : lastCompleteIsoWeek(new Date(), 'UTC')));
  const config = loadConfig(io.env);
  if (config.MECHANISTIC_NETWORK === 'off') throw new UsageError('the scan reads arXiv, and fetching papers is turned off here (MECHANISTIC_NETWORK=off)');
  const { openMechanistic } = await import('../../app.ts');
  const { createLogger } = await import('../../log.ts');
  const { paperScanFromConfig } = await import('../../digest/scan.ts');
  const mechanistic = await openMechanistic(config, { inProcessEncoder: true, ...(v.corpus ? { corpusDir: v.corpus } : {}) });
  try {
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    const { scanner } = paperScanFromConfig(config, { store: db, mechanistic, log, now: () => new Date() });
    const anthology = config.MECHANISTIC_ANTHOLOGY_DATA_DIR ? ` and the ACL Anthology volumes of the week in ${config.MECHANISTIC_ANTHOLOGY_DATA_DIR}` : '';
    io.stderr(`mechanistic digest: scanning ${config.MECHANISTIC_DIGEST_ARXIV_CATEGORIES.join(', ')} for ${formatIsoWeek(week)} (one arXiv request every 3 s)${anthology}…`);
    const run = await scanner.scan(week);
    const kept = await db.paperScans.papers(run.isoWeek);
    if (v.json) {
      io.stdout(JSON.stringify({ ...run, papers: kept.map((p) => p.result) }, null, 2));
    } else {
      const s = run.scan;
      const what: Record<typeof run.outcome, string> = {
        scanned: 'scanned now',
        done: 'already scanned',
        busy: `being scanned by ${s?.owner ?? 'another scanner'} since ${s?.claimedAt.toISOString() ?? '?'}`,
        'network-off': 'not scanned (MECHANISTIC_NETWORK=off)',
        failed: `failed: ${s?.error ?? 'no reason recorded'} (run it again later)`,
        lost: 'taken over by another scanner while this one ran',
      };
      const volumes = s && s.volumes.length > 0 ? ` on arXiv, ${s.volumes.reduce((n, v) => n + v.papers, 0)} in the ACL Anthology (${s.volumes.map((v) => `${v.id} ${v.venue}`).join(', ')})` : '';
      io.stdout(`${run.isoWeek}: ${what[run.outcome]}${s?.state === 'done' ? `; ${s.listed} listed${volumes}, ${s.kept} interpretability papers` : ''}`);
      for (const p of kept) {
        const r = p.result as { title: string; url: string; concepts: { name: string }[] };
        io.stdout(`  ${String(p.rank).padStart(6)}  ${r.title} ${r.url} [${r.concepts.map((c) => c.name).join(', ')}]`);
      }
      for (const n of s?.notices ?? []) io.stdout(`  note: ${n}`);
    }
    return run.outcome === 'failed' ? 1 : 0;
  } finally {
    await mechanistic.close?.();
  }
}

export const digestCommand: Command = {
  name: 'digest',
  summary: COMMAND_SUMMARIES.digest,
  usage: USAGE,
  async run(args, io) {
    const { values: v, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const [action, ...rest] = positionals;
    if (v.help || !action) {
      io.stdout(USAGE);
      return action || v.help ? 0 : 2;
    }
    const db = await openDb(io);
    try {
      switch (action) {
        case 'subscribe': {
          const platform = platformOf(v, true)!;
          const channelId = channelOf(v);
          const existing = await db.digest.getSubscription(platform, channelId);
          const tz = v.tz ?? existing?.tz ?? DEFAULT_TIME_ZONE;
          const schedule = userErrors(() => {
            const s = v.at ? scheduleFromAt(v.at) : (existing?.schedule ?? DEFAULT_SCHEDULE);
            validateSchedule(s, tz);
            return s;
          });
          const s = await db.digest.subscribe({ platform, workspaceId: v.workspace ?? null, channelId, tz, schedule, createdBy: 'cli' }, new Date());
          io.stdout(`${existing ? 'Updated' : 'Subscribed'}: ${s.platform} ${s.channelId}, ${describeSchedule(s.schedule)} ${s.tz}; next run ${nextRunAfter(s.schedule, s.tz, new Date())?.toISOString()}`);
          return 0;
        }
        case 'unsubscribe': {
          const platform = platformOf(v, true)!;
          const channelId = channelOf(v);
          if (!(await db.digest.unsubscribe(platform, channelId))) throw new UsageError(`${platform} channel ${channelId} is not subscribed (see: mechanistic digest list)`);
          io.stdout(`Unsubscribed: ${platform} ${channelId}`);
          return 0;
        }
        case 'list':
          return await list(v, io, db);
        case 'preview':
          return await preview(v, io, db);
        case 'stats':
          return await stats(v, io, db);
        case 'keep-text': {
          const platform = platformOf(v, true)!;
          const channelId = channelOf(v);
          if (rest[0] !== 'on' && rest[0] !== 'off') throw new UsageError('keep-text needs on or off, e.g. mechanistic digest keep-text --platform slack --channel C0123 on');
          await db.privacy.setKeepQuestionText(platform, channelId, rest[0] === 'on', 'cli', new Date());
          io.stdout(rest[0] === 'on' ? `Question text will be kept for ${platform} ${channelId}.` : `Question text is not kept for ${platform} ${channelId} (and what was kept is deleted).`);
          return 0;
        }
        case 'scan':
          return await scan(v, io, db);
        case 'papers': {
          const platform = platformOf(v, true)!;
          const channelId = channelOf(v);
          if (rest[0] !== 'on' && rest[0] !== 'off') throw new UsageError('papers needs on or off, e.g. mechanistic digest papers --platform slack --channel C0123 off');
          await db.paperScans.setChannelPapers(platform, channelId, rest[0] === 'on', 'cli', new Date());
          io.stdout(`"New this week" is ${rest[0]} for ${platform} ${channelId}.`);
          return 0;
        }
        case 'topics': {
          const platform = platformOf(v, true)!;
          const channelId = channelOf(v);
          const corpus = loadCorpus(v.corpus ?? DEFAULT_CORPUS_DIR);
          const name = (id: string) => corpus.concepts.get(id)?.name ?? id;
          if (rest.length === 0) {
            const t = (await db.paperScans.channelSettings(platform, channelId)).topics;
            io.stdout(t.length > 0 ? `${platform} ${channelId} keeps new papers on: ${t.map((id) => `${name(id)} [${id}]`).join(', ')}` : `${platform} ${channelId} keeps new papers on every concept.`);
            return 0;
          }
          const r = resolveTopics(corpus, parseTopics(rest.join(' ')));
          if ('error' in r) throw new UsageError(r.error.replace(/`/g, ''));
          await db.paperScans.setChannelTopics(platform, channelId, r.ids, 'cli', new Date());
          io.stdout(r.ids.length > 0 ? `${platform} ${channelId} will keep new papers on: ${r.ids.map(name).join(', ')}` : `${platform} ${channelId} will keep new papers on every concept.`);
          return 0;
        }
        default:
          throw new UsageError(`unknown action "${action}": use subscribe, list, unsubscribe, preview, stats, keep-text, scan, papers or topics (mechanistic digest --help)`);
      }
    } finally {
      await db.close();
    }
  },
};
