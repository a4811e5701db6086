import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { paperSchema } from '../../src/core/corpus-schema.ts';
import {
  DEFAULT_REFERENCES,
  DEFAULT_SEED_YAML,
  importSeedBibliography,
} from '../../src/ingest/seed-bibliography.ts';

const TODAY = '2026-11-25';
const SCRIPT = fileURLToPath(new URL('../../scripts/ingest/seed-bibliography.ts', import.meta.url));

type Entry = Record<string, unknown> & { id: string };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mechanistic-seed-'));
}

/** Imports the real bibliography into a temp dir that starts with a copy of the committed seed.yaml. */
function importOverCommitted(): { out: string; result: ReturnType<typeof importSeedBibliography> } {
  const out = join(tempDir(), 'seed.yaml');
  copyFileSync(DEFAULT_SEED_YAML, out);
  return { out, result: importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: TODAY }) };
}

function entries(path: string): Entry[] {
  return parse(readFileSync(path, 'utf8')) as Entry[];
}

function byId(list: Entry[]): Map<string, Entry> {
  return new Map(list.map((e) => [e.id, e]));
}

const references = readFileSync(DEFAULT_REFERENCES, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { key: string; confidence: string; unresolved?: boolean; kind: string });

test('the committed seed.yaml is what the importer produces from it (up to date)', () => {
  const { out, result } = importOverCommitted();
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.needsSummary, []);
  assert.deepEqual(result.dropped, []);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(DEFAULT_SEED_YAML, 'utf8'), 'run `npm run ingest:seed` and commit');
});

test('no likely or unresolved work, talk or web page is imported, and every entry is a valid paper', () => {
  const { out } = importOverCommitted();
  const list = entries(out);
  const ids = new Set(list.map((e) => e.id));
  const excluded = references.filter(
    (r) => r.confidence !== 'checked' || r.unresolved || r.kind === 'talk' || r.kind === 'web',
  );
  assert.ok(excluded.length > 30, 'the real bibliography has likely, unresolved, talk and web entries');
  for (const r of excluded) assert.ok(!ids.has(r.key), `${r.key} must not be imported`);
  for (const entry of list) {
    const parsed = paperSchema.safeParse(entry);
    assert.ok(parsed.success, `${entry.id}: ${parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    assert.match(String(entry.url), /^https:\/\//);
    assert.ok(['paper', 'blog', 'book'].includes(String(entry.kind)), `${entry.id} kind ${String(entry.kind)}`);
  }
});

test('known works carry the right facts and community', () => {
  const { out } = importOverCommitted();
  const papers = byId(entries(out));
  const vig = papers.get('vig2020')!;
  assert.equal(vig.year, 2020);
  assert.equal(vig.month, 4, 'arXiv 2004.12265 was posted in April 2020');
  assert.equal(vig.url, 'https://proceedings.neurips.cc/paper/2020/hash/92650b2e92217715fe312e6fa7b90d82-Abstract.html');
  assert.equal(vig.venue, 'NeurIPS 2020');
  assert.equal(vig.community, 'NLPI');

  const meng = papers.get('meng2022')!;
  assert.equal(meng.year, 2022);
  assert.equal(meng.url, 'https://arxiv.org/abs/2202.05262');
  assert.deepEqual(meng.ids, { arxiv: '2202.05262' });
  assert.equal(meng.community, 'MI');

  const olsson = papers.get('olsson2022')!;
  assert.equal(olsson.year, 2022);
  assert.equal(olsson.url, 'https://transformer-circuits.pub/2022/in-context-learning-and-induction-heads/index.html');
  assert.equal(olsson.venue, 'Transformer Circuits Thread');
  assert.equal(olsson.community, 'MI');

  const geiger = papers.get('geiger2020')!;
  assert.equal(geiger.venue, 'BlackboxNLP 2020');
  assert.equal(geiger.community, 'NLPI');
  assert.deepEqual(geiger.provenance, [{ source: 'shared/research/references.jsonl', date: '2026-11-25' }]);

  // The seed cites Bahdanau et al. by its ICLR 2015 year; its arXiv month (Sept 2014) would misdate it.
  assert.equal(papers.get('bahdanau2015')!.year, 2015);
  assert.equal(papers.get('bahdanau2015')!.month, undefined);
  // An Anthology id names the venue even where the citation still says "arXiv preprint".
  assert.equal(papers.get('lieberum2024')!.venue, 'BlackboxNLP 2024');
  assert.equal(papers.get('ethayarajh2019')!.venue, 'EMNLP 2019');
  assert.equal(papers.get('nostalgebraist2020')!.venue, 'LessWrong');
  assert.equal(papers.get('turner2023')!.venue, 'arXiv');
});

test('skipped works are reported with a reason', () => {
  const { result } = importOverCommitted();
  const reasons = new Map(result.skipped.map((s) => [s.key, s.reason]));
  assert.match(reasons.get('belinkov2023panel')!, /kind "talk"/);
  assert.match(reasons.get('washingtonpost2023')!, /kind "web"/);
  assert.match(reasons.get('zhu2024')!, /unresolved/);
  assert.match(reasons.get('little2004')!, /confidence "likely"/);
  assert.match(reasons.get('hesslow1988')!, /no URL/);
  assert.match(reasons.get('repeval2016')!, /no authors/);
  assert.equal(result.entries.length + result.skipped.length, references.length);
});

test('a fresh import proposes communities by rule, asks for summaries, and a rerun is byte-identical', () => {
  const out = join(tempDir(), 'papers', 'seed.yaml');
  const first = importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: TODAY });
  const text = readFileSync(out, 'utf8');
  assert.equal(first.needsSummary.length, first.entries.length);
  const papers = byId(entries(out));
  assert.equal(papers.get('olsson2022')!.community, 'MI');
  assert.ok((papers.get('olsson2022')!.communityEvidence as string[]).includes('channel: published on the Transformer Circuits Thread'));
  assert.equal(papers.get('clark2019')!.community, 'NLPI');
  assert.ok((papers.get('clark2019')!.communityEvidence as string[]).includes('venue: BlackboxNLP 2019 is an ACL venue'));
  assert.equal(papers.get('simonyan2014')!.community, 'other');
  assert.equal(papers.get('olsson2022')!.summary, undefined);

  const second = importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: '2027-01-01' });
  assert.equal(readFileSync(out, 'utf8'), text, 'a rerun on the same input rewrites nothing, dates included');
  assert.deepEqual(second.dropped, []);
});

test('curated fields survive a rerun; facts are rebuilt from the input', () => {
  const { out } = importOverCommitted();
  const list = entries(out);
  const vig = list.find((e) => e.id === 'vig2020')!;
  vig.summary = 'A curator wrote this summary by hand.';
  vig.community = 'other';
  vig.communityEvidence = ['curator: testing that edits are kept'];
  vig.tags = ['activation-patching', 'causal-abstraction'];
  vig.title = 'A title someone changed by hand';
  writeFileSync(out, stringify(list));

  const result = importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: TODAY });
  assert.deepEqual(result.errors, []);
  const again = byId(entries(out)).get('vig2020')!;
  assert.equal(again.summary, 'A curator wrote this summary by hand.');
  assert.equal(again.community, 'other');
  assert.deepEqual(again.communityEvidence, ['curator: testing that edits are kept']);
  assert.deepEqual(again.tags, ['activation-patching', 'causal-abstraction']);
  assert.equal(again.title, 'Investigating Gender Bias in Language Models Using Causal Mediation Analysis');
});

test('a curated entry that breaks the paper schema is reported by file, id and field', () => {
  const { out } = importOverCommitted();
  const list = entries(out);
  list.find((e) => e.id === 'meng2022')!.community = 'mechanistic';
  delete list.find((e) => e.id === 'vig2020')!.communityEvidence;
  writeFileSync(out, stringify(list));
  const result = importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: TODAY });
  assert.equal(result.errors.length, 2, result.errors.join('\n'));
  assert.match(result.errors.find((e) => e.includes('meng2022'))!, /seed\.yaml: meng2022: community: /);
  assert.match(
    result.errors.find((e) => e.includes('vig2020'))!,
    /seed\.yaml: vig2020: communityEvidence: /,
    'a label left without evidence is reported, not silently re-proposed',
  );
});

test('malformed input lines get one clear error each; the good lines still import', () => {
  const dir = tempDir();
  const lines = readFileSync(DEFAULT_REFERENCES, 'utf8').split('\n');
  const good = ['vig2020', 'olsson2022'].map((key) => lines.find((l) => l.includes(`"key": "${key}"`)));
  assert.ok(good.every((l) => l !== undefined));
  const input = join(dir, 'references.jsonl');
  const noTitle = JSON.parse(good[0]!) as Record<string, unknown>;
  delete noTitle.title;
  noTitle.key = 'broken2020';
  writeFileSync(input, [good[0], '{"key": "oops2021", "title": ', JSON.stringify(noTitle), good[1], good[0]].join('\n'));
  const out = join(dir, 'seed.yaml');

  const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--in', input, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /references\.jsonl line 2: not valid JSON/);
  assert.match(run.stderr, /references\.jsonl line 3 \(broken2020\): title: /);
  assert.match(run.stderr, /references\.jsonl line 5: key vig2020 appears on an earlier line too/);
  assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace for a user error');
  assert.deepEqual(
    entries(out).map((e) => e.id),
    ['vig2020', 'olsson2022'],
  );
});

test('the script names a missing input and how to fix it', () => {
  const dir = tempDir();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', SCRIPT, '--in', join(dir, 'nope.jsonl'), '--out', join(dir, 'seed.yaml')],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 2);
  assert.match(run.stderr, /cannot read .*nope\.jsonl \(ENOENT\); pass the bibliography with --in/);
});

test('a checked first appearance (its provenance line) keeps its month on rerun; without the line the input month comes back', () => {
  const { out } = importOverCommitted();
  const list = entries(out);
  const olsson = list.find((e) => e.id === 'olsson2022')!;
  assert.equal(olsson.month, 3, 'the committed entry has the checked month (the Transformer Circuits page), not the arXiv one');
  assert.ok((olsson.provenance as { source: string }[]).some((p) => p.source.startsWith('first appearance checked:')));
  importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: TODAY });
  assert.equal(byId(entries(out)).get('olsson2022')!.month, 3);

  const edited = entries(out).map((e) =>
    e.id === 'olsson2022' ? { ...e, provenance: (e.provenance as { source: string }[]).filter((p) => !p.source.startsWith('first appearance checked:')) } : e,
  );
  writeFileSync(out, stringify(edited));
  importSeedBibliography({ inPath: DEFAULT_REFERENCES, outPath: out, today: TODAY });
  assert.equal(byId(entries(out)).get('olsson2022')!.month, 9, 'without a checked line the facts come from the input again');
});
