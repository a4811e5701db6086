/**
 * The client side of the Slack-ack benchmark, in its own process (as Slack is): reads
 * { url, secret, texts: string[], responseUrlBase } as JSON on stdin, sends every text as a signed
 * slash command at once, and prints the milliseconds to each HTTP 200 as JSON. With `--detail` it
 * prints { ms, sent, got, clientCpuMs } instead, `sent` and `got` as absolute times
 * (performance.timeOrigin + performance.now(), comparable with the server's), `clientCpuMs` this
 * process's CPU time from the first send to the last status line.
 *
 * What is timed is the server's, so the client does as little as it can: every request's bytes
 * (head and signed body) are built before the clock starts, each goes out on its own TCP connection
 * as Slack opens them (node:net, `Connection: close`), and the clock stops at the response's status
 * line. No HTTP client library runs during the burst: node:http's client, fresh in this process for
 * every burst, took 22 to 67 ms of CPU (median 33, 10 bursts) to send 16 requests and read their
 * status lines on this 2-core machine, about what the server's main thread spent acknowledging
 * them, on the same two cores, and issued the 16 requests over 5 to 63 ms; this client takes 13 to
 * 27 ms (median 19, most of it the kernel's loopback TCP, which any client pays) and issues them
 * within 2 to 3 ms in most bursts. (The global fetch was worse still: its first call loads undici.)
 * A warm-up request first (unsigned, refused with 401) runs this same code once before anything is timed.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sign, slashCommandBody } from '../../test/chat/slack/slack-requests.ts';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { url, secret, texts, responseUrlBase } = JSON.parse(input) as { url: string; secret: string; texts: string[]; responseUrlBase: string };
const target = new URL(url);
const abs = () => performance.timeOrigin + performance.now();

/** One HTTP/1.1 POST as bytes on the wire. */
function requestBytes(body: string, headers: Record<string, string>): Buffer {
  const head = [
    `POST ${target.pathname} HTTP/1.1`,
    `host: ${target.host}`,
    'connection: close',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body}`);
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3}) /;

/** Sends the bytes on a new connection; resolves with the status once the status line has arrived (the rest is drained). */
function post(bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let head = '';
    let status = 0;
    const socket = connect({ host: target.hostname, port: Number(target.port) }, () => socket.end(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      if (status !== 0) return;
      head += chunk;
      const m = STATUS_LINE.exec(head);
      if (m) resolve((status = Number(m[1])));
      else if (head.includes('\r\n')) reject(new Error(`not an HTTP response: ${JSON.stringify(head.slice(0, 80))}`));
    });
    socket.on('error', reject);
    socket.on('close', () => (status === 0 ? reject(new Error('the connection closed before a status line')) : undefined));
  });
}

function signedHeaders(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(secret, ts, body) };
}

// Warm-up: an unsigned request the server refuses (401) at once, before anything is timed.
const warm = await post(requestBytes('warm-up', { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': '0', 'x-slack-signature': 'v0=0' }));
if (warm !== 401) throw new Error(`warm-up: expected HTTP 401, got ${warm}`);

const requests = texts.map((text, n) => {
  const body = slashCommandBody(text, `${responseUrlBase}b${n}`, { user_id: `U${n}`, trigger_id: `${process.pid}.${n}.bench` });
  return requestBytes(body, signedHeaders(body));
});
const sent: number[] = [];
const got: number[] = [];
const cpu0 = process.cpuUsage();
const times = await Promise.all(
  requests.map(async (bytes, n) => {
    sent[n] = abs();
    const status = await post(bytes);
    got[n] = abs();
    if (status !== 200) throw new Error(`ack ${n}: HTTP ${status}`);
    return got[n] - sent[n];
  }),
);
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify(process.argv.includes('--detail') ? { ms: times, sent, got, clientCpuMs: (cpu.user + cpu.system) / 1000 } : times));
