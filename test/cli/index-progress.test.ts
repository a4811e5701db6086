import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexProgressPrinter } from '../../src/cli/index-progress.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
}

test('on a terminal, progress is a bar redrawn in place, ending with a newline', () => {
  const out = stream(true);
  const print = indexProgressPrinter(out.stream);
  print({ phase: 'rebuild', reason: 'the corpus changed' });
  print({ phase: 'embed', done: 0, total: 4 });
  print({ phase: 'embed', done: 2, total: 4 });
  print({ phase: 'embed', done: 4, total: 4 });
  assert.equal(out.written[0], 'index: rebuilding (the corpus changed)\n');
  assert.equal(out.written[2], `\rembedding texts      [${'#'.repeat(15)}${'.'.repeat(15)}] 2/4`);
  assert.deepEqual(out.written.slice(-2), [`\rembedding texts      [${'#'.repeat(30)}] 4/4`, '\n']);
});

test('elsewhere, progress is one line at the start and one at the end of each phase', () => {
  const out = stream(false);
  const print = indexProgressPrinter(out.stream);
  for (let done = 0; done <= 128; done += 64) print({ phase: 'insert', done, total: 128 });
  print({ phase: 'embed', done: 0, total: 0 });
  print({ phase: 'warning', message: 'could not save' });
  assert.deepEqual(out.written, ['building HNSW graph: 0/128\n', 'building HNSW graph: 128/128\n', 'index: warning: could not save\n']);
});
