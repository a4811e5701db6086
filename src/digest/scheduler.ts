/**
 * Posts each subscribed channel's digest exactly once per ISO week.
 *
 * For a subscription, the latest scheduled run at or before `now` (croner, in the channel's time
 * zone) names the week owed: the last complete ISO week then. The week's row in posted_digest is
 * the claim: inserted as 'intent' in a transaction before sending (the unique key picks one
 * winner among schedulers sharing the database), set to 'sent' after. An 'intent' older than the
 * lease belongs to a scheduler that crashed or failed; the taker first asks the platform whether
 * the digest went out (findPosted) and only posts if it did not.
 * A scheduler that was down at the scheduled time catches up on its next tick; a week whose run
 * was missed entirely because a newer run has since come due is not posted late.
 */
import { randomUUID } from 'node:crypto';
import type { Corpus } from '../core/corpus-schema.ts';
import type { Logger } from '../log.ts';
import type { Store, PostedDigest, Subscription } from '../store/store.ts';
import { formatIsoWeek, lastCompleteIsoWeek } from './iso-week.ts';
import type { DigestMessage, DigestPoster } from './poster.ts';
import { prepareDigest, type DigestPapersSource } from './prepare.ts';
import type { PaperScanner } from './scan.ts';
import { latestRunAtOrBefore } from './schedule.ts';

export interface DigestSchedulerOptions {
  store: Store;
  corpus: Corpus;
  poster: DigestPoster;
  now: () => Date;
  log: Logger;
  /** Names this scheduler's claims; unique per process by default. */
  owner?: string;
  /** How long an intent is left alone before another scheduler may take it over. Must exceed a post's timeout. */
  leaseMs?: number;
  /** Attempts (first post plus takeovers) before a week is given up as 'failed'. */
  maxAttempts?: number;
  /** "New this week": the week's paper scan, read by every channel's post. Absent: questions only. */
  papers?: DigestPapersSource;
  /** Runs the week's paper scan (once for all channels) before the first channel's post needs it. */
  scanner?: Pick<PaperScanner, 'scan'>;
}

export type TickOutcome =
  | 'not-due'
  | 'no-poster'
  | 'posted'
  | 'reconciled'
  | 'empty'
  | 'done'
  | 'busy'
  | 'retry'
  | 'failed'
  | 'error';

export interface TickResult {
  platform: string;
  channelId: string;
  isoWeek: string | null;
  outcome: TickOutcome;
  messageId?: string;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 6;

export class DigestScheduler {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly o: DigestSchedulerOptions) {
    this.owner = o.owner ?? `digest-${randomUUID()}`;
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /** One pass over every subscription. Never throws for one channel's trouble; see the results. */
  async tick(): Promise<TickResult[]> {
    const results: TickResult[] = [];
    for (const sub of await this.o.store.digest.listSubscriptions()) {
      try {
        results.push(await this.runOne(sub));
      } catch (err) {
        this.o.log.error({ err, platform: sub.platform, channel: sub.channelId }, 'digest: subscription failed');
        results.push({ platform: sub.platform, channelId: sub.channelId, isoWeek: null, outcome: 'error' });
      }
    }
    return results;
  }

  private async runOne(sub: Subscription): Promise<TickResult> {
    const now = this.o.now();
    const result = (isoWeek: string | null, outcome: TickOutcome, messageId?: string): TickResult => ({
      platform: sub.platform,
      channelId: sub.channelId,
      isoWeek,
      outcome,
      ...(messageId ? { messageId } : {}),
    });
    if (this.o.poster.supports && !this.o.poster.supports(sub.platform)) return result(null, 'no-poster');
    const due = latestRunAtOrBefore(sub.schedule, sub.tz, now);
    if (!due || due.getTime() < sub.createdAt.getTime()) return result(null, 'not-due');
    const week = lastCompleteIsoWeek(due, sub.tz);
    const isoWeek = formatIsoWeek(week);
    const row = await this.o.store.digest.getPosted(sub.platform, sub.channelId, isoWeek);

    if (!row) {
      // The week's paper scan runs once for all channels; a channel whose post needs it waits while another scanner has it.
      if (this.o.scanner && this.o.papers?.network && (await this.o.store.paperScans.channelSettings(sub.platform, sub.channelId)).papers) {
        const run = await this.o.scanner.scan(week);
        if (run.outcome === 'busy' || run.outcome === 'lost') return result(isoWeek, 'busy');
      }
      const message = await prepareDigest(this.o.store.answers, this.o.corpus, sub, week, this.o.papers);
      const base = { platform: sub.platform, channelId: sub.channelId, isoWeek, owner: this.owner };
      if (!message) {
        await this.o.store.digest.claimWeek({ ...base, state: 'empty', conceptIds: [] }, now);
        return result(isoWeek, 'empty');
      }
      const claimed = await this.o.store.digest.claimWeek({ ...base, state: 'intent', conceptIds: message.digest.concepts.map((c) => c.id) }, now);
      if (!claimed) return result(isoWeek, 'busy');
      return this.send(sub, claimed, message, result);
    }

    if (row.state !== 'intent') return result(isoWeek, 'done');
    if (now.getTime() - row.claimedAt.getTime() < this.leaseMs) return result(isoWeek, 'busy');
    const taken = await this.o.store.digest.takeOverIntent(row, this.owner, now);
    if (!taken) return result(isoWeek, 'busy');
    if (taken.attempts > this.maxAttempts) {
      await this.o.store.digest.markFailed(taken.id, this.owner, `gave up after ${this.maxAttempts} attempts: ${row.error ?? 'no error recorded'}`);
      this.o.log.error({ platform: sub.platform, channel: sub.channelId, isoWeek, error: row.error }, 'digest: giving up on this week');
      return result(isoWeek, 'failed');
    }
    if (!this.o.poster.findPosted) {
      await this.o.store.digest.markFailed(taken.id, this.owner, 'an earlier attempt may have posted and this poster cannot check; not posting again');
      return result(isoWeek, 'failed');
    }
    try {
      const found = await this.o.poster.findPosted(sub, isoWeek, due);
      if (found) {
        await this.o.store.digest.markSent(taken.id, this.owner, found.messageId, this.o.now());
        this.o.log.info({ platform: sub.platform, channel: sub.channelId, isoWeek }, 'digest: found the earlier post, recorded it as sent');
        return result(isoWeek, 'reconciled', found.messageId);
      }
    } catch (err) {
      await this.o.store.digest.recordAttemptError(taken.id, this.owner, `checking for an earlier post: ${(err as Error).message}`);
      this.o.log.warn({ err, platform: sub.platform, channel: sub.channelId, isoWeek }, 'digest: could not check for an earlier post; will retry');
      return result(isoWeek, 'retry');
    }
    const message = await prepareDigest(this.o.store.answers, this.o.corpus, sub, week, this.o.papers);
    if (!message) {
      await this.o.store.digest.markFailed(taken.id, this.owner, 'nothing left to post (the answers were deleted since the first attempt)');
      return result(isoWeek, 'failed');
    }
    return this.send(sub, taken, message, result);
  }

  private async send(
    sub: Subscription,
    claim: PostedDigest,
    message: DigestMessage,
    result: (isoWeek: string, outcome: TickOutcome, messageId?: string) => TickResult,
  ): Promise<TickResult> {
    try {
      const { messageId } = await this.o.poster.post(sub, message);
      if (!(await this.o.store.digest.markSent(claim.id, this.owner, messageId, this.o.now()))) {
        this.o.log.warn({ platform: sub.platform, channel: sub.channelId, isoWeek: claim.isoWeek }, 'digest: posted, but the claim had been taken over');
      }
      this.o.log.info({ platform: sub.platform, channel: sub.channelId, isoWeek: claim.isoWeek, messageId }, 'digest: posted');
      return result(claim.isoWeek, 'posted', messageId);
    } catch (err) {
      await this.o.store.digest.recordAttemptError(claim.id, this.owner, (err as Error).message);
      this.o.log.warn({ err, platform: sub.platform, channel: sub.channelId, isoWeek: claim.isoWeek }, 'digest: post failed; will check and retry after the lease');
      return result(claim.isoWeek, 'retry');
    }
  }
}
