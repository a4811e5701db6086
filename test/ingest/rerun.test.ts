import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importAclMain, importBlackboxnlp, importReadingLists } from '../../src/ingest/sources.ts';

const REPO_CORPUS = new URL('../../corpus/', import.meta.url).pathname;
const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const skip = !existsSync(DATA) && 'shared/data not beside the repo';

function copyOfCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-corpus-'));
  cpSync(REPO_CORPUS, dir, { recursive: true });
  return dir;
}

test('rerunning the BlackboxNLP, acl-main and reading-list importers on the committed corpus rewrites nothing', { skip }, () => {
  const dir = copyOfCorpus();
  try {
    for (const run of [importBlackboxnlp, importAclMain, importReadingLists]) {
      const report = run({ dataDir: DATA, corpusDir: dir, today: '2099-12-31' });
      assert.equal(report.changed, false, `${report.path} is stale (another corpus file changed?): rerun npm run ingest:blackboxnlp, ingest:acl-main and ingest:reading-lists and commit`);
      assert.deepEqual(report.errors, []);
      assert.equal(readFileSync(report.path, 'utf8'), readFileSync(join(REPO_CORPUS, 'papers', report.path.split('/').at(-1)!), 'utf8'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every BlackboxNLP paper is in the corpus: in blackboxnlp.yaml or, once, in another file', { skip }, () => {
  const index = readFileSync(join(DATA, 'acl-anthology', 'blackboxnlp-index.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]!);
  const files = ['blackboxnlp.yaml', 'seed.yaml', 'mi-reading-lists.yaml', 'acl-main.yaml']
    .map((f) => join(REPO_CORPUS, 'papers', f))
    .filter(existsSync)
    .flatMap((f) => parse(readFileSync(f, 'utf8')) as { ids?: { acl?: string } }[]);
  const acl = files.map((p) => p.ids?.acl).filter(Boolean);
  for (const id of index) assert.equal(acl.filter((a) => a === id).length, 1, `${id} appears once`);
});

test('a first run into an empty corpus imports all 292 BlackboxNLP papers, all NLPI or MI with a venue line', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-empty-'));
  try {
    const report = importBlackboxnlp({ dataDir: DATA, corpusDir: dir, today: '2026-11-25' });
    assert.equal(report.papers.length, 292);
    assert.equal(new Set(report.papers.map((p) => p.id)).size, 292);
    for (const p of report.papers) {
      assert.ok(p.communityEvidence.some((l) => l.startsWith(`venue: ${p.venue} (ACL interpretability workshop)`)), p.id);
      assert.ok(p.abstract);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
