/**
 * `mechanistic ask --llm` / `--no-llm`, in process, against the fake OpenAI-compatible server: the
 * answer is printed before the model is asked (checked when the request arrives, before it is
 * answered); `--json` carries the contract's `explanation`, or a notice when the model fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { askCommand } from '../../src/cli/commands/ask.ts';
import { UsageError, type CliIo } from '../../src/cli/command.ts';
import { explanationReply, SERVER_ERROR_500, startFakeOpenAI, type FakeOpenAI } from '../llm/fake-openai.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'mech-cli-llm-'));
const QUESTION = 'We patch the outputs of single attention heads from a clean run into a corrupted run';
let fake: FakeOpenAI;

before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());

function io(env: Record<string, string> = {}): CliIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    stdout: (t) => void out.push(t),
    stderr: () => {},
    readStdin: async function* () {},
    env: { MECHANISTIC_DATA_DIR: dataDir, MECHANISTIC_NETWORK: 'off', MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_QUIET: '1', ...env },
  };
}

const llmEnv = () => ({ OPENAI_BASE_URL: fake.baseURL, MECHANISTIC_LLM_MODEL: 'local-model' });

const reply = () => explanationReply({ explanation: 'Patching swaps activations between runs. That is a causal claim.' });

test('ask --llm prints the answer first, then the explanation', async () => {
  const c = io(llmEnv());
  let printedWhenAsked = '';
  fake.requests.length = 0;
  // The reply is held until the request has been seen: what was printed by then came first.
  fake.onRequest = () => {
    printedWhenAsked = c.out.join('\n');
    fake.script(reply());
    setImmediate(() => fake.release());
  };
  fake.script({ hold: { content: {} } });
  const code = await askCommand.run(['--llm', QUESTION], c);
  fake.onRequest = undefined;
  assert.equal(code, 0);
  assert.match(printedWhenAsked, /Is this mechanistic\?[\s\S]*Earlier work you may be missing/, 'the whole answer was printed before the model was asked');
  assert.ok(!printedWhenAsked.includes('Explanation (written by'));
  const all = c.out.join('\n');
  assert.match(all, /Explanation \(written by local-model/);
  assert.equal(fake.requests.length, 1);
});

test('ask --json --llm: the contract with its explanation; a failing model leaves a notice; --no-llm asks nothing', async () => {
  fake.requests.length = 0;
  fake.script(SERVER_ERROR_500);
  const failed = io(llmEnv());
  assert.equal(await askCommand.run(['--json', QUESTION], failed), 0);
  const a = JSON.parse(failed.out.join('\n'));
  assert.equal(a.explanation, undefined);
  assert.match(a.notices.at(-1), /^no explanation: the explanation service failed \(HTTP 500\)/);
  assert.equal(fake.requests.length, 2, 'on by default when configured; one retry');

  const none = io(llmEnv());
  assert.equal(await askCommand.run(['--json', '--no-llm', QUESTION], none), 0);
  assert.equal(JSON.parse(none.out.join('\n')).explanation, undefined);
  assert.equal(fake.requests.length, 2, '--no-llm asks nothing');

  fake.script({ hold: { content: {} } });
  fake.onRequest = () => {
    fake.script(reply());
    setImmediate(() => fake.release());
  };
  const ok = io(llmEnv());
  assert.equal(await askCommand.run(['--json', '--llm', QUESTION], ok), 0);
  fake.onRequest = undefined;
  const b = JSON.parse(ok.out.join('\n'));
  assert.deepEqual(Object.keys(b.explanation).sort(), ['cites', 'dropped', 'model', 'text', 'verdicts']);
  assert.equal(b.explanation.model, 'local-model');
  assert.deepEqual(Object.keys(b.explanation.verdicts).sort(), ['broadCultural', 'broadTechnical', 'narrowCultural', 'narrowTechnical']);
});

test('--llm without an LLM configured, or with --no-llm, is a usage error', async () => {
  await assert.rejects(askCommand.run(['--llm', QUESTION], io()), (e) => e instanceof UsageError && /OPENAI_API_KEY/.test(e.message));
  await assert.rejects(askCommand.run(['--llm', '--no-llm', QUESTION], io(llmEnv())), UsageError);
});
