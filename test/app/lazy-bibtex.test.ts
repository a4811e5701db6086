/**
 * `serve` (through the check step and the weekly scan) does not load the BibTeX parser at start; the
 * first check with a .bib does. Each import graph is walked in a fresh process, with a module resolve
 * hook that prints every module resolved.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("resolved " + r.url + "\\\\n"); return r; }'));`,
)}`;

async function resolvedBy(module: string): Promise<string[]> {
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', `await import(${JSON.stringify(module)})`], { cwd: root });
  return stderr.split('\n').filter((l) => l.startsWith('resolved ')).map((l) => l.slice(9));
}

test("serve's modules do not load the BibTeX parser; a check with a .bib does", async () => {
  const serve = await resolvedBy('./src/cli/commands/serve.ts');
  assert.ok(serve.some((u) => u.endsWith('/src/app/check-step.ts')), 'serve loads the check step');
  assert.ok(serve.some((u) => u.endsWith('/src/app/reference-lists.ts')), 'and the reference lists');
  assert.deepEqual(serve.filter((u) => u.includes('bibtex-parser')), []);
  const bib = await resolvedBy('./src/app/bibtex-references.ts');
  assert.ok(bib.some((u) => u.includes('@retorquere/bibtex-parser')), 'the .bib reader loads the parser');
});
