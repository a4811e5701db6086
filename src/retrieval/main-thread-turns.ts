/**
 * Turns of the main thread for answering work. Each caller of `nextTurn()` waits for its own turn;
 * turns are given one per round of the event loop, first come first served, so between two waiters'
 * work the loop polls for I/O: a Slack request or a Discord interaction that arrives while a
 * question is being answered is read, and acknowledged, after at most one unit of answering work.
 *
 * A unit is what a waiter does after its turn until it next awaits real I/O (a worker's reply, a
 * socket). Awaiting a promise that is already settled is no yield at all, and `setImmediate` alone is
 * not enough either: every callback queued for the same round runs before the loop polls again, so
 * 16 questions each yielding with `setImmediate` still run 16 units back to back.
 */

const waiting: (() => void)[] = [];
let scheduled = false;

/** Gives the next waiter its turn; the next turn is queued from inside this one, so it comes a round later. */
function giveTurn(): void {
  scheduled = false;
  waiting.shift()?.();
  if (waiting.length > 0) {
    scheduled = true;
    setImmediate(giveTurn);
  }
}

/**
 * Resolves at this caller's turn: in a later round of the event loop than any I/O already waiting,
 * and in a different round from every other waiter's turn.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(giveTurn);
    }
  });
}

/** Callers waiting for a turn (for tests and diagnostics). */
export function turnsWaiting(): number {
  return waiting.length;
}
