/**
 * `mechanistic help` lists every command from COMMAND_SUMMARIES without loading the command modules:
 * each command's own summary is its entry there, and help names them all in the loaders' order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMAND_NAMES, COMMAND_SUMMARIES, loadCommand } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/command.ts';

function io(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: (t) => out.push(t), readStdin: async function* () {}, env: {} };
}

test('every command is in COMMAND_SUMMARIES with its own summary, in the same order', async () => {
  assert.deepEqual(Object.keys(COMMAND_SUMMARIES), COMMAND_NAMES);
  for (const name of COMMAND_NAMES) {
    const command = await loadCommand(name);
    assert.equal(command?.name, name);
    assert.equal(command.summary, COMMAND_SUMMARIES[name as keyof typeof COMMAND_SUMMARIES], name);
  }
});

test('help lists every command with its summary; help <command> shows its usage', async () => {
  const all = io();
  assert.equal(await main(['help'], all), 0);
  for (const name of COMMAND_NAMES) assert.match(all.out.join('\n'), new RegExp(`^  ${name} +${COMMAND_SUMMARIES[name as keyof typeof COMMAND_SUMMARIES].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  const one = io();
  assert.equal(await main(['help', 'term'], one), 0);
  assert.match(one.out.join('\n'), /^term: The glossary/);
  assert.match(one.out.join('\n'), /usage: mechanistic term <word>/);
});
