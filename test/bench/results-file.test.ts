import assert from 'node:assert/strict';
import { test } from 'node:test';
import { END, replaceNamedSection, replaceSection, START } from '../../scripts/bench/results-file.ts';
import { percentile } from '../../scripts/bench/stats.ts';

const LOAD = '## Load test (`npm run bench:load`)\n\n| a |\n|---|\n| 1 |\n';

test('the first run puts the speed section under the title, before sections others appended', () => {
  const out = replaceSection(`# Benchmark results\n\n${LOAD}`, '## Speed\n\nold numbers');
  assert.ok(out.startsWith(`# Benchmark results\n\n${START}\n## Speed\n\nold numbers\n${END}\n\n## Load test`));
  assert.ok(out.includes(LOAD.trimEnd()));
});

test('a rerun replaces only the marked section and keeps the load test rows, even ones added later', () => {
  const first = replaceSection(`# Benchmark results\n\n${LOAD}`, '## Speed\n\nold numbers');
  const appended = `${first}| 2 |\n`;
  const out = replaceSection(appended, '## Speed\n\nnew numbers');
  assert.ok(out.includes('new numbers'));
  assert.ok(!out.includes('old numbers'));
  assert.ok(out.endsWith('| 1 |\n| 2 |\n'));
  assert.equal(out.split(START).length, 2);
});

test('an empty or missing file gets the title and the section', () => {
  assert.equal(replaceSection('', 'x'), `# Benchmark results\n\n${START}\nx\n${END}\n`);
});

test('percentiles are nearest-rank', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 95), 95);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('a named block (bench --only start) goes after the main section and is replaced alone', () => {
  const main = replaceSection(`# Benchmark results\n\n${LOAD}`, '## Speed\n\nnumbers');
  const once = replaceNamedSection(main, 'start', '### Start\n\nfirst');
  assert.ok(once.indexOf('first') > once.indexOf(END) && once.indexOf('first') < once.indexOf('## Load test'));
  const twice = replaceNamedSection(once, 'start', '### Start\n\nsecond');
  assert.ok(twice.includes('second') && !twice.includes('first') && twice.includes('numbers') && twice.includes(LOAD.trimEnd()));
  const rerunMain = replaceSection(twice, '## Speed\n\nnewer');
  assert.ok(rerunMain.includes('second') && rerunMain.includes('newer'));
});

test('appended rows go to the end of their own table, even with another section after it', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { appendTableRow } = await import('../../scripts/bench/results-file.ts');
  const path = join(mkdtempSync(join(tmpdir(), 'bench-')), 'results.md');
  const o = { header: '## Several instances', intro: 'How.', table: '| n |\n|---|' };
  appendTableRow(path, { ...o, line: '| 1 |' });
  writeFileSync(path, `${readFileSync(path, 'utf8')}\n## Later section\n\ntext\n`);
  appendTableRow(path, { ...o, line: '| 3 |' });
  assert.equal(readFileSync(path, 'utf8'), '# Benchmark results\n\n## Several instances\n\nHow.\n\n| n |\n|---|\n| 1 |\n| 3 |\n\n## Later section\n\ntext\n');
});
