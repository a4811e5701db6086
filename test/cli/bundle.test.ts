/**
 * The CLI's bundle (dist/cli.cjs, scripts/build.ts) as bin/mechanistic.js loads it, with its V8 code cache
 * (src/cli/load-bundle.ts): it answers exactly as the sources do, and a missing, damaged or stale cache is
 * replaced by a good one without changing what the command prints. Real processes, real files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureFreshBuild } from '../../scripts/build.ts';

const BIN = fileURLToPath(new URL('../../bin/mechanistic.js', import.meta.url));
const SOURCE_MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx');
ensureFreshBuild();

const dataDir = mkdtempSync(join(tmpdir(), 'mechanistic-bundle-'));

function env(dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: dir, MECHANISTIC_DATA_DIR: dir, MECHANISTIC_NETWORK: 'off', MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_QUIET: '1' };
}

/** `node <node args> <args>` in `dir` (outside the project: no developer's .env). */
function node(nodeArgs: string[], args: string[], dir: string = dataDir) {
  const r = spawnSync(process.execPath, [...nodeArgs, ...args], { cwd: dir, encoding: 'utf8', env: env(dir), maxBuffer: 32 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The bin: the bundle with its code cache. */
const bundled = (args: string[], dir?: string) => node([BIN], args, dir);
/** The same command run from the TypeScript sources. */
const fromSources = (args: string[]) =>
  node(['--import', TSX, '--input-type=module', '-e', `import { main } from ${JSON.stringify(SOURCE_MAIN)}; process.exitCode = await main(process.argv.slice(1));`], args);

before(() => {
  // Builds the vector index once for the file.
  const r = bundled(['ask', 'warm up: probing classifiers']);
  assert.equal(r.code, 0, r.stderr);
});

/** What a command printed and wrote, with the output file's path (which differs between the two runs) taken out. */
function outputs(run: (args: string[]) => ReturnType<typeof node>, args: string[], out: string) {
  const r = run([...args, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  return { stdout: r.stdout.replaceAll(out, '<out>'), file: readFileSync(out) };
}

test('the bundled CLI answers exactly as the sources do', () => {
  // The BibTeX parser (converted to CommonJS for the bundle) and a chart (Vega, imported through the loader).
  const paper = join(dataDir, 'paper.txt');
  writeFileSync(paper, 'Title: Locating factual associations\nAbstract: We use causal tracing and activation patching on the MLP layers of GPT, and probing classifiers.\n');
  const bib = join(dataDir, 'refs.bib');
  writeFileSync(bib, '@inproceedings{p, title={Designing and Interpreting Probes with Control Tasks}, author={Hewitt, John and Liang, Percy}, year={2019}, booktitle={EMNLP}}\n');
  const a = outputs(bundled, ['lineage', 'probing'], join(dataDir, 'a.png'));
  const b = outputs(fromSources, ['lineage', 'probing'], join(dataDir, 'b.png'));
  assert.equal(a.stdout, b.stdout);
  assert.deepEqual(a.file, b.file);
  assert.equal(a.file.subarray(1, 4).toString(), 'PNG');

  const questions = [
    'we did causal tracing on the MLPs',
    'We patch the outputs of single attention heads from a clean run into a corrupted run',
    'a linear probe on BERT layers recovers syntax trees',
    'sparse autoencoders find monosemantic features in a one-layer transformer',
  ];
  const commands = [...questions.map((q) => ['ask', q, '--json']), ['ask', questions[1]!], ['check', paper, '--bib', bib, '--json'], ['help'], ['ask', '--help']];
  for (const args of commands) {
    const a = bundled(args);
    const b = fromSources(args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(a.stdout, b.stdout, args.join(' '));
    assert.ok(a.stdout.length > 100);
  }
});

/** The bundle's code cache files in a data directory. */
function cliCaches(dir: string): string[] {
  return readdirSync(join(dir, 'code-cache')).filter((n) => n.startsWith('cli-cjs-'));
}

test('a missing, damaged or stale code cache is replaced, and the command prints the same', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-bundle-cache-'));
  const help = () => {
    const r = bundled(['help'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  };
  const printed = help();
  const [name, ...others] = cliCaches(dir);
  assert.ok(name && others.length === 0, 'one cache written by the first run');
  const file = join(dir, 'code-cache', name);
  const good = readFileSync(file);
  assert.ok(good.length > 10_000);

  // A usable cache is used as it is, not rewritten.
  const { mtimeMs } = statSync(file);
  assert.equal(help(), printed);
  assert.equal(statSync(file).mtimeMs, mtimeMs);
  assert.deepEqual(readFileSync(file), good);

  // Damaged: garbage, then a truncated cache. V8 rejects both; the bundle compiles from source and a good one is written.
  for (const damaged of [Buffer.from('not a code cache'), good.subarray(0, good.length >> 1)]) {
    writeFileSync(file, damaged);
    assert.equal(help(), printed);
    assert.deepEqual(cliCaches(dir), [name]);
    assert.ok(readFileSync(file).length > damaged.length, 'rewritten');
  }

  // Stale: the cache of another bundle (another key) is removed when the current one is written.
  const stale = join(dir, 'code-cache', 'cli-cjs-00000000000000000000.v8cache');
  renameSync(file, stale);
  assert.equal(help(), printed);
  assert.deepEqual(cliCaches(dir), [name]);
});
