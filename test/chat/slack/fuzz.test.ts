/**
 * Bounded fuzzing with a seeded generator: hostile text through the renderers never yields a
 * message Slack would refuse or that pings anyone; malformed but correctly signed requests never
 * crash the route or reach Slack.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSlackCommand } from '../../../src/chat/slack/command-grammar.ts';
import { plainFromSlack } from '../../../src/chat/slack/escape.ts';
import { renderAnswerBlocks } from '../../../src/chat/slack/render-answer.ts';
import { messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { answer, paper } from './answers.ts';
import { startHarness, SIGNING_SECRET, type Harness } from './harness.ts';
import { sendSigned } from './slack-requests.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = ['<', '>', '&', '&amp;', '&lt;', '@here', '@channel', '<!here>', '<@U123>', '<#C1|x>', '<https://a.b|c>', '|', '*', '_', '`', '\n', ' ', '😀', '\ud800', 'é', 'probing', 'ask', 'private', 'concept', '\u0000', '\u2060'];

/** Lone surrogates cannot be URL-encoded; a real client would have sent U+FFFD. */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

function hostile(r: () => number, maxPieces: number): string {
  const n = Math.floor(r() * maxPieces);
  let s = '';
  for (let i = 0; i < n; i++) s += r() < 0.7 ? PIECES[Math.floor(r() * PIECES.length)] : String.fromCharCode(32 + Math.floor(r() * 500));
  return s;
}

test('3000 hostile answers render as valid messages that ping no one', () => {
  const r = rng(6);
  for (let i = 0; i < 3000; i++) {
    const text = () => hostile(r, r() < 0.05 ? 2000 : 30) || 'x';
    const m = renderAnswerBlocks(
      answer({
        query: text(),
        notices: Array.from({ length: Math.floor(r() * 4) }, text),
        precedents: Array.from({ length: Math.floor(r() * 8) }, (_, j) => paper(j, { title: text(), why: text(), authors: [text()], venue: text() })),
        related: Array.from({ length: Math.floor(r() * 4) }, (_, j) => paper(j, { title: text() })),
        concepts: [{ id: 'c', name: text(), aliases: [text()], score: 1 }],
      }),
      { questionRef: 'q', offset: Math.floor(r() * 50), pageSize: 5 },
    );
    assert.deepEqual(messageProblems(m), [], `case ${i}`);
  }
});

test('what users type always parses into a command, and the text never throws', () => {
  const r = rng(7);
  for (let i = 0; i < 3000; i++) {
    const raw = hostile(r, 40);
    const parsed = parseSlackCommand(plainFromSlack(raw));
    assert.ok(['ask', 'concept', 'paper', 'term', 'help', 'digest', 'lineage'].includes(parsed.command));
  }
});

let h: Harness;
before(async () => {
  h = await startHarness({ lexical: true });
});
after(async () => {
  await h.close();
});

test('150 malformed, correctly signed requests: no 5xx, nothing reaches Slack, the route still works after', async () => {
  const r = rng(8);
  const types = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'];
  const shapes = [
    () => hostile(r, 60),
    () => JSON.stringify({ type: 'event_callback', event_id: hostile(r, 5), event: r() < 0.5 ? null : { type: 'app_mention', text: hostile(r, 20) } }),
    () => `payload=${encodeURIComponent(wellFormed(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'mechanistic_more', value: hostile(r, 5) }] })))}`,
    () => `payload=${encodeURIComponent(wellFormed(hostile(r, 30)))}`,
    () => `command=%2Fmechanistic&text=${encodeURIComponent(wellFormed(hostile(r, 10)))}`,
    () => JSON.stringify([1, 2, 3]),
  ];
  const statuses = new Set<number>();
  for (let i = 0; i < 150; i++) {
    const body = shapes[Math.floor(r() * shapes.length)]!();
    const res = await sendSigned(h.eventsUrl, body, types[Math.floor(r() * types.length)]!, { secret: SIGNING_SECRET });
    statuses.add(res.status);
  }
  assert.ok([...statuses].every((s) => s < 500), `statuses ${[...statuses]}`);
  const posted = h.slack.calls.filter((c) => c.method !== 'auth.test');
  assert.deepEqual(posted.map((c) => c.method), [], 'no garbage became a post');
  const ok = await sendSigned(h.eventsUrl, JSON.stringify({ type: 'url_verification', challenge: 'still-alive' }), 'application/json', { secret: SIGNING_SECRET });
  assert.deepEqual(JSON.parse(ok.text), { challenge: 'still-alive' });
});
