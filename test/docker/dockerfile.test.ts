/**
 * Docker cannot run here, so the Dockerfile is checked by a linter (dockerfilelint, from npm),
 * by reading its structure, and the entrypoint script is run for real with sh.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LINTER = join(ROOT, 'node_modules', '.bin', 'dockerfilelint');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

function lint(path: string): { totalIssues: number; files: { issues: { title: string; line: number }[] }[] } {
  const r = spawnSync(LINTER, ['-o', 'json', path], { encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

/** Dockerfile instructions with line continuations joined. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

test('dockerfilelint finds no issue in the Dockerfile', () => {
  const report = lint(join(ROOT, 'Dockerfile'));
  assert.equal(report.totalIssues, 0, JSON.stringify(report.files[0]?.issues));
});

test('dockerfilelint does find issues in a bad Dockerfile (the check is live)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-docker-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:latest\nRUN apt-get install curl\nEXPOSE 99999\nADD . /app\n');
  assert.ok(lint(join(dir, 'Dockerfile')).totalIssues >= 3);
});

test('multi-stage, non-root runtime, health check on /healthz, serve as the command', () => {
  const ins = instructions(dockerfile);
  const froms = ins.map((i, n) => ({ ...i, n })).filter((i) => i.op === 'FROM');
  assert.ok(froms.length >= 2, 'a build stage and a runtime stage');
  const runtime = ins.slice(froms.at(-1)!.n);
  assert.ok(!/\b(g\+\+|make|python3)\b/.test(runtime.map((i) => i.args).join(' ')), 'no compiler in the runtime stage');
  const user = runtime.filter((i) => i.op === 'USER').at(-1);
  assert.ok(user && !/^(root|0)(:|$)/.test(user.args), 'the runtime runs as a non-root user');
  const health = runtime.find((i) => i.op === 'HEALTHCHECK');
  assert.match(health?.args ?? '', /\/healthz/);
  assert.match(runtime.find((i) => i.op === 'CMD')?.args ?? '', /"bin\/mechanistic\.js", "serve"/);
  assert.ok(runtime.some((i) => i.op === 'ENV' && /HOST=0\.0\.0\.0/.test(i.args)), 'listens on all interfaces inside the container');
  assert.ok(runtime.some((i) => i.op === 'VOLUME' && /\/data/.test(i.args)));
  assert.ok(ins.some((i) => i.op === 'RUN' && /npm prune --omit=dev/.test(i.args)), 'no dev dependencies in the image');
});

test('the image runs the compiled dist/, built in the build stage, and never runs onnxruntime-node\'s GPU download', () => {
  const ins = instructions(dockerfile);
  const froms = ins.map((i, n) => ({ ...i, n })).filter((i) => i.op === 'FROM');
  const build = ins.slice(froms[0]!.n, froms.at(-1)!.n);
  const runtime = ins.slice(froms.at(-1)!.n);
  const runs = build.filter((i) => i.op === 'RUN').map((i) => i.args);
  const ci = runs.find((r) => /npm ci\b/.test(r));
  assert.match(ci ?? '', /npm ci --ignore-scripts/, 'dependencies install without lifecycle scripts');
  const rebuild = /npm rebuild ([^&]+)/.exec(ci ?? '')?.[1] ?? '';
  for (const native of ['better-sqlite3', 'hnswlib-node']) assert.ok(rebuild.split(/\s+/).includes(native), `${native} is built`);
  assert.ok(!/onnxruntime/.test(rebuild), 'onnxruntime-node\'s install script (a CUDA download) is not run');
  const buildAt = build.findIndex((i) => i.op === 'RUN' && /npm run build/.test(i.args));
  assert.ok(buildAt > 0, 'the build stage compiles src/');
  for (const path of ['tsconfig.json', 'tsconfig.build.json', 'src', 'scripts/build.ts']) {
    const copiedAt = build.findIndex((i) => i.op === 'COPY' && i.args.split(/\s+/).slice(0, -1).includes(path));
    assert.ok(copiedAt >= 0 && copiedAt < buildAt, `${path} is copied before the build`);
  }
  const pruneAt = build.findIndex((i) => i.op === 'RUN' && /npm prune --omit=dev/.test(i.args));
  assert.ok(pruneAt > buildAt, 'dev dependencies (TypeScript, tsx) are dropped after the build');
  const copied = runtime.filter((i) => i.op === 'COPY').map((i) => i.args);
  assert.ok(copied.some((c) => /^--from=build \/app\/dist \.\/dist$/.test(c)), 'the runtime gets dist/');
  assert.ok(!copied.some((c) => /\/app\/src\b|\/app \/app|tsconfig/.test(c)), 'and not the TypeScript sources');
  assert.match(readFileSync(join(ROOT, 'bin', 'mechanistic.js'), 'utf8'), /\.\.\/dist\/cli\.cjs/, 'bin/mechanistic.js runs dist/ (the CLI\'s bundle)');
  assert.ok(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').includes('dist'), 'a local dist/ is not sent to the build');
});

test('every path the Dockerfile copies from the repository exists and is not docker-ignored', () => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const copies = instructions(dockerfile).filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
  assert.ok(copies.length >= 4);
  for (const c of copies) {
    const sources = c.args.split(/\s+/).slice(0, -1);
    for (const s of sources) {
      assert.ok(existsSync(join(ROOT, s)), `${s} exists`);
      assert.ok(!ignored.some((pattern) => s === pattern || s.startsWith(`${pattern}/`)), `${s} is not in .dockerignore`);
    }
  }
});

test('the entrypoint copies the baked index into an empty or outdated volume and keeps a matching one', () => {
  const script = join(ROOT, 'docker', 'entrypoint.sh');
  assert.ok(statSync(script).mode & 0o111, 'executable');
  const dir = mkdtempSync(join(tmpdir(), 'mechanistic-entry-'));
  const baked = join(dir, 'baked', 'index');
  mkdirSync(baked, { recursive: true });
  writeFileSync(join(baked, 'manifest.json'), '{"corpusHash":"new"}');
  writeFileSync(join(baked, 'vectors.bin'), 'baked vectors');
  const data = join(dir, 'data');
  const run = () =>
    spawnSync('sh', [script, 'sh', '-c', 'echo ran "$0"', 'ok'], {
      env: { PATH: process.env.PATH, MECHANISTIC_DATA_DIR: data, MECHANISTIC_BAKED_INDEX: baked },
      encoding: 'utf8',
    });
  let r = run();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'ran ok', 'the command runs after setup');
  assert.equal(readFileSync(join(data, 'index', 'vectors.bin'), 'utf8'), 'baked vectors');
  writeFileSync(join(data, 'index', 'vectors.bin'), 'mounted vectors');
  r = run();
  assert.equal(readFileSync(join(data, 'index', 'vectors.bin'), 'utf8'), 'mounted vectors', 'a matching index is left alone');
  writeFileSync(join(data, 'index', 'manifest.json'), '{"corpusHash":"old"}');
  r = run();
  assert.equal(readFileSync(join(data, 'index', 'vectors.bin'), 'utf8'), 'baked vectors', 'an outdated index is replaced');
});
