/**
 * The one answer-and-record step: limits, the bounded number of questions answered at once,
 * the timeout, storing the whole answer, and reading it back for buttons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createAnswerStep } from '../../src/app/answer-step.ts';
import { mechanisticOver } from '../../src/app.ts';
import type { Retriever } from '../../src/core/answer.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { createLogger } from '../../src/log.ts';
import { createQuestionLimiter } from '../../src/ratelimit/question-limiter.ts';
import { createRetriever } from '../../src/retrieval/retriever.ts';
import { databasePath, openSqliteStore } from '../../src/store/sqlite.ts';

const corpus = loadCorpus();
const origin = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', userId: 'U1' };

/** The lexical retriever behind a gate: questions wait until the test opens it. */
function gatedMechanistic() {
  const inner = createRetriever({ corpus });
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let waiting = 0;
  const retriever: Retriever = {
    async recognizeConcepts(text) {
      waiting++;
      await gate;
      return inner.recognizeConcepts(text);
    },
    searchPapers: (text, k) => inner.searchPapers(text, k),
  };
  return { mechanistic: mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever }, 'gated'), open, waiting: () => waiting };
}

function setup(over: { maxPending?: number; answerTimeoutMs?: number; userPerMinute?: number } = {}) {
  const store = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-step-'))));
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }));
  const g = gatedMechanistic();
  const step = createAnswerStep({
    mechanistic: g.mechanistic,
    store,
    log,
    now: () => new Date('2026-11-30T12:00:00Z'),
    limiter: createQuestionLimiter({ userPerMinute: over.userPerMinute ?? 100, channelPerMinute: 100 }),
    answerTimeoutMs: over.answerTimeoutMs ?? 20_000,
    maxPending: over.maxPending,
    logQuestionText: false,
  });
  return { store, step, lines, ...g };
}

test('past MECHANISTIC_MAX_PENDING a question is refused at once as overloaded, and taken again once one finishes', async () => {
  const s = setup({ maxPending: 2 });
  let admitted = 0;
  const first = s.step.ask('probing classifiers on BERT', origin, { admitted: async () => void admitted++ });
  const second = s.step.ask('activation patching of attention heads', { ...origin, userId: 'U2' });
  const third = await s.step.ask('sparse autoencoders', { ...origin, userId: 'U3' }, { admitted: async () => void admitted++ });
  assert.equal(third.ok, false);
  assert.ok(!third.ok && third.reason === 'overloaded' && third.retryAfterSeconds > 0);
  assert.equal(admitted, 1, 'a refused question is not acknowledged as admitted');
  s.open();
  assert.ok((await first).ok && (await second).ok);
  assert.ok((await s.step.ask('sparse autoencoders', { ...origin, userId: 'U3' })).ok, 'room again');
  assert.ok(s.lines.some((l) => l.event === 'overloaded'));
});

test('the timeout fires while the answer is stuck, and frees its place', async () => {
  const s = setup({ maxPending: 1, answerTimeoutMs: 50 });
  const r = await s.step.ask('probing classifiers', origin);
  assert.ok(!r.ok && r.reason === 'timeout');
  s.open();
  assert.ok((await s.step.ask('probing classifiers', origin)).ok);
});

test('rate limits and bad input refuse before anything is admitted or stored', async () => {
  const s = setup({ userPerMinute: 1 });
  s.open();
  const bad = await s.step.ask('   ', origin);
  assert.ok(!bad.ok && bad.reason === 'bad_query' && bad.code === 'empty');
  assert.ok((await s.step.ask('probing', origin)).ok);
  const limited = await s.step.ask('probing again', origin);
  assert.ok(!limited.ok && limited.reason === 'rate_limited');
  assert.equal((await s.store.answers.surfacedSince(new Date(0))).questions, 1);
});

test('the whole answer is stored once, with one log line naming its id; stored() reads it back without answering', async () => {
  const s = setup();
  s.open();
  const r = await s.step.ask('We patch attention-head outputs from a clean run into a corrupted run to find the circuit', origin);
  assert.ok(r.ok);
  assert.ok(r.stored.answer.precedents.length > 10, 'not just the first page');
  assert.match(r.stored.answer.query, /We patch/, 'the asker sees the question');
  const answered = s.lines.filter((l) => l.event === 'answered');
  assert.equal(answered.length, 1);
  assert.equal(answered[0]!.answerId, r.stored.id);
  const calls = s.waiting();
  const back = await s.step.stored(r.stored.id);
  assert.deepEqual(back?.answer.precedents, r.stored.answer.precedents);
  assert.equal(back?.answer.query, '', 'the text is not kept: this channel did not opt in');
  assert.equal(s.waiting(), calls, 'reading a stored answer asks the retriever nothing');
  assert.equal(await s.step.stored('no-such-answer'), null);
});

test('a store that fails to save still gives the asker the answer (no buttons), and the failure is logged with a reference', async () => {
  const s = setup();
  s.open();
  const broken = { ...s.store, answers: { ...s.store.answers, save: async () => Promise.reject(new Error('disk full')) } };
  const lines: Record<string, unknown>[] = [];
  const step = createAnswerStep({
    mechanistic: (await import('../../src/app.ts')).mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever: createRetriever({ corpus }) }, 'lexical'),
    store: broken,
    log: createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) })),
    now: () => new Date(),
    answerTimeoutMs: 20_000,
    logQuestionText: false,
  });
  const r = await step.ask('probing classifiers on BERT', origin);
  assert.ok(r.ok);
  assert.equal(r.stored.id, '', 'no id: the buttons of this answer will say it cannot be paged');
  assert.ok(r.stored.answer.concepts.length > 0);
  assert.ok(lines.some((l) => typeof l.ref === 'string' && /could not store/.test(String(l.msg))), JSON.stringify(lines.map((l) => l.msg)));
  assert.ok(lines.some((l) => l.event === 'answered'), 'the answer is still logged');
});
