/**
 * nextTurn(): between two waiters' units of work the event loop polls for I/O. The I/O here is a
 * real message from a worker thread, posted while the first unit runs (the unit blocks until the
 * worker says it has posted, so the message is certainly waiting when the unit ends): it must be
 * delivered before the second unit starts. No clock is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { nextTurn, turnsWaiting } from '../../src/retrieval/main-thread-turns.ts';

/** A worker that, told to, posts a message and then flips a shared flag. */
function poster(flag: Int32Array): Worker {
  return new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const flag = new Int32Array(workerData);
     parentPort.on('message', () => {
       parentPort.postMessage('arrived');
       Atomics.store(flag, 0, 1);
       Atomics.notify(flag, 0);
     });`,
    { eval: true, workerData: flag.buffer },
  );
}

/**
 * Two units, each waiting for `turn()`; a worker's message is posted (and certainly waiting) while
 * the first runs. Returns the order in which the units and the message's handler ran.
 */
async function orderAround(turn: () => Promise<void>): Promise<string[]> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = poster(flag);
  try {
    const order: string[] = [];
    const delivered = new Promise<void>((resolve) =>
      worker.once('message', () => {
        order.push('message');
        resolve();
      }),
    );
    const first = turn().then(() => {
      order.push('unit 1');
      worker.postMessage('go');
      // Blocks this thread (as a long stretch of answering would) until the worker's message is posted.
      while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 50);
    });
    const second = turn().then(() => order.push('unit 2'));
    await Promise.all([first, second, delivered]);
    return order;
  } finally {
    await worker.terminate();
  }
}

test('a message that arrives during one unit is handled before the next waiter’s unit', async () => {
  assert.deepEqual(await orderAround(nextTurn), ['unit 1', 'message', 'unit 2']);
  assert.equal(turnsWaiting(), 0);
});

test('with setImmediate alone, the same message waits behind both units (what nextTurn prevents)', async () => {
  // The control: it shows the message really is pending when unit 1 ends, so the test above can fail.
  assert.deepEqual(await orderAround(() => new Promise<void>((r) => setImmediate(r))), ['unit 1', 'unit 2', 'message']);
});

test('turns come in the order they were asked for, and a turn asked for during a turn comes after the others', async () => {
  const order: number[] = [];
  const all: Promise<unknown>[] = [];
  for (let n = 0; n < 5; n++) {
    all.push(
      nextTurn().then(() => {
        order.push(n);
        if (n === 0) all.push(nextTurn().then(() => order.push(5)));
      }),
    );
  }
  assert.equal(turnsWaiting(), 5);
  await Promise.all(all.slice(0, 5));
  await all[5];
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
});
