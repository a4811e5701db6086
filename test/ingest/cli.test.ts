import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url).pathname;

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/ingest', script), ...args], { cwd: ROOT, encoding: 'utf8' });
}

test('the BibTeX and arXiv CLIs write a corpus file, report bad records on stderr, and rerun identically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-cli-'));
  try {
    mkdirSync(join(dir, 'papers'));
    writeFileSync(join(dir, 'summaries.tsv'), 'arxiv:1607.06520\tFinds a gender direction in word embeddings and removes it by projection.\n');
    const args = ['--out', 'refs.yaml', '--file', join(ROOT, 'test/fixtures/ingest/refs.bib'), '--corpus', dir, '--summaries', join(dir, 'summaries.tsv')];
    const first = run('bibtex.ts', args);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /error: .*olsson2022context: truncated/);
    const text = readFileSync(join(dir, 'papers', 'refs.yaml'), 'utf8');
    assert.deepEqual((parse(text) as { id: string }[]).map((p) => p.id), ['bolukbasi2016man']);
    const again = run('bibtex.ts', args);
    assert.match(again.stderr, /refs\.yaml: 1 papers .*unchanged/);
    assert.equal(readFileSync(join(dir, 'papers', 'refs.yaml'), 'utf8'), text);

    const feed = run('arxiv.ts', ['--out', 'feed.yaml', '--feed', join(ROOT, 'test/fixtures/ingest/arxiv-two-entries.atom.xml'), '--corpus', dir]);
    assert.equal(feed.status, 0, feed.stderr);
    assert.match(feed.stderr, /feed\.yaml: 2 papers \(MI 2\), changed/);

    const missing = run('bibtex.ts', ['--out', 'x.yaml', '--corpus', dir]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--file <refs\.bib> is required/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
