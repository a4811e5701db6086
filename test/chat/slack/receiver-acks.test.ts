/**
 * The HTTP receiver acknowledges a slash command itself, as soon as the request is verified and
 * recorded, before Bolt's middleware and the listener run; every other payload is acknowledged by
 * its listener, as before. Real Bolt App, real receiver and HTTP server, the loopback Slack for
 * auth.test; the order is observed with a gate in Bolt's middleware, never with a clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretKey } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { App, type BlockButtonAction } from '@slack/bolt';
import { boltLogger } from '../../../src/chat/slack/bolt-logger.ts';
import { apologizeAfterAck, LOOKING, SLASH_COMMAND, slashCommandAckAtOnce } from '../../../src/chat/slack/handlers.ts';
import { createLogger } from '../../../src/log.ts';
import { startHttpServer } from '../../../src/serve/http-server.ts';
import { RouteReceiver, verifySignature } from '../../../src/serve/parts/slack-receiver.ts';
import { databasePath, openSqliteStore } from '../../../src/store/sqlite.ts';
import { FakeSlack } from './fake-slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './harness.ts';
import { blockAction, interactionBody, sendSigned, sign, slashCommandBody } from './slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';

/** A real App behind the RouteReceiver, with a global middleware that waits at `gate` until released. */
async function gatedApp(t: import('node:test').TestContext) {
  const slack = await new FakeSlack().start();
  const store = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-receiver-'))));
  const logs: string[] = [];
  const log = createLogger('info', new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }));
  const logger = boltLogger(log);
  const receiver = new RouteReceiver({
    signingSecret: SIGNING_SECRET,
    path: '/slack/events',
    logger,
    now: () => new Date(),
    firstSight: (digest, workspaceId) => store.slackRequests.firstSight({ digest, workspaceId, now: new Date() }),
    ackAtOnce: slashCommandAckAtOnce,
    afterAckFailure: apologizeAfterAck(log, { attempts: 1 }),
  });
  const app = new App({ token: BOT_TOKEN, receiver, logger, clientOptions: { slackApiUrl: slack.apiUrl }, deferInitialization: true, convoStore: false });
  await app.init();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const order: string[] = [];
  app.use(async ({ next }) => {
    order.push('middleware');
    await gate;
    await next();
  });
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [receiver.route()], log });
  t.after(async () => {
    release();
    await http.close();
    await store.close();
    await slack.close();
  });
  return { app, url: `${http.url}/slack/events`, order, release, logs, slack };
}

/** Resolves once `check` holds, polling once per turn of the event loop (no clock). */
async function until(what: string, check: () => boolean, turns = 1_000_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`never happened: ${what}`);
}

test('16 slash commands are acknowledged by the receiver while Bolt has not run a single listener', { timeout: 60_000 }, async (t) => {
  const { app, url, order, release, logs, slack } = await gatedApp(t);
  const heard: string[] = [];
  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    // Over HTTP this ack was sent by the receiver already: calling it again is a no-op, not an error.
    await ack({ text: 'a second ack would be an error' });
    heard.push(command.user_id);
  });
  const acks = await Promise.all(
    Array.from({ length: 16 }, (_, n) => sendSigned(url, slashCommandBody(`we patch MLP outputs (${n})`, slack.responseUrl(`r${n}`), { user_id: `U${n}` }), FORM, { secret: SIGNING_SECRET })),
  );
  for (const a of acks) assert.deepEqual([a.status, JSON.parse(a.text)], [200, LOOKING]);
  assert.equal(heard.length, 0, 'no listener ran before the acks');
  release();
  await until('all 16 listeners', () => heard.length === 16);
  assert.equal(order.filter((o) => o === 'middleware').length, 16);
  assert.deepEqual(logs.filter((l) => /"level":50/.test(l)), [], 'no errors logged');
});

test('a command with nothing to look up is acknowledged empty; a replayed one is still refused before any ack', { timeout: 60_000 }, async (t) => {
  const { app, url, release, slack } = await gatedApp(t);
  app.command(SLASH_COMMAND, async ({ ack }) => {
    await ack();
  });
  const help = await sendSigned(url, slashCommandBody('help', slack.responseUrl('h')), FORM, { secret: SIGNING_SECRET });
  assert.deepEqual([help.status, help.text], [200, '']);
  const body = slashCommandBody('is probing mechanistic?', slack.responseUrl('p'));
  const ts = Math.floor(Date.now() / 1000);
  const signature = sign(SIGNING_SECRET, ts, body);
  const first = await sendSigned(url, body, FORM, { secret: SIGNING_SECRET, timestampS: ts, signature });
  const again = await sendSigned(url, body, FORM, { secret: SIGNING_SECRET, timestampS: ts, signature });
  assert.deepEqual([first.status, again.status], [200, 409]);
  release();
});

test('any other payload is acknowledged by its listener, after Bolt has run it', { timeout: 60_000 }, async (t) => {
  const { app, url, order, release, slack } = await gatedApp(t);
  app.action<BlockButtonAction>('some_button', async ({ ack }) => {
    order.push('listener');
    await ack();
  });
  const response = sendSigned(url, interactionBody(blockAction({ actionId: 'some_button', value: 'v', messageTs: '1700000000.000100', responseUrl: slack.responseUrl('b') })), FORM, {
    secret: SIGNING_SECRET,
  }).then((r) => {
    order.push('response');
    return r;
  });
  await until('the middleware to be reached', () => order.includes('middleware'));
  release();
  assert.equal((await response).status, 200);
  assert.deepEqual(order, ['middleware', 'listener', 'response']);
});

test('a slash command Bolt fails on after the receiver acked it: the asker gets an apology on response_url', { timeout: 60_000 }, async (t) => {
  const { app, url, release, logs, slack } = await gatedApp(t);
  // As when the bot's token was revoked: Bolt fails before any listener runs, after the ack went out.
  app.use(async () => {
    throw new Error('an_error_before_any_listener');
  });
  let heard = 0;
  app.command(SLASH_COMMAND, async () => {
    heard += 1;
  });
  const ack = await sendSigned(url, slashCommandBody('is probing mechanistic?', slack.responseUrl('failed')), FORM, { secret: SIGNING_SECRET });
  assert.deepEqual([ack.status, JSON.parse(ack.text)], [200, LOOKING]);
  release();
  const posted = await slack.waitFor('the apology on response_url', () => slack.accepted('response_url').find((c) => (c as { target?: string }).target === 'failed'));
  const body = (posted as { body: Record<string, unknown> }).body;
  assert.equal(body.response_type, 'ephemeral');
  assert.match(String(body.text), /ref/i, 'the apology carries a reference id');
  assert.equal(heard, 0);
  assert.ok(logs.some((l) => l.includes('an_error_before_any_listener')), 'the failure is logged');
});

test("verifySignature: Slack's v0 scheme, 5 minutes either way, constant-length hex only", () => {
  const key = createSecretKey(Buffer.from(SIGNING_SECRET));
  const body = 'token=x&command=%2Fmechanistic&text=hi';
  const now = 1_700_000_000;
  const ok = (ts: number, sig = sign(SIGNING_SECRET, ts, body)) => {
    try {
      verifySignature(key, body, sig, ts, now * 1000);
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.equal(ok(now), 'ok');
  assert.equal(ok(now - 300), 'ok');
  assert.equal(ok(now + 300), 'ok');
  assert.match(ok(now - 301), /stale/);
  assert.match(ok(now + 301), /future/);
  assert.match(ok(now, sign('another-secret', now, body)), /signature mismatch/);
  assert.match(ok(now, sign(SIGNING_SECRET, now, `${body}&x=1`)), /signature mismatch/);
  assert.match(ok(now, sign(SIGNING_SECRET, now, body).slice(0, -2)), /signature mismatch/, 'a shortened signature');
  assert.match(ok(now, sign(SIGNING_SECRET, now, body).toUpperCase().replace('V0', 'v0')), /signature mismatch/, 'hex as Slack sends it, lower case');
  assert.match(ok(now, sign(SIGNING_SECRET, now, body).replace('v0=', 'v1=')), /unknown signature version/);
  assert.match(ok(Number.NaN), /not a number/);
  // A forged request dated in the future is refused for its signature (the future rule is checked after it).
  assert.match(ok(now + 301, 'v0=' + '0'.repeat(64)), /signature mismatch/);
});
