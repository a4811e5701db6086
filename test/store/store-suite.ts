/**
 * The store's tests, written once against the `Store` interface (src/store/store.ts) and run by
 * every backend: test/store/sqlite.test.ts runs them on SQLite; a PostgreSQL backend runs the
 * same suite. `open` must give a new, empty store each time it is called.
 *
 * Rows that only a migration makes (answers from before answers were stored: logged = 0, no
 * answer, the question text kept) cannot be made through the interface; a backend that can seed
 * them passes `backend.insertLegacyAnswer`, and the tests that need them are skipped otherwise.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckResult } from '../../src/core/references.ts';
import type { Answer, PaperRef, Explanation } from '../../src/core/types.ts';
import {
  ANSWER_BUTTON_DAYS,
  CHECK_KEEP_DAYS,
  EVENT_CLAIM_LEASE_MS,
  POSTED_DIGEST_MIN_KEEP_DAYS,
  SOURCE_CACHE_KEEP_DAYS,
  type ChatPlatform,
  type Origin,
  type PostedDigest,
  type Store,
} from '../../src/store/store.ts';

export interface LegacyAnswerRow {
  id: string;
  platform: ChatPlatform;
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
  queryText: string;
  createdAt: Date;
}

export interface StoreSuiteBackend<S extends Store> {
  /** Inserts a row as migration 5 copies a Slack question or a Discord answer into the answer table. */
  insertLegacyAnswer?(store: S, row: LegacyAnswerRow): Promise<void>;
}

const DAY = 86_400_000;
const NOW = new Date('2026-11-25T12:00:00.000Z');
const daysAgo = (d: number, from: Date = NOW) => new Date(from.getTime() - d * DAY);

function paper(id: string, year = 2020): PaperRef {
  return { id, title: `Title of ${id}`, authors: ['A. Author', 'B. Author'], year, venue: 'ACL', url: `https://example.org/${id}`, community: 'NLPI', why: `why ${id}`, score: 0.5 };
}

/** A whole answer, every field filled in, so a round trip that drops one shows. */
export function sampleAnswer(o: { query?: string; concepts?: string[]; precedents?: string[]; related?: string[] } = {}): Answer {
  return {
    query: o.query ?? 'is probing mechanistic?',
    paper: paper('hupkes2018', 2018),
    notices: ['a notice'],
    definitions: {
      narrowTechnical: { applies: true, confidence: 0.9, evidence: ['looks at activations'] },
      broadTechnical: { applies: false, confidence: 0.2, evidence: [] },
      narrowCultural: { applies: null, confidence: 0, evidence: [] },
      broadCultural: { applies: true, confidence: 0.6, evidence: ['cites MI work'] },
    },
    concepts: (o.concepts ?? ['probing']).map((id) => ({ id, name: `Name of ${id}`, aliases: [`${id}-alias`], score: 0.8 })),
    precedents: (o.precedents ?? ['ettinger2016']).map((id) => paper(id, 2016)),
    related: (o.related ?? ['meng2022']).map((id) => paper(id, 2022)),
  };
}

/** A whole check, every field filled in, so a round trip that drops one shows. */
export function sampleCheck(paperId = 'meng2022'): CheckResult {
  const a = sampleAnswer();
  return {
    paper: paper(paperId, 2022),
    notices: ['Semantic Scholar returned only part of the reference list.'],
    definitions: a.definitions,
    concepts: [{ id: 'activation-patching', name: 'Activation patching', score: 0.9 }],
    coverage: [{ concept: 'activation-patching', name: 'Activation patching', cited: [paper('vig2020')], missing: [{ ...paper('geiger2020'), missRate: 0.5 }, { ...paper('finlayson2021', 2021), missRate: null }], score: 0.333 }],
    references: { total: 3, source: 'bibtex', matched: [{ entry: 'vig2020causal', id: 'vig2020', how: 'arxiv' }], unmatched: ['nobody2024', 'Ünïcode, A. 2020. A “quoted” title.'] },
  };
}

const origin = (over: Partial<Origin> = {}): Origin => ({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U1', ...over });

export function storeSuite<S extends Store>(name: string, open: () => Promise<S>, backend: StoreSuiteBackend<S> = {}): void {
  /** Runs `fn` on a new store and closes it, whether `fn` passes or not. */
  const withStore = (fn: (store: S) => Promise<void>) => async () => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };
  const legacy = backend.insertLegacyAnswer;
  const needsLegacy = legacy ? {} : { skip: 'this backend cannot seed rows from before answers were stored' };
  const insertLegacy = (store: S, row: LegacyAnswerRow) => legacy!(store, row);

  /** Saves an answer in a channel; resolves to its id. */
  const log = async (
    store: S,
    q: { platform?: Origin['platform']; workspaceId?: string | null; channel: string | null; at: Date | string; concepts?: string[]; precedents?: string[]; text?: string | null },
  ) =>
    (
      await store.answers.save({
        origin: origin({ platform: q.platform ?? 'slack', workspaceId: q.workspaceId === undefined ? 'T1' : q.workspaceId, channelId: q.channel }),
        createdAt: new Date(q.at),
        answer: sampleAnswer({ query: q.text ?? 'the question', concepts: q.concepts ?? ['probing'], precedents: q.precedents ?? [] }),
        queryText: q.text ?? null,
      })
    ).id;

  describe(`store: ${name}`, () => {
    describe('answers', () => {
      test('save gives a URL-safe id that fits a button, and get returns the whole answer as saved', withStore(async (store) => {
        const answer = sampleAnswer();
        const createdAt = new Date('2026-11-20T10:30:00.123Z');
        const saved = await store.answers.save({ origin: origin(), createdAt, answer, queryText: 'is probing mechanistic?' });
        assert.match(saved.id, /^[A-Za-z0-9_-]{1,40}$/, 'fits Slack button values and Discord custom_ids');
        assert.deepEqual(saved, { id: saved.id, createdAt, origin: origin(), answer, queryText: 'is probing mechanistic?' });
        const got = await store.answers.get(saved.id);
        assert.deepEqual(got, saved);
        assert.ok(got!.createdAt instanceof Date);
        const other = await store.answers.save({ origin: origin({ platform: 'web', workspaceId: null, channelId: null, userId: null }), createdAt, answer, queryText: null });
        assert.notEqual(other.id, saved.id, 'every save gets its own id');
        assert.deepEqual((await store.answers.get(other.id))?.origin, { platform: 'web', workspaceId: null, channelId: null, userId: null });
      }));

      test('the question text is kept only as queryText: answer.query is empty when it is not kept', withStore(async (store) => {
        const answer = sampleAnswer({ query: 'my secret question about probing' });
        const saved = await store.answers.save({ origin: origin(), createdAt: NOW, answer, queryText: null });
        assert.equal(saved.answer?.query, '');
        assert.equal(saved.queryText, null);
        const got = await store.answers.get(saved.id);
        assert.equal(got?.queryText, null);
        assert.deepEqual(got?.answer, { ...answer, query: '' }, 'everything but the question is kept');
        assert.ok(!JSON.stringify(got).includes('my secret question'), 'the text is nowhere in what the store gives back');

        const kept = await store.answers.save({ origin: origin(), createdAt: NOW, answer, queryText: 'the kept text' });
        const keptGot = await store.answers.get(kept.id);
        assert.equal(keptGot?.queryText, 'the kept text');
        assert.equal(keptGot?.answer?.query, 'the kept text', 'answer.query is the stored queryText, not what the answer carried');
        assert.ok(!JSON.stringify(keptGot).includes('my secret question'));
      }));

      test('recentOfUser: one user in one workspace on one platform, newest first, only answers that still have buttons', withStore(async (store) => {
        const save = (o: Partial<Origin>, at: string) => store.answers.save({ origin: origin(o), createdAt: new Date(at), answer: sampleAnswer(), queryText: null });
        const a = await save({}, '2026-11-20T10:00:00.000Z');
        const b = await save({ channelId: 'D1' }, '2026-11-21T10:00:00.000Z');
        const c = await save({}, '2026-11-22T10:00:00.000Z');
        await save({ userId: 'U2' }, '2026-11-23T10:00:00.000Z');
        await save({ workspaceId: 'T2' }, '2026-11-23T10:00:00.000Z');
        await save({ platform: 'discord' }, '2026-11-23T10:00:00.000Z');
        assert.deepEqual((await store.answers.recentOfUser('slack', 'T1', 'U1', 10)).map((r) => r.id), [c.id, b.id, a.id]);
        assert.deepEqual((await store.answers.recentOfUser('slack', 'T1', 'U1', 2)).map((r) => r.id), [c.id, b.id]);
        assert.ok((await store.answers.recentOfUser('slack', 'T1', 'U1', 1))[0]!.answer, 'with the whole answer');
        await store.applyRetention(null, new Date('2026-12-21T12:00:00.000Z'));
        assert.deepEqual((await store.answers.recentOfUser('slack', 'T1', 'U1', 10)).map((r) => r.id), [c.id], 'answers past the button window are not offered');
      }));

      test('get of an unknown or malformed id is null', withStore(async (store) => {
        await log(store, { channel: 'C1', at: NOW });
        for (const id of ['', 'unknownid123', 'log1', 'd1', 'has space', 'a/b', '../x', "x' OR '1'='1", 'é', 'x'.repeat(41), 'x'.repeat(5000)]) {
          assert.equal(await store.answers.get(id), null, JSON.stringify(id));
        }
      }));

      test('loggedInChannel: one platform and channel, [from, to), oldest first, with concepts and precedents', withStore(async (store) => {
        const from = new Date('2026-11-16T00:00:00.000Z');
        const to = new Date('2026-11-23T00:00:00.000Z');
        await log(store, { channel: 'C1', at: '2026-11-20T00:00:00Z', concepts: ['probing', 'activation-patching'], precedents: ['vig2020', 'ettinger2016'] });
        await log(store, { channel: 'C1', at: from, concepts: ['probing'] }); // the start is in
        await log(store, { channel: 'C1', at: to, concepts: ['late'] }); // the end is not
        await log(store, { channel: 'C1', at: '2026-11-15T23:59:59.999Z', concepts: ['early'] });
        await log(store, { channel: 'C2', at: '2026-11-18T00:00:00Z', concepts: ['other-channel'] });
        await log(store, { platform: 'discord', channel: 'C1', at: '2026-11-18T00:00:00Z', concepts: ['other-platform'] });
        assert.deepEqual(await store.answers.loggedInChannel('slack', 'C1', from, to), [
          { askedAt: from, conceptIds: ['probing'], precedentIds: [] },
          { askedAt: new Date('2026-11-20T00:00:00Z'), conceptIds: ['probing', 'activation-patching'], precedentIds: ['vig2020', 'ettinger2016'] },
        ]);
        assert.deepEqual(await store.answers.loggedInChannel('discord', 'C1', from, to), [
          { askedAt: new Date('2026-11-18T00:00:00Z'), conceptIds: ['other-platform'], precedentIds: [] },
        ]);
        assert.deepEqual(await store.answers.loggedInChannel('slack', 'C9', from, to), []);
      }));

      test('platformsOfChannel: the platforms with answers in a channel id', withStore(async (store) => {
        await log(store, { platform: 'slack', channel: 'C1', at: NOW });
        await log(store, { platform: 'discord', channel: 'C1', at: NOW });
        await log(store, { platform: 'slack', channel: 'C1', at: NOW });
        await log(store, { platform: 'web', channel: 'C2', at: NOW });
        assert.deepEqual(await store.answers.platformsOfChannel('C1'), ['discord', 'slack']);
        assert.deepEqual(await store.answers.platformsOfChannel('C2'), ['web']);
        assert.deepEqual(await store.answers.platformsOfChannel('C9'), []);
      }));

      test('surfacedSince counts each concept and precedent once per answer, across channels, within the window', withStore(async (store) => {
        await log(store, { channel: 'C1', at: '2026-11-20T00:00:00Z', concepts: ['probing', 'activation-patching', 'probing'], precedents: ['vig2020', 'ettinger2016'] });
        await log(store, { platform: 'discord', channel: '42', at: '2026-11-21T00:00:00Z', concepts: ['probing'], precedents: ['ettinger2016', 'ettinger2016'] });
        await log(store, { platform: 'web', channel: null, workspaceId: null, at: '2026-11-26T00:00:00Z', concepts: ['steering'], precedents: [] });
        await log(store, { channel: 'C1', at: '2026-09-01T00:00:00Z', concepts: ['activation-patching'], precedents: ['vig2020'] });
        const s = await store.answers.surfacedSince(new Date('2026-10-26T00:00:00Z'));
        assert.equal(s.questions, 3);
        assert.deepEqual(s.concepts, [
          { id: 'probing', count: 2 },
          { id: 'activation-patching', count: 1 },
          { id: 'steering', count: 1 },
        ]);
        assert.deepEqual(s.precedents, [
          { id: 'ettinger2016', count: 2 },
          { id: 'vig2020', count: 1 },
        ]);
        assert.deepEqual(await store.answers.surfacedSince(new Date('2027-01-01T00:00:00Z')), { questions: 0, concepts: [], precedents: [] });
      }));

      test('attachAnswer fills in an answer that aged out of the button window, and never replaces one', withStore(async (store) => {
        const id = await log(store, { channel: 'C1', at: daysAgo(ANSWER_BUTTON_DAYS + 1), text: 'kept question', concepts: ['probing'] });
        await store.applyRetention(null, NOW);
        assert.equal((await store.answers.get(id))?.answer, null);
        const again = sampleAnswer({ query: 'whatever the answerer says', concepts: ['probing'], precedents: ['vig2020'] });
        await store.answers.attachAnswer(id, again);
        const got = await store.answers.get(id);
        assert.deepEqual(got?.answer, { ...again, query: 'kept question' }, 'the query is still only the kept text');
        await store.answers.attachAnswer(id, sampleAnswer({ concepts: ['other'] }));
        assert.deepEqual((await store.answers.get(id))?.answer?.concepts.map((c) => c.id), ['probing'], 'an answer there is kept');
        const fresh = await log(store, { channel: 'C1', at: NOW, concepts: ['fresh'] });
        await store.answers.attachAnswer(fresh, sampleAnswer({ concepts: ['other'] }));
        assert.deepEqual((await store.answers.get(fresh))?.answer?.concepts.map((c) => c.id), ['fresh']);
        await store.answers.attachAnswer('unknownid123', again); // no row: nothing happens, no error
      }));

      test('a row from before answers were stored: found by id, no answer, its text; attachAnswer fills it; the digest does not count it', { ...needsLegacy }, withStore(async (store) => {
        await insertLegacy(store, { id: 'legacy_Q1', platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U1', queryText: 'old question', createdAt: daysAgo(3) });
        const got = await store.answers.get('legacy_Q1');
        assert.deepEqual(got, {
          id: 'legacy_Q1',
          createdAt: daysAgo(3),
          origin: { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U1' },
          answer: null,
          queryText: 'old question',
        });
        const answer = sampleAnswer({ query: 'old question' });
        await store.answers.attachAnswer('legacy_Q1', answer);
        assert.deepEqual((await store.answers.get('legacy_Q1'))?.answer, answer);
        assert.deepEqual(await store.answers.loggedInChannel('slack', 'C1', daysAgo(10), NOW), []);
        assert.deepEqual(await store.answers.platformsOfChannel('C1'), []);
        assert.equal((await store.answers.surfacedSince(daysAgo(10))).questions, 0);
      }));
    });

    describe('feedback', () => {
      test('record gives ids; list gives every field back, oldest first', withStore(async (store) => {
        assert.deepEqual(await store.feedback.list(), []);
        const answerId = await log(store, { channel: 'C1', at: NOW });
        const later = {
          platform: 'discord' as const,
          workspaceId: 'G1',
          channelId: 'C2',
          userId: 'U2',
          query: 'q'.repeat(100),
          answerId: null,
          paperId: null,
          comment: 'Missing the real precedent.',
          createdAt: new Date('2026-11-21T08:00:00Z'),
        };
        const earlier = {
          platform: 'slack' as const,
          workspaceId: 'T1',
          channelId: 'C1',
          userId: 'U1',
          query: 'is probing mechanistic?',
          answerId,
          paperId: 'hupkes2018',
          comment: 'Came after the paper.\nCite an earlier one.',
          createdAt: new Date('2026-11-20T10:30:00Z'),
        };
        const web = { ...earlier, platform: 'web' as const, workspaceId: null, channelId: null, userId: null, createdAt: later.createdAt };
        const a = await store.feedback.record(later);
        const b = await store.feedback.record(earlier);
        const c = await store.feedback.record(web);
        assert.equal(new Set([a, b, c]).size, 3);
        assert.ok(a < c, 'ids grow');
        assert.deepEqual(await store.feedback.list(), [
          { id: b, ...earlier },
          { id: a, ...later },
          { id: c, ...web },
        ]);
      }));
    });

    describe('slack events', () => {
      const t0 = new Date('2026-11-01T12:00:00Z');
      test('an event is new once, a duplicate while in flight or answered, and taken over from a process that died', withStore(async (store) => {
        let now = t0;
        const claim = (bootId: string, eventId = 'Ev1') => store.slackEvents.claim({ eventId, workspaceId: 'T1', bootId, now });
        const leaseLater = () => (now = new Date(now.getTime() + EVENT_CLAIM_LEASE_MS + 1000));
        assert.equal(await claim('boot-a'), 'new');
        assert.equal(await claim('boot-a'), 'duplicate', 'in flight in this process');
        assert.equal(await claim('boot-b'), 'duplicate', 'in flight in another instance (the same event delivered twice)');
        leaseLater();
        assert.equal(await claim('boot-b'), 'taken-over', 'claimed by a process that never answered within the lease: gone');
        assert.equal(await claim('boot-b'), 'duplicate', 'now in flight in the taker');
        assert.equal(await claim('boot-c'), 'duplicate', 'the taker has a lease of its own');
        leaseLater();
        assert.equal(await claim('boot-c'), 'taken-over');
        assert.equal(await claim('boot-a', 'Ev2'), 'new', 'another event');
        await store.slackEvents.markAnswered('Ev1', now);
        leaseLater();
        assert.equal(await claim('boot-d'), 'duplicate', 'answered: never again, whoever asks');
        assert.equal(await claim('boot-c'), 'duplicate');
        assert.equal(await claim('boot-d', 'Ev2'), 'taken-over', 'answering one event leaves the others alone');
      }));

      test('concurrent claims of one event: exactly one is new', withStore(async (store) => {
        const results = await Promise.all(['a', 'a', 'b', 'c'].map((bootId) => store.slackEvents.claim({ eventId: 'EvC', workspaceId: 'T1', bootId, now: t0 })));
        assert.equal(results.filter((r) => r === 'new').length, 1, results.join(', '));
      }));

      test('event ids are kept a day', withStore(async (store) => {
        const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
        await store.slackEvents.claim({ eventId: 'old', workspaceId: 'T1', bootId: 'a', now: t0 });
        await store.slackEvents.claim({ eventId: 'recent', workspaceId: 'T1', bootId: 'a', now: at(36) });
        await store.slackEvents.markAnswered('old', t0);
        await store.slackEvents.claim({ eventId: 'trigger', workspaceId: 'T1', bootId: 'a', now: at(48) });
        assert.equal(await store.slackEvents.claim({ eventId: 'recent', workspaceId: 'T1', bootId: 'z', now: at(48) }), 'taken-over', 'half a day old: still known');
        assert.equal(await store.slackEvents.claim({ eventId: 'old', workspaceId: 'T1', bootId: 'z', now: at(48) }), 'new', 'two days old: forgotten');
      }));
    });

    describe('slack requests (migration 9)', () => {
      const t0 = new Date('2026-11-01T12:00:00Z');
      test('a signed request is seen once: its replay is not, whichever instance it reaches', withStore(async (store) => {
        const sight = (digest: string, now = t0) => store.slackRequests.firstSight({ digest, workspaceId: 'T1', now });
        assert.equal(await sight('d1'), true);
        assert.equal(await sight('d1'), false, 'the same signature again is a replay');
        assert.equal(await sight('d2'), true, 'another request');
        const racing = await Promise.all(['d3', 'd3', 'd3', 'd3'].map((d) => sight(d)));
        assert.equal(racing.filter(Boolean).length, 1, 'concurrent replays: exactly one first sight');
      }));

      test('digests are kept an hour, longer than the ten minutes a replay can arrive in', withStore(async (store) => {
        const at = (min: number) => new Date(t0.getTime() + min * 60_000);
        await store.slackRequests.firstSight({ digest: 'old', workspaceId: 'T1', now: t0 });
        assert.equal(await store.slackRequests.firstSight({ digest: 'old', workspaceId: 'T1', now: at(11) }), false, 'eleven minutes later: still known');
        await store.slackRequests.firstSight({ digest: 'trigger', workspaceId: 'T1', now: at(61) });
        assert.equal(await store.slackRequests.firstSight({ digest: 'old', workspaceId: 'T1', now: at(62) }), true, 'an hour later: forgotten');
      }));

      test('deleteData of a Slack team takes its request digests', withStore(async (store) => {
        await store.slackRequests.firstSight({ digest: 'team', workspaceId: 'T1', now: NOW });
        await store.slackRequests.firstSight({ digest: 'other', workspaceId: 'T2', now: NOW });
        assert.equal((await store.workspaces.deleteData('slack', 'T1')).slack_request, 1);
        assert.equal(await store.slackRequests.firstSight({ digest: 'other', workspaceId: 'T2', now: NOW }), false, 'another team’s stay');
      }));
    });

    describe('unfurl settings (migration 9)', () => {
      test('on by default; off and on again per platform and channel; deleted with the workspace', withStore(async (store) => {
        assert.equal(await store.unfurls.enabled('slack', 'C1'), true, 'default on');
        await store.unfurls.set({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', enabled: false, by: 'U1' }, NOW);
        assert.equal(await store.unfurls.enabled('slack', 'C1'), false);
        assert.equal(await store.unfurls.enabled('discord', 'C1'), true, 'another platform’s channel of the same id');
        assert.equal(await store.unfurls.enabled('slack', 'C2'), true, 'another channel');
        await store.unfurls.set({ platform: 'slack', workspaceId: null, channelId: 'C1', enabled: true, by: 'U2' }, NOW);
        assert.equal(await store.unfurls.enabled('slack', 'C1'), true);
        await store.unfurls.set({ platform: 'slack', workspaceId: null, channelId: 'C1', enabled: false, by: 'U2' }, NOW);
        assert.equal((await store.workspaces.deleteData('slack', 'T1')).channel_unfurl, 1, 'the workspace id set first is kept');
        assert.equal(await store.unfurls.enabled('slack', 'C1'), true, 'back to the default');
      }));
    });

    describe('digest', () => {
      const sub = { platform: 'discord' as const, workspaceId: 'G1', channelId: '42', tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' };

      test('subscribe, get, list, unsubscribe; subscribing again changes the zone and schedule only', withStore(async (store) => {
        const at = new Date('2026-11-20T00:00:00Z');
        assert.equal(await store.digest.getSubscription('discord', '42'), null);
        const s = await store.digest.subscribe(sub, at);
        assert.deepEqual({ ...s, id: 0 }, { ...sub, id: 0, createdAt: at });
        assert.deepEqual(await store.digest.getSubscription('discord', '42'), s);
        assert.equal(await store.digest.getSubscription('slack', '42'), null, 'channels are per platform');

        const again = await store.digest.subscribe({ ...sub, workspaceId: null, tz: 'Asia/Tokyo', schedule: '30 16 * * 5', createdBy: 'U2' }, new Date('2026-11-21T00:00:00Z'));
        assert.deepEqual(
          [again.id, again.tz, again.schedule, again.workspaceId, again.createdAt.toISOString(), again.createdBy],
          [s.id, 'Asia/Tokyo', '30 16 * * 5', 'G1', at.toISOString(), 'U1'],
        );
        await store.digest.subscribe({ ...sub, platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, at);
        await store.digest.subscribe({ ...sub, channelId: '41' }, at);
        const list = await store.digest.listSubscriptions();
        assert.deepEqual(list.map((x) => [x.platform, x.channelId]), [['discord', '41'], ['discord', '42'], ['slack', 'C1']]);
        assert.deepEqual(list[1], again);

        assert.equal(await store.digest.unsubscribe('discord', '42'), true);
        assert.equal(await store.digest.unsubscribe('discord', '42'), false);
        assert.equal(await store.digest.getSubscription('discord', '42'), null);
        assert.deepEqual((await store.digest.listSubscriptions()).map((x) => x.channelId), ['41', 'C1']);
      }));

      test('a week is claimed once: one winner, even when claims race', withStore(async (store) => {
        const t0 = new Date('2026-11-23T08:00:00Z');
        const claim = { platform: 'slack', channelId: 'C1', isoWeek: '2026-W47', state: 'intent' as const, conceptIds: ['probing', 'steering'] };
        assert.equal(await store.digest.getPosted('slack', 'C1', '2026-W47'), null);
        const a = await store.digest.claimWeek({ ...claim, owner: 'a' }, t0);
        assert.deepEqual({ ...a, id: 0 }, {
          id: 0,
          platform: 'slack',
          channelId: 'C1',
          isoWeek: '2026-W47',
          state: 'intent',
          owner: 'a',
          claimedAt: t0,
          attempts: 1,
          sentAt: null,
          messageId: null,
          conceptIds: ['probing', 'steering'],
          error: null,
        });
        assert.equal(await store.digest.claimWeek({ ...claim, owner: 'b' }, t0), null);
        assert.equal(await store.digest.claimWeek({ ...claim, owner: 'a', state: 'empty' }, t0), null, 'not even by the same owner');
        assert.deepEqual(await store.digest.getPosted('slack', 'C1', '2026-W47'), a);

        const raced = await Promise.all(['p', 'q', 'r'].map((owner) => store.digest.claimWeek({ ...claim, isoWeek: '2026-W48', owner }, t0)));
        assert.equal(raced.filter((r) => r !== null).length, 1);
        assert.equal((await store.digest.getPosted('slack', 'C1', '2026-W48'))?.owner, raced.find((r) => r)?.owner);

        const empty = await store.digest.claimWeek({ ...claim, channelId: 'C2', owner: 'a', state: 'empty', conceptIds: [] }, t0);
        assert.equal(empty?.state, 'empty');
        assert.deepEqual(empty?.conceptIds, []);
        assert.ok(await store.digest.claimWeek({ ...claim, platform: 'discord', owner: 'a' }, t0), 'weeks are per platform');
      }));

      test('a stale intent is taken over only if it is unchanged: by exactly one scheduler', withStore(async (store) => {
        const t0 = new Date('2026-11-23T08:00:00Z');
        const t1 = new Date('2026-11-23T08:20:00Z');
        await store.digest.claimWeek({ platform: 'slack', channelId: 'C1', isoWeek: '2026-W47', owner: 'a', state: 'intent', conceptIds: ['probing'] }, t0);
        const seen = (await store.digest.getPosted('slack', 'C1', '2026-W47'))!;
        const taken = await store.digest.takeOverIntent(seen, 'b', t1);
        assert.deepEqual(taken, { ...seen, owner: 'b', claimedAt: t1, attempts: 2 });
        assert.equal(await store.digest.takeOverIntent(seen, 'c', t1), null, 'the second taker saw an outdated row');
        assert.equal(await store.digest.takeOverIntent({ ...taken!, claimedAt: t0 }, 'c', t1), null, 'a different claim time is a change');
        assert.equal(await store.digest.takeOverIntent({ ...taken!, owner: 'a' }, 'c', t1), null, 'a different owner is a change');
        assert.deepEqual(await store.digest.getPosted('slack', 'C1', '2026-W47'), taken);

        const racedSeen = taken!;
        const raced = await Promise.all(['x', 'y'].map((owner) => store.digest.takeOverIntent(racedSeen, owner, new Date('2026-11-23T08:40:00Z'))));
        assert.equal(raced.filter((r) => r !== null).length, 1);
        assert.equal((await store.digest.getPosted('slack', 'C1', '2026-W47'))?.attempts, 3);

        const current = (await store.digest.getPosted('slack', 'C1', '2026-W47'))!;
        assert.ok(await store.digest.markSent(current.id, current.owner, 'm1', t1));
        const sent = (await store.digest.getPosted('slack', 'C1', '2026-W47'))!;
        assert.equal(await store.digest.takeOverIntent(sent, 'z', t1), null, 'only an intent is taken over');
        await store.digest.claimWeek({ platform: 'slack', channelId: 'C2', isoWeek: '2026-W47', owner: 'a', state: 'empty', conceptIds: [] }, t0);
        const empty = (await store.digest.getPosted('slack', 'C2', '2026-W47'))!;
        assert.equal(await store.digest.takeOverIntent(empty, 'z', t1), null);
      }));

      test('markSent, recordAttemptError and markFailed act only for the owner of an intent', withStore(async (store) => {
        const t0 = new Date('2026-11-23T08:00:00Z');
        const t1 = new Date('2026-11-23T08:01:00Z');
        const base = { platform: 'slack', isoWeek: '2026-W47', owner: 'a', state: 'intent' as const, conceptIds: ['probing'] };
        const row = (channelId: string) => store.digest.getPosted('slack', channelId, '2026-W47') as Promise<PostedDigest>;

        const s = (await store.digest.claimWeek({ ...base, channelId: 'C-SENT' }, t0))!;
        await store.digest.recordAttemptError(s.id, 'b', 'not the owner');
        assert.equal((await row('C-SENT')).error, null);
        await store.digest.recordAttemptError(s.id, 'a', 'slack said internal_error');
        assert.deepEqual([(await row('C-SENT')).state, (await row('C-SENT')).error], ['intent', 'slack said internal_error'], 'the intent stays for a retry');
        await store.digest.recordAttemptError(s.id, 'a', 'x'.repeat(10_000));
        const long = (await row('C-SENT')).error!;
        assert.ok(long.startsWith('xxx') && long.length <= 1000, 'a long error is cut');
        assert.equal(await store.digest.markSent(s.id, 'b', 'm-wrong', t1), false, 'not the owner');
        assert.equal((await row('C-SENT')).state, 'intent');
        assert.equal(await store.digest.markSent(s.id, 'a', 'm1', t1), true);
        assert.deepEqual(await row('C-SENT'), { ...s, state: 'sent', messageId: 'm1', sentAt: t1, error: null });
        assert.equal(await store.digest.markSent(s.id, 'a', 'm2', t1), false, 'sent once');
        await store.digest.markFailed(s.id, 'a', 'too late');
        await store.digest.recordAttemptError(s.id, 'a', 'too late');
        assert.deepEqual(await row('C-SENT'), { ...s, state: 'sent', messageId: 'm1', sentAt: t1, error: null }, 'a sent row is final');

        const f = (await store.digest.claimWeek({ ...base, channelId: 'C-FAIL' }, t0))!;
        await store.digest.markFailed(f.id, 'b', 'not the owner');
        assert.equal((await row('C-FAIL')).state, 'intent');
        await store.digest.markFailed(f.id, 'a', 'gave up');
        assert.deepEqual([(await row('C-FAIL')).state, (await row('C-FAIL')).error], ['failed', 'gave up']);
        assert.equal(await store.digest.markSent(f.id, 'a', 'm3', t1), false, 'a failed row is final');

        const e = (await store.digest.claimWeek({ ...base, channelId: 'C-EMPTY', state: 'empty', conceptIds: [] }, t0))!;
        assert.equal(await store.digest.markSent(e.id, 'a', 'm4', t1), false, 'an empty week is never sent');
        await store.digest.markFailed(e.id, 'a', 'no');
        assert.equal((await row('C-EMPTY')).state, 'empty');
      }));

      test('listPosted filters by platform and channel, oldest claim first', withStore(async (store) => {
        const claim = (platform: string, channelId: string, isoWeek: string, at: string) =>
          store.digest.claimWeek({ platform, channelId, isoWeek, owner: 'a', state: 'empty', conceptIds: [] }, new Date(at));
        await claim('slack', 'C1', '2026-W47', '2026-11-23T08:00:00Z');
        await claim('slack', 'C1', '2026-W46', '2026-11-16T08:00:00Z');
        await claim('slack', 'C2', '2026-W47', '2026-11-23T09:00:00Z');
        await claim('discord', 'C1', '2026-W47', '2026-11-23T07:00:00Z');
        const key = (rows: PostedDigest[]) => rows.map((r) => `${r.platform} ${r.channelId} ${r.isoWeek}`);
        assert.deepEqual(key(await store.digest.listPosted()), ['slack C1 2026-W46', 'discord C1 2026-W47', 'slack C1 2026-W47', 'slack C2 2026-W47']);
        assert.deepEqual(key(await store.digest.listPosted('slack')), ['slack C1 2026-W46', 'slack C1 2026-W47', 'slack C2 2026-W47']);
        assert.deepEqual(key(await store.digest.listPosted('slack', 'C1')), ['slack C1 2026-W46', 'slack C1 2026-W47']);
        assert.deepEqual(key(await store.digest.listPosted(undefined, 'C1')), ['slack C1 2026-W46', 'discord C1 2026-W47', 'slack C1 2026-W47']);
        assert.deepEqual(await store.digest.listPosted('discord', 'C2'), []);
      }));
    });

    describe('paper scans', () => {
      const t0 = new Date('2026-11-23T06:00:00Z');
      const later = (min: number) => new Date(t0.getTime() + min * 60_000);

      test('a week is claimed once, even when claims race; get gives every field', withStore(async (store) => {
        assert.equal(await store.paperScans.get('2026-W47'), null);
        const a = await store.paperScans.claim({ isoWeek: '2026-W47', owner: 'a', categories: ['cs.CL', 'cs.LG'] }, t0);
        assert.deepEqual(a, {
          isoWeek: '2026-W47',
          state: 'running',
          owner: 'a',
          claimedAt: t0,
          attempts: 1,
          finishedAt: null,
          categories: ['cs.CL', 'cs.LG'],
          listed: null,
          kept: null,
          notices: [],
          volumes: [],
          error: null,
        });
        assert.equal(await store.paperScans.claim({ isoWeek: '2026-W47', owner: 'b', categories: ['cs.CL'] }, t0), null);
        assert.equal(await store.paperScans.claim({ isoWeek: '2026-W47', owner: 'a', categories: ['cs.CL'] }, t0), null, 'not even by the same owner');
        const raced = await Promise.all(['p', 'q', 'r', 's'].map((owner) => store.paperScans.claim({ isoWeek: '2026-W48', owner, categories: ['cs.CL'] }, t0)));
        assert.equal(raced.filter((r) => r !== null).length, 1);
        assert.equal((await store.paperScans.get('2026-W48'))?.owner, raced.find((r) => r)?.owner);
      }));

      test('renew and finish act only for the holder; a stale claim is taken over by exactly one, which fences the old holder', withStore(async (store) => {
        const a = (await store.paperScans.claim({ isoWeek: '2026-W47', owner: 'a', categories: ['cs.CL'] }, t0))!;
        assert.equal(await store.paperScans.renew('2026-W47', 'b', later(1)), false);
        assert.equal(await store.paperScans.renew('2026-W47', 'a', later(1)), true);
        assert.equal(await store.paperScans.takeOver(a, 'b', later(20)), null, 'the row changed (renewed) since it was seen');
        const seen = (await store.paperScans.get('2026-W47'))!;
        assert.deepEqual(seen.claimedAt, later(1));
        const taken = await Promise.all(['b', 'c', 'd'].map((owner) => store.paperScans.takeOver(seen, owner, later(20))));
        assert.equal(taken.filter((t) => t !== null).length, 1);
        const winner = taken.find((t) => t)!;
        assert.equal(winner.attempts, 2);
        assert.equal(await store.paperScans.renew('2026-W47', 'a', later(21)), false, 'the old holder learns it lost the claim');
        assert.equal(await store.paperScans.finish('2026-W47', 'a', { listed: 1, kept: 1, notices: [] }, later(22)), false);
        const volumes = [{ id: 'W19-48', venue: 'BlackboxNLP 2019', papers: 28 }];
        assert.equal(await store.paperScans.finish('2026-W47', winner.owner, { listed: 30, kept: 2, notices: ['cut at 2000 entries'], volumes }, later(23)), true);
        const done = (await store.paperScans.get('2026-W47'))!;
        assert.equal(done.state, 'done');
        assert.deepEqual([done.listed, done.kept, done.notices, done.volumes, done.finishedAt], [30, 2, ['cut at 2000 entries'], volumes, later(23)]);
        assert.equal(await store.paperScans.takeOver(done, 'e', later(60)), null, 'a finished scan is never taken over');

        const f = (await store.paperScans.claim({ isoWeek: '2026-W49', owner: 'a', categories: ['cs.CL'] }, t0))!;
        await store.paperScans.fail('2026-W49', 'z', 'not the holder');
        assert.equal((await store.paperScans.get('2026-W49'))?.state, 'running');
        await store.paperScans.fail('2026-W49', 'a', 'arXiv answered 503');
        const failed = (await store.paperScans.get('2026-W49'))!;
        assert.deepEqual([failed.state, failed.error], ['failed', 'arXiv answered 503']);
        const retried = await store.paperScans.takeOver(failed, 'b', later(5));
        assert.deepEqual([retried?.state, retried?.owner, retried?.error, retried?.attempts], ['running', 'b', null, f.attempts + 1]);
      }));

      test('papers: stored once per week and id, listed kept-only by rank (or all), with their JSON', withStore(async (store) => {
        const paper = (sourceId: string, kept: boolean, rank: number) => ({ sourceId, kept, rank, result: { title: `T ${sourceId}`, concepts: [{ id: 'probing', score: 0.9 }], n: rank } });
        await store.paperScans.savePapers('2026-W47', [paper('2611.00002', true, 2), paper('2611.00001', false, 0), paper('2611.00003', true, 5.5)]);
        await store.paperScans.savePapers('2026-W47', [paper('2611.00002', false, 99)]);
        await store.paperScans.savePapers('2026-W48', [paper('2611.00009', true, 1)]);
        await store.paperScans.savePapers('2026-W48', []);
        assert.deepEqual(await store.paperScans.paperIds('2026-W47'), ['2611.00001', '2611.00002', '2611.00003']);
        assert.deepEqual(await store.paperScans.papers('2026-W47'), [paper('2611.00003', true, 5.5), paper('2611.00002', true, 2)]);
        assert.deepEqual((await store.paperScans.papers('2026-W47', { all: true })).map((p) => p.sourceId), ['2611.00003', '2611.00002', '2611.00001']);
        assert.deepEqual(await store.paperScans.paperIds('2026-W50'), []);

        // Pruning: the papers not kept, of scans finished before the cut-off; kept papers and running scans stay.
        await store.paperScans.claim({ isoWeek: '2026-W47', owner: 'a', categories: ['cs.CL'] }, t0);
        await store.paperScans.finish('2026-W47', 'a', { listed: 3, kept: 2, notices: [] }, later(10));
        await store.paperScans.claim({ isoWeek: '2026-W48', owner: 'a', categories: ['cs.CL'] }, t0);
        await store.paperScans.savePapers('2026-W48', [paper('2611.00010', false, 0)]);
        assert.equal(await store.paperScans.pruneRejected(later(10)), 0, 'not finished before the cut-off');
        assert.equal(await store.paperScans.pruneRejected(later(11)), 1);
        assert.deepEqual(await store.paperScans.paperIds('2026-W47'), ['2611.00002', '2611.00003']);
        assert.deepEqual(await store.paperScans.paperIds('2026-W48'), ['2611.00009', '2611.00010'], 'a running scan keeps everything');
      }));

      test('channel settings: on with every concept by default; papers and topics change independently, per platform and channel', withStore(async (store) => {
        assert.deepEqual(await store.paperScans.channelSettings('slack', 'C1'), { papers: true, topics: [] });
        await store.paperScans.setChannelPapers('slack', 'C1', false, 'U1', t0);
        await store.paperScans.setChannelTopics('slack', 'C1', ['probing', 'circuits', 'probing'], 'U1', t0);
        assert.deepEqual(await store.paperScans.channelSettings('slack', 'C1'), { papers: false, topics: ['probing', 'circuits'] });
        await store.paperScans.setChannelPapers('slack', 'C1', true, 'U2', later(1));
        assert.deepEqual(await store.paperScans.channelSettings('slack', 'C1'), { papers: true, topics: ['probing', 'circuits'] });
        await store.paperScans.setChannelTopics('slack', 'C1', [], 'U2', later(2));
        assert.deepEqual(await store.paperScans.channelSettings('slack', 'C1'), { papers: true, topics: [] });
        assert.deepEqual(await store.paperScans.channelSettings('discord', 'C1'), { papers: true, topics: [] });
        await store.paperScans.setChannelPapers('slack', 'C2', false, null, t0);
        const deleted = await store.workspaces.deleteData('slack', 'T9', ['C2']);
        assert.equal(deleted.digest_channel_papers, 1, 'a removed workspace takes its channels\' settings');
        assert.deepEqual(await store.paperScans.channelSettings('slack', 'C2'), { papers: true, topics: [] });
      }));
    });

    describe('privacy', () => {
      test('question text: off by default; turning keep-text off forgets what the channel kept, and only there', withStore(async (store) => {
        assert.equal(await store.privacy.keepsQuestionText('slack', 'C1'), false);
        await store.privacy.setKeepQuestionText('slack', 'C1', true, 'U1', NOW);
        assert.equal(await store.privacy.keepsQuestionText('slack', 'C1'), true);
        assert.equal(await store.privacy.keepsQuestionText('discord', 'C1'), false, 'per platform');
        assert.equal(await store.privacy.keepsQuestionText('slack', 'C2'), false, 'per channel');
        const kept = await log(store, { channel: 'C1', at: '2026-11-20T00:00:00Z', text: 'kept question' });
        const other = await log(store, { channel: 'C2', at: '2026-11-20T00:00:00Z', text: 'other channel' });
        const otherPlatform = await log(store, { platform: 'discord', channel: 'C1', at: '2026-11-20T00:00:00Z', text: 'other platform' });

        await store.privacy.setKeepQuestionText('slack', 'C1', false, 'U2', NOW);
        assert.equal(await store.privacy.keepsQuestionText('slack', 'C1'), false);
        const forgotten = await store.answers.get(kept);
        assert.equal(forgotten?.queryText, null);
        assert.equal(forgotten?.answer?.query, '');
        assert.ok(!JSON.stringify(forgotten).includes('kept question'));
        assert.deepEqual(forgotten?.answer?.concepts.map((c) => c.id), ['probing'], 'the answer stays for the buttons');
        assert.equal((await store.answers.loggedInChannel('slack', 'C1', daysAgo(30), NOW)).length, 1, 'and the digest still counts it');
        assert.equal((await store.answers.get(other))?.queryText, 'other channel');
        assert.equal((await store.answers.get(otherPlatform))?.queryText, 'other platform');

        await store.privacy.setKeepQuestionText('slack', 'C1', true, 'U1', NOW);
        assert.equal(await store.privacy.keepsQuestionText('slack', 'C1'), true);
        assert.equal((await store.answers.get(kept))?.queryText, null, 'turning it on again does not bring the text back');
      }));

      test('turning keep-text off also forgets the text of rows from before answers were stored', { ...needsLegacy }, withStore(async (store) => {
        await insertLegacy(store, { id: 'legacy_Q2', platform: 'discord', workspaceId: 'G1', channelId: '42', userId: 'U1', queryText: 'old question', createdAt: daysAgo(2) });
        await store.privacy.setKeepQuestionText('discord', '42', false, 'U1', NOW);
        assert.equal((await store.answers.get('legacy_Q2'))?.queryText, null);
      }));
    });

    describe('workspaces', () => {
      /** Rows of two Discord guilds and a Slack team that shares G1's id and channel ids. */
      async function seed(store: S) {
        const at = new Date('2026-11-20T00:00:00Z');
        const ids = {
          g1: await log(store, { platform: 'discord', workspaceId: 'G1', channel: 'C1', at }),
          g1dm: await log(store, { platform: 'discord', workspaceId: 'G1', channel: null, at }),
          g2: await log(store, { platform: 'discord', workspaceId: 'G2', channel: 'C2', at }),
          // Another workspace's answer in a channel passed in as G1's: the channel goes, whoever asked.
          c3: await log(store, { platform: 'discord', workspaceId: null, channel: 'C3', at }),
          slackSameIds: await log(store, { platform: 'slack', workspaceId: 'G1', channel: 'C1', at }),
          slackC9: await log(store, { platform: 'slack', workspaceId: 'G1', channel: 'C9', at }),
        };
        const fb = (platform: 'discord' | 'slack', workspaceId: string, channelId: string) =>
          store.feedback.record({ platform, workspaceId, channelId, userId: 'u', query: 'q', answerId: null, paperId: null, comment: 'c', createdAt: at });
        await fb('discord', 'G1', 'C4'); // names C4 as a G1 channel
        await fb('discord', 'G2', 'C2');
        await fb('slack', 'G1', 'C1');
        const sub = (platform: 'discord' | 'slack', workspaceId: string | null, channelId: string) =>
          store.digest.subscribe({ platform, workspaceId, channelId, tz: 'UTC', schedule: '0 9 * * 1', createdBy: 'U1' }, at);
        await sub('discord', 'G1', 'C5');
        await sub('discord', 'G2', 'C2');
        await sub('discord', null, 'C3');
        await sub('slack', 'G1', 'C1');
        for (const [platform, channelId] of [['discord', 'C1'], ['discord', 'C3'], ['discord', 'C2'], ['slack', 'C1']] as const) {
          await store.privacy.setKeepQuestionText(platform, channelId, true, 'U1', at);
          await store.digest.claimWeek({ platform, channelId, isoWeek: '2026-W47', owner: 'a', state: 'empty', conceptIds: [] }, at);
        }
        await store.slackEvents.claim({ eventId: 'Ev-G1', workspaceId: 'G1', bootId: 'a', now: NOW });
        await store.slackEvents.claim({ eventId: 'Ev-T1', workspaceId: 'T1', bootId: 'a', now: NOW });
        return ids;
      }

      test('knownChannels: every channel the rows of one workspace on one platform name', withStore(async (store) => {
        await seed(store);
        assert.deepEqual(await store.workspaces.knownChannels('discord', 'G1'), ['C1', 'C4', 'C5']);
        assert.deepEqual(await store.workspaces.knownChannels('discord', 'G2'), ['C2']);
        assert.deepEqual(await store.workspaces.knownChannels('slack', 'G1'), ['C1', 'C9']);
        assert.deepEqual(await store.workspaces.knownChannels('slack', 'T9'), []);
      }));

      test('deleteData removes one workspace’s rows on one platform, and every row of its channels, and nothing else', withStore(async (store) => {
        const ids = await seed(store);
        const deleted = await store.workspaces.deleteData('discord', 'G1', ['C3']);
        assert.equal(deleted.answer, 3, 'G1’s two answers and the one in C3');
        assert.equal(deleted.feedback, 1);
        assert.equal(deleted.digest_subscription, 2, 'C5 (G1’s) and C3 (passed in)');
        assert.equal(deleted.channel_privacy, 2, 'C1 and C3');
        assert.equal(deleted.posted_digest, 2, 'C1 and C3');

        for (const id of [ids.g1, ids.g1dm, ids.c3]) assert.equal(await store.answers.get(id), null);
        for (const id of [ids.g2, ids.slackSameIds, ids.slackC9]) assert.ok(await store.answers.get(id), 'other workspaces and platforms stay');
        assert.deepEqual((await store.feedback.list()).map((f) => [f.platform, f.workspaceId]), [['discord', 'G2'], ['slack', 'G1']]);
        assert.deepEqual((await store.digest.listSubscriptions()).map((s) => [s.platform, s.channelId]), [['discord', 'C2'], ['slack', 'C1']]);
        assert.deepEqual((await store.digest.listPosted()).map((p) => [p.platform, p.channelId]).sort(), [['discord', 'C2'], ['slack', 'C1']]);
        assert.equal(await store.privacy.keepsQuestionText('discord', 'C1'), false);
        assert.equal(await store.privacy.keepsQuestionText('discord', 'C3'), false);
        assert.equal(await store.privacy.keepsQuestionText('discord', 'C2'), true);
        assert.equal(await store.privacy.keepsQuestionText('slack', 'C1'), true);
        assert.equal(await store.slackEvents.claim({ eventId: 'Ev-G1', workspaceId: 'G1', bootId: 'b', now: NOW }), 'duplicate', 'Slack events are not a Discord guild’s rows');
        assert.deepEqual(await store.workspaces.knownChannels('discord', 'G1'), []);
        assert.deepEqual(await store.workspaces.deleteData('discord', 'G1').then((d) => Object.values(d).reduce((a, b) => a + b, 0)), 0, 'nothing left to delete');
      }));

      test('deleteData of a Slack team takes its events too', withStore(async (store) => {
        await seed(store);
        await store.workspaces.deleteData('slack', 'T1');
        assert.equal(await store.slackEvents.claim({ eventId: 'Ev-T1', workspaceId: 'T1', bootId: 'b', now: NOW }), 'new');
        assert.equal(await store.slackEvents.claim({ eventId: 'Ev-G1', workspaceId: 'G1', bootId: 'b', now: NOW }), 'duplicate');
      }));
    });

    describe('source cache', () => {
      test('keeps JSON by key with its fetch time; a put replaces; unknown keys are null', withStore(async (store) => {
        assert.equal(await store.sourceCache.get('paper:arxiv:2401.06102'), null);
        const value = { type: 'paper', paper: { title: 'T', authors: ['A. B'], year: 2024, ids: { arxiv: '2401.06102' } } };
        await store.sourceCache.put('paper:arxiv:2401.06102', value, 1_700_000_000_000);
        assert.deepEqual(await store.sourceCache.get('paper:arxiv:2401.06102'), { value, fetchedAt: 1_700_000_000_000 });
        await store.sourceCache.put('paper:arxiv:2401.06102', { type: 'not-found', message: 'gone' }, 1_700_000_500_000);
        assert.deepEqual(await store.sourceCache.get('paper:arxiv:2401.06102'), { value: { type: 'not-found', message: 'gone' }, fetchedAt: 1_700_000_500_000 });
      }));

      test('retention deletes entries older than SOURCE_CACHE_KEEP_DAYS, and only those', withStore(async (store) => {
        const now = new Date('2026-11-25T12:00:00Z');
        await store.sourceCache.put('old', { n: 1 }, daysAgo(SOURCE_CACHE_KEEP_DAYS + 1, now).getTime());
        await store.sourceCache.put('young', { n: 2 }, daysAgo(SOURCE_CACHE_KEEP_DAYS - 1, now).getTime());
        assert.equal((await store.applyRetention(null, now)).sourceCache, 1);
        assert.equal(await store.sourceCache.get('old'), null);
        assert.deepEqual((await store.sourceCache.get('young'))?.value, { n: 2 });
      }));
    });

    describe('checks', () => {
      test('save gives a URL-safe id; get returns the whole check, its origin and answer as saved', withStore(async (store) => {
        const saved = await store.checks.save({ origin: origin(), createdAt: NOW, answerId: null, check: sampleCheck() });
        assert.match(saved.id, /^[A-Za-z0-9_-]{12}$/);
        const got = await store.checks.get(saved.id);
        assert.deepEqual(got, { id: saved.id, createdAt: NOW, origin: origin(), answerId: null, check: sampleCheck() });
        assert.deepEqual(saved, got);
        const web = await store.checks.save({ origin: origin({ platform: 'web', workspaceId: null, channelId: null, userId: null }), createdAt: NOW, answerId: null, check: { ...sampleCheck(), paper: null } });
        assert.notEqual(web.id, saved.id);
        assert.equal((await store.checks.get(web.id))?.check.paper, null);
        assert.equal(await store.checks.get('AAAAAAAAAAAA'), null);
        assert.equal(await store.checks.get("x' OR 1=1 --"), null);
        assert.equal(await store.checks.get(''), null);
      }));

      test('forAnswer: the newest check made for a stored answer, and only for that answer', withStore(async (store) => {
        const answerId = (await store.answers.save({ origin: origin(), createdAt: NOW, answer: sampleAnswer(), queryText: null })).id;
        assert.equal(await store.checks.forAnswer(answerId), null);
        await store.checks.save({ origin: origin(), createdAt: daysAgo(2), answerId, check: sampleCheck('older') });
        const newer = await store.checks.save({ origin: origin({ userId: 'U2' }), createdAt: daysAgo(1), answerId, check: sampleCheck('newer') });
        await store.checks.save({ origin: origin(), createdAt: NOW, answerId: null, check: sampleCheck('unrelated') });
        const got = await store.checks.forAnswer(answerId);
        assert.equal(got?.id, newer.id);
        assert.equal(got?.check.paper?.id, 'newer');
        assert.equal(got?.answerId, answerId);
        assert.equal(await store.checks.forAnswer('AAAAAAAAAAAA'), null);
        assert.equal(await store.checks.forAnswer('not an id'), null);
      }));

      test('retention: checks go after CHECK_KEEP_DAYS, or after the retention days when fewer', withStore(async (store) => {
        const save = (at: Date) => store.checks.save({ origin: origin(), createdAt: at, answerId: null, check: sampleCheck() });
        const old = await save(daysAgo(CHECK_KEEP_DAYS + 1));
        const week = await save(daysAgo(8));
        const fresh = await save(daysAgo(1));
        assert.equal((await store.applyRetention(null, NOW)).checks, 1);
        assert.equal(await store.checks.get(old.id), null);
        assert.ok(await store.checks.get(week.id));
        assert.equal((await store.applyRetention(7, NOW)).checks, 1);
        assert.equal(await store.checks.get(week.id), null);
        assert.ok(await store.checks.get(fresh.id));
        assert.equal((await store.applyRetention(90, NOW)).checks, 0, 'longer days do not keep checks past CHECK_KEEP_DAYS, nor delete younger ones');
      }));

      test('deleteData removes the checks of a workspace and its channels, and nothing else', withStore(async (store) => {
        const mine = await store.checks.save({ origin: origin(), createdAt: NOW, answerId: null, check: sampleCheck() });
        const otherTeam = await store.checks.save({ origin: origin({ workspaceId: 'T2', channelId: 'C9' }), createdAt: NOW, answerId: null, check: sampleCheck() });
        const discord = await store.checks.save({ origin: origin({ platform: 'discord', workspaceId: 'T1' }), createdAt: NOW, answerId: null, check: sampleCheck() });
        const deleted = await store.workspaces.deleteData('slack', 'T1');
        assert.equal(deleted.reference_check, 1);
        assert.equal(await store.checks.get(mine.id), null);
        assert.ok(await store.checks.get(otherTeam.id));
        assert.ok(await store.checks.get(discord.id));
      }));
    });
    describe('explanations', () => {
      const explanation = (text: string): Explanation => ({
        text,
        verdicts: {
          narrowTechnical: { applies: true, reason: 'It patches activations [vig2020].', agrees: true },
          broadTechnical: { applies: true, reason: 'It reads activations.', agrees: false },
          narrowCultural: { applies: null, reason: 'Nothing says who wrote it.', agrees: true },
          broadCultural: { applies: true, reason: 'It is interpretability work.', agrees: true },
        },
        cites: ['vig2020'],
        model: 'm1',
        dropped: 2,
      });

      test('kept by (answer id, model): a round trip keeps every field; another model has its own; the first write stays', withStore(async (store) => {
        const id = await log(store, { channel: 'C1', at: NOW });
        assert.equal(await store.explanations.get(id, 'm1'), null);
        await store.explanations.put(id, 'm1', explanation('first'), NOW);
        assert.deepEqual(await store.explanations.get(id, 'm1'), explanation('first'));
        assert.equal(await store.explanations.get(id, 'm2'), null, 'keyed by model too');
        await store.explanations.put(id, 'm1', explanation('second'), NOW);
        assert.equal((await store.explanations.get(id, 'm1'))?.text, 'first', 'the first explanation written stays');
        await store.explanations.put(id, 'm2', explanation('by m2'), NOW);
        assert.equal((await store.explanations.get(id, 'm2'))?.text, 'by m2');
      }));

      test('an unknown or malformed answer id keeps nothing and reads null', withStore(async (store) => {
        await store.explanations.put('no-such-answer', 'm1', explanation('x'), NOW);
        assert.equal(await store.explanations.get('no-such-answer', 'm1'), null);
        assert.equal(await store.explanations.get("x' OR 1=1 --", 'm1'), null);
        await store.explanations.put("x' OR 1=1 --", 'm1', explanation('x'), NOW);
      }));

      test('an explanation goes with its answer: deleted workspace data, trimmed button data, deleted answers', withStore(async (store) => {
        const inG1 = await log(store, { platform: 'discord', workspaceId: 'G1', channel: 'C1', at: NOW });
        const inG2 = await log(store, { platform: 'discord', workspaceId: 'G2', channel: 'C2', at: NOW });
        const old = await log(store, { channel: 'C1', at: daysAgo(ANSWER_BUTTON_DAYS + 1) });
        const older = await log(store, { channel: 'C1', at: daysAgo(400) });
        for (const id of [inG1, inG2, old, older]) await store.explanations.put(id, 'm1', explanation(id), daysAgo(1));
        await store.workspaces.deleteData('discord', 'G1');
        assert.equal(await store.explanations.get(inG1, 'm1'), null, 'the workspace’s answers take their explanations');
        assert.ok(await store.explanations.get(inG2, 'm1'));
        await store.applyRetention(365, NOW);
        assert.equal(await store.explanations.get(older, 'm1'), null, 'a deleted answer takes its explanation');
        assert.equal(await store.explanations.get(old, 'm1'), null, 'past the button window, with the answer’s button data');
        assert.ok(await store.answers.get(old), 'the trimmed answer itself stays for the digest');
        assert.ok(await store.explanations.get(inG2, 'm1'), 'a recent answer keeps its explanation');
        await store.explanations.put(old, 'm1', explanation('late'), NOW);
        assert.equal(await store.explanations.get(old, 'm1'), null, 'a trimmed answer takes no new explanation');
      }));
    });

    describe('retention', () => {
      test('without days: answers lose their buttons’ data after the button window, and the digest still counts them', withStore(async (store) => {
        const old = await log(store, { channel: 'C1', at: daysAgo(ANSWER_BUTTON_DAYS + 10), text: 'old kept text', concepts: ['probing'], precedents: ['vig2020'] });
        const edge = await log(store, { channel: 'C1', at: daysAgo(ANSWER_BUTTON_DAYS - 1), concepts: ['steering'] });
        const fresh = await log(store, { channel: 'C1', at: daysAgo(1), concepts: ['steering'] });
        await store.digest.claimWeek({ platform: 'slack', channelId: 'C1', isoWeek: '2025-W01', owner: 'a', state: 'empty', conceptIds: [] }, daysAgo(400));

        assert.deepEqual(await store.applyRetention(null, NOW), { answers: 0, answersTrimmed: 1, postedDigests: 0, sourceCache: 0, checks: 0 });
        const trimmed = await store.answers.get(old);
        assert.ok(trimmed, 'the row stays for the digest');
        assert.equal(trimmed.answer, null);
        assert.equal(trimmed.queryText, 'old kept text', 'the kept text goes with keep-text off or the retention days, not the button window');
        assert.ok((await store.answers.get(edge))?.answer);
        assert.ok((await store.answers.get(fresh))?.answer);
        assert.deepEqual((await store.answers.loggedInChannel('slack', 'C1', daysAgo(400), NOW)).map((q) => [q.conceptIds, q.precedentIds]), [
          [['probing'], ['vig2020']],
          [['steering'], []],
          [['steering'], []],
        ]);
        assert.equal((await store.answers.surfacedSince(daysAgo(400))).questions, 3);
        assert.equal((await store.digest.listPosted()).length, 1, 'without days, posted digests stay');
        assert.deepEqual(await store.applyRetention(null, NOW), { answers: 0, answersTrimmed: 0, postedDigests: 0, sourceCache: 0, checks: 0 }, 'nothing twice');
      }));

      test('without days: rows from before answers were stored go after the button window', { ...needsLegacy }, withStore(async (store) => {
        await insertLegacy(store, { id: 'legacy_old', platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U1', queryText: 'q', createdAt: daysAgo(ANSWER_BUTTON_DAYS + 1) });
        await insertLegacy(store, { id: 'legacy_new', platform: 'discord', workspaceId: 'G1', channelId: '42', userId: 'U1', queryText: 'q', createdAt: daysAgo(ANSWER_BUTTON_DAYS - 1) });
        const r = await store.applyRetention(null, NOW);
        assert.equal(r.answers, 1);
        assert.equal(await store.answers.get('legacy_old'), null);
        assert.ok(await store.answers.get('legacy_new'));
      }));

      test('with days: old answers go, and posted digests older than the days and the minimum keep, never an intent', withStore(async (store) => {
        const now = new Date('2026-11-25T12:00:00Z');
        const gone = await log(store, { channel: 'C1', at: '2026-10-01T00:00:00Z', concepts: ['probing'] });
        const stays = await log(store, { channel: 'C1', at: '2026-11-20T00:00:00Z', concepts: ['probing'] });
        const claim = (isoWeek: string, at: Date, state: 'intent' | 'empty' = 'empty') =>
          store.digest.claimWeek({ platform: 'slack', channelId: 'C1', owner: 'a', state, conceptIds: [], isoWeek }, at);
        await claim('2026-W30', new Date('2026-07-27T08:00:00Z')); // older than both: goes
        await claim('2026-W31', new Date('2026-08-03T08:00:00Z'), 'intent'); // an intent: never deleted
        await claim('2026-W40', daysAgo(POSTED_DIGEST_MIN_KEEP_DAYS - 1, now)); // older than the days, younger than the minimum keep
        await claim('2026-W47', new Date('2026-11-23T08:00:00Z'));
        const sent = (await claim('2026-W29', new Date('2026-07-20T08:00:00Z'), 'intent'))!;
        await store.digest.markSent(sent.id, 'a', 'm1', new Date('2026-07-20T08:00:01Z')); // sent, old: goes

        const r = await store.applyRetention(7, now);
        assert.equal(r.answers, 1);
        assert.equal(r.postedDigests, 2);
        assert.equal(await store.answers.get(gone), null);
        assert.ok(await store.answers.get(stays));
        assert.deepEqual((await store.answers.loggedInChannel('slack', 'C1', new Date('2026-01-01T00:00:00Z'), now)).map((q) => q.askedAt.toISOString()), [
          '2026-11-20T00:00:00.000Z',
        ]);
        assert.deepEqual((await store.digest.listPosted()).map((p) => p.isoWeek).sort(), ['2026-W31', '2026-W40', '2026-W47']);
        assert.ok(await store.digest.getPosted('slack', 'C1', '2026-W40'), 'a posted week younger than the minimum keep is kept, so it is not posted again');
        assert.deepEqual(await store.applyRetention(7, now), { answers: 0, answersTrimmed: 0, postedDigests: 0, sourceCache: 0, checks: 0 });
      }));

      test('with days longer than the minimum keep, posted digests are kept for the days', withStore(async (store) => {
        const now = new Date('2026-11-25T12:00:00Z');
        await store.digest.claimWeek({ platform: 'discord', channelId: '42', owner: 'a', state: 'empty', conceptIds: [], isoWeek: '2026-W40' }, daysAgo(50, now));
        await store.digest.claimWeek({ platform: 'discord', channelId: '42', owner: 'a', state: 'empty', conceptIds: [], isoWeek: '2026-W30' }, daysAgo(120, now));
        const old = await log(store, { platform: 'discord', channel: '42', at: daysAgo(50, now) });
        assert.deepEqual(await store.applyRetention(90, now), { answers: 0, answersTrimmed: 1, postedDigests: 1, sourceCache: 0, checks: 0 });
        assert.deepEqual((await store.digest.listPosted()).map((p) => p.isoWeek), ['2026-W40']);
        assert.ok(await store.answers.get(old), 'younger than the days: trimmed, not deleted');
      }));
    });
  });
}
