/**
 * The compiled tree (dist/) the CLI and the server run: packages the build bundles into dist/vendor/ are
 * imported from there, never as bare packages, and the compiled modules that use them behave as the sources.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { DIST_DIR, ensureFreshBuild } from '../../scripts/build.ts';
import * as srcConfig from '../../src/config.ts';
import * as srcSchema from '../../src/core/corpus-schema.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/load.ts';

ensureFreshBuild();

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

test('compiled modules import zod from dist/vendor/zod.js, never the package', () => {
  const users = jsFiles(DIST_DIR).filter((f) => !f.startsWith(join(DIST_DIR, 'vendor')) && /vendor\/zod\.js['"]/.test(readFileSync(f, 'utf8')));
  assert.ok(users.some((f) => f.endsWith(join('dist', 'config.js'))), 'config.js uses the vendored zod');
  for (const file of jsFiles(DIST_DIR).filter((f) => !f.startsWith(join(DIST_DIR, 'vendor')))) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /\bfrom\s*['"]zod['"]|\bimport\s*\(\s*['"]zod['"]/, `${file} imports the zod package`);
  }
});

test('the compiled configuration and corpus schema accept and refuse what the sources do', async () => {
  const config = (await import(pathToFileURL(join(DIST_DIR, 'config.js')).href)) as typeof srcConfig;
  const schema = (await import(pathToFileURL(join(DIST_DIR, 'core', 'corpus-schema.js')).href)) as typeof srcSchema;
  const envs: Record<string, string>[] = [
    { MECHANISTIC_DATA_DIR: '/tmp/m', PORT: '8080', MECHANISTIC_ENCODER_WORKERS: '3', LOG_LEVEL: 'debug' },
    { MECHANISTIC_DATA_DIR: '/tmp/m', PORT: 'eighty', MECHANISTIC_EMBEDDER: 'bert', DATABASE_URL: 'mysql://x' },
    { MECHANISTIC_DATA_DIR: '/tmp/m', SLACK_BOT_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' },
  ];
  const outcome = (load: (env: Record<string, string>) => unknown, env: Record<string, string>) => {
    try {
      return { config: load(env) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  for (const env of envs) assert.deepEqual(outcome(config.loadConfig, env), outcome(srcConfig.loadConfig, env));
  assert.ok('error' in outcome(config.loadConfig, envs[1]!), 'a bad value is refused');

  // Every paper of one corpus file, and spoilt copies of the first.
  const papers = parse(readFileSync(join(DEFAULT_CORPUS_DIR, 'papers', 'blackboxnlp.yaml'), 'utf8')) as Record<string, unknown>[];
  const spoilt = [{ ...papers[0], year: 'soon' }, { ...papers[0], community: 'physics' }, { ...papers[0], authors: 'one' }];
  for (const candidate of [...papers, ...spoilt]) {
    const a = schema.paperSchema.safeParse(candidate);
    const b = srcSchema.paperSchema.safeParse(candidate);
    assert.deepEqual(a.success ? a.data : a.error.issues.map((i) => i.message), b.success ? b.data : b.error.issues.map((i) => i.message));
  }
  assert.ok(papers.length > 100 && papers.every((p) => schema.paperSchema.safeParse(p).success));
  assert.ok(spoilt.every((p) => !schema.paperSchema.safeParse(p).success));
});
