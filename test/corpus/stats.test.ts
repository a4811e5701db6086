import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/command.ts';
import type { Paper } from '../../src/core/corpus-schema.ts';
import { CHART_HEIGHT, CHART_WIDTH, corpusStats, papersPerYearSpec, statsTable } from '../../src/corpus/stats.ts';
import { CHART_SCALE, renderPng } from '../../src/digest/render-png.ts';

function paper(id: string, year: number, community: Paper['community']): Paper {
  return {
    id, title: `Title of ${id}`, authors: ['A Person'], year, venue: 'ACL', url: 'https://aclanthology.org/x/', kind: 'paper',
    ids: {}, community, communityEvidence: ['venue: ACL'], summary: 'Ten or more characters.', tags: [], provenance: [],
  };
}

const corpus = {
  papers: new Map([paper('a2019', 2019, 'NLPI'), paper('b2019', 2019, 'NLPI'), paper('c2023', 2023, 'MI'), paper('d2016', 2016, 'other')].map((p) => [p.id, p])),
  concepts: new Map(),
};

test('counts papers per community and per year, years in order', () => {
  const s = corpusStats(corpus);
  assert.equal(s.papers, 4);
  assert.deepEqual(s.byCommunity, { NLPI: 2, MI: 1, other: 1 });
  assert.deepEqual(Object.entries(s.byYear), [['2016', 1], ['2019', 2], ['2023', 1]]);
  assert.deepEqual(s.byYearAndCommunity['2019'], { NLPI: 2, MI: 0, other: 0 });
  const table = statsTable(s).split('\n');
  assert.equal(table[0], '4 papers, 0 concepts');
  assert.match(table.at(-1)!, /^all\s+2\s+1\s+1\s+4$/);
});

test('the chart is a PNG of the fixed size, per the PNG header', async () => {
  const png = await renderPng(papersPerYearSpec(corpusStats(corpus)));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  assert.equal(png.readUInt32BE(16), CHART_WIDTH * CHART_SCALE);
  assert.equal(png.readUInt32BE(20), CHART_HEIGHT * CHART_SCALE);
});

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: async function* () {},
    env: {},
  };
}

test('mechanistic corpus stats --json prints the documented shape for a corpus dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-stats-'));
  try {
    mkdirSync(join(dir, 'papers'));
    writeFileSync(
      join(dir, 'papers', 'p.yaml'),
      `- id: x2021\n  title: A Paper\n  authors: [A B]\n  year: 2021\n  venue: EMNLP 2021\n  url: https://aclanthology.org/2021.emnlp-main.1/\n  community: NLPI\n  communityEvidence: ["venue: EMNLP 2021 is an ACL venue"]\n  summary: Something we wrote about it.\n`,
    );
    const io = captureIo();
    assert.equal(await main(['corpus', 'stats', '--json', '--corpus', dir], io), 0);
    assert.deepEqual(JSON.parse(io.out.join('')), { papers: 1, concepts: 0, byCommunity: { NLPI: 1, MI: 0, other: 0 }, byYear: { '2021': 1 } });
    const bad = captureIo();
    assert.equal(await main(['corpus', 'count'], bad), 2);
    assert.match(bad.err.join(''), /expected "corpus stats" or "corpus missed", got "corpus count"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
