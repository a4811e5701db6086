/**
 * Rate limits across instances: two PostgreSQL stores (two pools, as two `serve` processes would
 * have) on one database share one budget per user and per channel; the SQLite store's limiter is
 * in memory, per process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createQuestionLimiter } from '../../src/ratelimit/question-limiter.ts';
import { openStoreFromConfig } from '../../src/store/open.ts';
import type { PostgresStore } from '../../src/store/postgres.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { freshSchema, requireServer } from './postgres-schema.ts';

const limits = { userPerMinute: 3, channelPerMinute: 5 };

test('two instances on one PostgreSQL database share one question budget', async (t) => {
  const server = requireServer(t, 'the shared rate limit test');
  if (!server) return;
  const schema = await freshSchema(server);
  const dataDir = mkdtempSync(join(tmpdir(), 'mech-rl-'));
  const stores = await Promise.all([0, 1].map(() => openStoreFromConfig({ dataDir, DATABASE_URL: schema.url })));
  try {
    const [a, b] = stores.map((s) => createQuestionLimiter(limits, (o) => s.rateLimiter(o)));
    // The user's three questions a minute, spread over both instances, at once.
    const first = await Promise.all([a!, b!, a!].map((l) => l.check({ user: 'slack:T1:U1', channel: 'slack:T1:C1' })));
    assert.deepEqual(first, [{ ok: true }, { ok: true }, { ok: true }]);
    const refused = await b!.check({ user: 'slack:T1:U1', channel: 'slack:T1:C1' });
    assert.ok(!refused.ok && refused.scope === 'user', JSON.stringify(refused));
    assert.ok(!refused.ok && refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 60);
    assert.equal((await a!.check({ user: 'slack:T1:U1', channel: 'slack:T1:C1' })).ok, false);

    // The channel's five: three used above, two more by other users, then the channel is full on both.
    assert.deepEqual(await a!.check({ user: 'slack:T1:U2', channel: 'slack:T1:C1' }), { ok: true });
    assert.deepEqual(await b!.check({ user: 'slack:T1:U3', channel: 'slack:T1:C1' }), { ok: true });
    const full = await a!.check({ user: 'slack:T1:U4', channel: 'slack:T1:C1' });
    assert.ok(!full.ok && full.scope === 'channel', JSON.stringify(full));
    // U4 was refused by the channel, not charged: it may still ask three times elsewhere.
    for (const l of [b!, a!, b!]) assert.deepEqual(await l.check({ user: 'slack:T1:U4', channel: 'slack:T1:C2' }), { ok: true });
    assert.equal((await a!.check({ user: 'slack:T1:U4', channel: 'slack:T1:C2' })).ok, false);

    // Twenty concurrent questions from one user over both instances: exactly three get through.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a! : b!).check({ user: 'web:198.51.100.7' })));
    assert.equal(burst.filter((d) => d.ok).length, 3);

    // The counters are rows of the shared table, keyed by a hash: no user id or address is stored.
    const keys = (await (stores[0] as PostgresStore).pool.query<{ key: string }>('SELECT key FROM rate_limit')).rows.map((r) => r.key);
    assert.ok(keys.length >= 6, keys.join(','));
    assert.ok(keys.every((k) => /^question-(user|channel):[A-Za-z0-9_-]{32}$/.test(k)), keys.join(','));
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await schema.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the SQLite store limits per process, in memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mech-rl-'));
  const one = openSqliteStore(join(dir, 'a.db'));
  const two = openSqliteStore(join(dir, 'a.db'));
  try {
    const [a, b] = [one, two].map((s) => createQuestionLimiter({ userPerMinute: 1, channelPerMinute: 10 }, (o) => s.rateLimiter(o)));
    assert.deepEqual(await a!.check({ user: 'u' }), { ok: true });
    assert.equal((await a!.check({ user: 'u' })).ok, false);
    assert.deepEqual(await b!.check({ user: 'u' }), { ok: true }, 'another process on the same file counts on its own');
  } finally {
    await one.close();
    await two.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
