/**
 * The Discord side of the deferral benchmark, in its own process (as Discord is): the loopback
 * stand-in for Discord's gateway and REST API (test/chat/discord/fake-discord.ts), driven over IPC by
 * scripts/bench/never-block.ts. Its own event loop does nothing but the fake, so the time from an
 * INTERACTION_CREATE frame to the deferral callback is the serve's, not the bench's (in the bench's
 * process the fake shared a thread with the serve, and a callback that had arrived was only read once
 * the serve's answering work let go of that thread).
 *
 * Messages in: { kind: 'burst', texts, warmUp } (one question answered first when warmUp, then every
 * text at once; replies { kind: 'burst', times, answeredMs }) and { kind: 'close' }. Out, first:
 * { kind: 'ready', restApi }.
 */
import { performance } from 'node:perf_hooks';
import { APP_ID, FakeDiscord } from '../../test/chat/discord/fake-discord.ts';

type In = { kind: 'burst'; texts: string[]; warmUp: boolean } | { kind: 'close' };

const discord = await new FakeDiscord().listen();
const send = (m: unknown) => process.send!(m);

/** Sends one `/mechanistic ask` and resolves with the ms to its deferral and a promise of its answer. */
async function ask(q: string): Promise<{ took: number; answered: Promise<unknown> }> {
  const sent = performance.now();
  const i = discord.interaction(2, { id: '500000000000000005', name: 'mechanistic', type: 1, options: [{ type: 1, name: 'ask', options: [{ name: 'query', type: 3, value: q }] }] });
  const callback = await discord.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
  const took = performance.now() - sent;
  if (callback.body?.type !== 5) throw new Error(`interaction ${i.id}: callback type ${String(callback.body?.type)}, not a deferral (5)`);
  return { took, answered: discord.waitFor((r) => r.method === 'PATCH' && r.path.includes(`/webhooks/${APP_ID}/${i.token}/messages/@original`)) };
}

async function burst(texts: string[], warmUp: boolean): Promise<{ times: number[]; answeredMs: number }> {
  // Connected (serve is ready once its parts have started) and the guild delivered.
  while (discord.connections === 0) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  if (warmUp) await (await ask(`${texts[0]} (warm-up)`)).answered;
  const t0 = performance.now();
  const asked = await Promise.all(texts.map((q) => ask(q)));
  await Promise.all(asked.map((a) => a.answered));
  return { times: asked.map((a) => a.took), answeredMs: performance.now() - t0 };
}

process.on('message', (m: In) => {
  if (m.kind === 'close') {
    void discord.close().then(() => process.exit(0));
    return;
  }
  burst(m.texts, m.warmUp).then(
    (r) => send({ kind: 'burst', ...r }),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
});
send({ kind: 'ready', restApi: discord.restApi });
