/**
 * The client side of the Slack-ack benchmark, in its own process (as Slack is): reads
 * { url, secret, texts: string[], responseUrlBase } as JSON on stdin, sends every text as a signed
 * slash command at once, and prints the milliseconds to each HTTP 200 as JSON.
 */
import { performance } from 'node:perf_hooks';
import { sendSigned, slashCommandBody } from '../../test/chat/slack/slack-requests.ts';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { url, secret, texts, responseUrlBase } = JSON.parse(input) as { url: string; secret: string; texts: string[]; responseUrlBase: string };
// Bodies are signed before the clock starts: only the server's time to acknowledge is measured.
const times = await Promise.all(
  texts.map(async (text, n) => {
    const body = slashCommandBody(text, `${responseUrlBase}b${n}`, { user_id: `U${n}` });
    const started = performance.now();
    const res = await sendSigned(url, body, 'application/x-www-form-urlencoded', { secret });
    if (res.status !== 200) throw new Error(`ack ${n}: HTTP ${res.status}`);
    return performance.now() - started;
  }),
);
process.stdout.write(JSON.stringify(times));
