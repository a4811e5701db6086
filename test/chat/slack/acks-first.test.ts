/**
 * Acks first, always: a burst of slash commands is acknowledged before any answer is posted, and the
 * acknowledgements never wait for answers (the answers here are held until every ack is in).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mechanistic } from '../../../src/core/service.ts';
import { sharedLexicalMechanistic, startHarness, SIGNING_SECRET } from './harness.ts';
import { sendSigned, slashCommandBody } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
const ABSTRACT =
  'We study how a transformer language model stores factual associations. We patch the outputs of attention heads and MLP layers from a clean run into a corrupted run and find a small circuit of mid-layer MLPs that mediates recall; ablating it removes the effect.';

test('16 pasted abstracts at once: every ack arrives before the first answer is posted', async (t) => {
  const inner = await sharedLexicalMechanistic();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started = 0;
  const held: Mechanistic = {
    ...inner,
    ask: async (q) => {
      started++;
      await gate;
      return inner.ask(q);
    },
  };
  const h = await startHarness({ mechanistic: held });
  t.after(() => h.close());
  const acks = await Promise.all(
    Array.from({ length: 16 }, (_, n) =>
      sendSigned(h.eventsUrl, slashCommandBody(`${ABSTRACT} (${n})`, h.slack.responseUrl(`burst${n}`), { user_id: `U${n}` }), FORM, { secret: SIGNING_SECRET }),
    ),
  );
  for (const a of acks) assert.equal(a.status, 200);
  assert.equal(h.slack.calls.filter((c) => c.method === 'response_url').length, 0, 'no answer was posted before the acks');
  await h.slack.waitFor('every question to be answering', () => started === 16 || undefined);
  release();
  await h.slack.waitFor('all 16 answers', () => h.slack.calls.filter((c) => c.method === 'response_url' && c.status === 200).length === 16 || undefined);
});
