/**
 * The CLI as a user runs it: the real bin, real corpus, real bundled encoder, in a temp data dir.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mechanistic.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-cli-'));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    // Run outside the project, so a developer's .env is not read either.
    cwd: dataDir,
    encoding: 'utf8',
    // A clean environment: stray MECHANISTIC_* or LOG_LEVEL settings from a developer's shell must not change results.
    env: { PATH: process.env.PATH, HOME: dataDir, MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_NETWORK: 'off', MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_QUIET: '1' },
    maxBuffer: 32 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  // Builds the index once for the whole file.
  const r = run(['ask', 'warm up: probing classifiers']);
  assert.equal(r.code, 0, r.stderr);
});

test('ask prints the four sections in a readable layout', () => {
  const r = run(['ask', 'We patch the outputs of single attention heads from a clean run into a corrupted run to find which heads carry the indirect object']);
  assert.equal(r.code, 0, r.stderr);
  for (const heading of ['Is this mechanistic?', 'Concepts recognized', 'Earlier work you may be missing', 'Related work']) {
    assert.ok(r.stdout.includes(heading), heading);
  }
  assert.match(r.stdout, /yes +Narrow technical/);
  assert.match(r.stdout, /can't tell +Narrow cultural/);
  assert.match(r.stdout, /https:\/\/(aclanthology\.org|arxiv\.org|doi\.org)\//);
});

test('ask --json prints one object in the contract shape', () => {
  const r = run(['ask', '--json', 'we did causal tracing on the MLPs']);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(a).sort(), ['concepts', 'definitions', 'notices', 'paper', 'precedents', 'query', 'related']);
  assert.deepEqual(Object.keys(a.definitions).sort(), ['broadCultural', 'broadTechnical', 'narrowCultural', 'narrowTechnical']);
  for (const d of Object.values(a.definitions) as { applies: unknown; confidence: number; evidence: unknown[] }[]) {
    assert.ok([true, false, null].includes(d.applies as boolean | null));
    assert.ok(d.confidence >= 0 && d.confidence <= 1);
    assert.ok(Array.isArray(d.evidence));
  }
  assert.ok(a.precedents.length >= 1 && a.precedents.length <= 10);
});

test('ask --bibtex prints BibTeX entries for the precedents', () => {
  const r = run(['ask', '--bibtex', 'linear probes on hidden states']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^@(inproceedings|article|misc)\{[a-z0-9-]+,$/m);
  assert.match(r.stdout, /^ {2}title = \{\{.+\}\},$/m);
});

test('ask --jsonl answers every line in order, with an error object for a bad line', () => {
  const r = run(['ask', '--jsonl'], 'probing classifiers\n\nsteering vectors\n');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].query, 'probing classifiers');
  assert.equal(lines[1].error.code, 'empty');
  assert.equal(lines[2].query, 'steering vectors');
});

test('bad input exits non-zero with one clear line and no stack trace', () => {
  for (const [args, pattern] of [
    [['ask', '   '], /empty/],
    [['ask', 'x'.repeat(20_001)], /limit is 20,000/],
    [['ask', '\u0001\u0002\u0003\u0004'], /binary/],
    [['ask'], /no question given/],
    [['ask', '--limit', 'zero', 'q'], /--limit must be an integer/],
    [['frobnicate'], /unknown command/],
  ] as [string[], RegExp][]) {
    const r = run(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('lookups: concept, paper, term, help', () => {
  const c = run(['concept', 'causal tracing']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /NLP-interpretability precedents/);
  const p = run(['paper', 'vig2020']);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /@inproceedings\{vig2020,/);
  const t = run(['term', 'faithful']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /Contested:/);
  const miss = run(['concept', 'zebra crossing']);
  assert.equal(miss.code, 1);
  assert.match(miss.stderr, /no concept called "zebra crossing"/);
  const h = run(['help']);
  assert.equal(h.code, 0);
  for (const cmd of ['ask', 'concept', 'paper', 'term', 'help']) assert.match(h.stdout, new RegExp(`^  ${cmd} `, 'm'));
});
