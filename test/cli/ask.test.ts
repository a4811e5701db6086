/**
 * The CLI as a user runs it: the real bin (compiled dist/, rebuilt first if the sources changed),
 * real corpus, real bundled encoder, in a temp data dir.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureFreshBuild } from '../../scripts/build.ts';

const BIN = fileURLToPath(new URL('../../bin/mechanistic.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-cli-'));
// bin/mechanistic.js runs dist/: never test a dist/ built from other sources.
ensureFreshBuild();

function run(args: string[], input?: string, extraEnv: Record<string, string> = { MECHANISTIC_QUIET: '1' }) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    // Run outside the project, so a developer's .env is not read either.
    cwd: dataDir,
    encoding: 'utf8',
    // A clean environment: stray MECHANISTIC_* or LOG_LEVEL settings from a developer's shell must not change results.
    env: { PATH: process.env.PATH, HOME: dataDir, MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_NETWORK: 'off', MECHANISTIC_EMBEDDER: 'use-lite', ...extraEnv },
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
    [['ask', '--frobnicate', 'q'], /Unknown option '--frobnicate'.*mechanistic ask --help/],
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

test('every command prints its usage for --help and -h, exit 0, without opening anything', () => {
  for (const name of ['ask', 'concept', 'paper', 'term', 'lineage', 'digest', 'feedback', 'corpus', 'serve', 'help']) {
    for (const flag of name === 'ask' ? ['--help', '-h'] : ['--help']) {
      const r = run([name, flag]);
      assert.equal(r.code, 0, `${name} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, name === 'help' ? /^commands:$/m : new RegExp(`^usage: mechanistic ${name}`, 'm'), `${name} ${flag}`);
      assert.equal(r.stderr, '', `${name} ${flag} prints nothing on stderr`);
    }
  }
  const sub = run(['digest', 'subscribe', '--help']);
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /usage: mechanistic digest/);
  const literal = run(['ask', '--json', '--', '--help']);
  assert.equal(literal.code, 0, 'after --, "--help" is the question');
  assert.equal(JSON.parse(literal.stdout).query, '--help');
});

test('ask --json with no question reads it from standard input', () => {
  const question = 'Locating and Editing Factual Associations in GPT\nWe use causal tracing to find the MLP modules that store facts.';
  const r = run(['ask', '--json'], question);
  assert.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.query, question);
  assert.ok(a.concepts.some((c: { id: string }) => c.id === 'activation-patching'), JSON.stringify(a.concepts));
  const empty = run(['ask', '--json'], '');
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /empty/);
});

test('the encoder note is one short line, in full with --verbose', () => {
  const env = { MECHANISTIC_EMBEDDER: 'auto', MECHANISTIC_MODELS_DIR: join(dataDir, 'no-models') };
  const short = run(['ask', 'probing classifiers'], undefined, env);
  assert.equal(short.code, 0, short.stderr);
  const lines = short.stderr.trim().split('\n');
  assert.equal(lines.length, 1, short.stderr);
  assert.ok(lines[0]!.length <= 100, lines[0]);
  assert.match(lines[0]!, /use-lite.*--verbose/);
  const verbose = run(['ask', '--verbose', 'probing classifiers'], undefined, env);
  assert.equal(verbose.code, 0, verbose.stderr);
  assert.match(verbose.stderr, /MECHANISTIC_MODELS_DIR=.*no-models has no Xenova\/all-MiniLM-L6-v2/);
  const chosen = run(['ask', 'probing classifiers'], undefined, {});
  assert.equal(chosen.stderr, '', 'nothing to say when the chosen encoder is the one asked for');
});
