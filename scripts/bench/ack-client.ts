/**
 * The client side of the Slack-ack benchmark, in its own process (as Slack is): reads
 * { url, secret, texts: string[], responseUrlBase } as JSON on stdin, sends every text as a signed
 * slash command at once, and prints the milliseconds to each HTTP 200 as JSON. With `--detail` it
 * prints { ms, sent, got } instead, `sent` and `got` as absolute times (performance.timeOrigin +
 * performance.now(), comparable with the server's).
 *
 * What is timed is the server's: every body is built and signed before the clock starts, the HTTP
 * client is node:http (no lazy loading on the first request, unlike the global fetch, whose first
 * call loads undici: 40-170 ms measured on this machine, which every request of the burst used to
 * wait for), one connection per request as Slack opens them, and a warm-up request first so the
 * client's own code paths are compiled. Each clock runs from the request's start to its response's
 * status line.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sign, slashCommandBody } from '../../test/chat/slack/slack-requests.ts';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { url, secret, texts, responseUrlBase } = JSON.parse(input) as { url: string; secret: string; texts: string[]; responseUrlBase: string };
const target = new URL(url);
const abs = () => performance.timeOrigin + performance.now();

/** POSTs one body; resolves with the status once the response's head has arrived (the body is drained). */
function post(body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function signedHeaders(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(secret, ts, body) };
}

// Warm-up: an unsigned request the server refuses (401) at once, before anything is timed.
await post('warm-up', { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': '0', 'x-slack-signature': 'v0=0' });

const requests = texts.map((text, n) => {
  const body = slashCommandBody(text, `${responseUrlBase}b${n}`, { user_id: `U${n}`, trigger_id: `${process.pid}.${n}.bench` });
  return { body, headers: signedHeaders(body) };
});
const sent: number[] = [];
const got: number[] = [];
const times = await Promise.all(
  requests.map(async ({ body, headers }, n) => {
    sent[n] = abs();
    const status = await post(body, headers);
    got[n] = abs();
    if (status !== 200) throw new Error(`ack ${n}: HTTP ${status}`);
    return got[n] - sent[n];
  }),
);
process.stdout.write(JSON.stringify(process.argv.includes('--detail') ? { ms: times, sent, got } : times));
