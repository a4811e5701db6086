/** Where the data lives: the configuration and the encoder's code cache read the same directory from the environment. */
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { dataDirFromEnv } from '../src/data-dir.ts';

test('MECHANISTIC_DATA_DIR, else XDG_DATA_HOME/mechanistic, else ~/.local/share/mechanistic; blank counts as unset', () => {
  const cases: [Record<string, string>, string][] = [
    [{ MECHANISTIC_DATA_DIR: ' /srv/mech ', XDG_DATA_HOME: '/xdg' }, '/srv/mech'],
    [{ MECHANISTIC_DATA_DIR: '  ', XDG_DATA_HOME: '/xdg' }, join('/xdg', 'mechanistic')],
    [{ XDG_DATA_HOME: '' }, join(homedir(), '.local', 'share', 'mechanistic')],
    [{}, join(homedir(), '.local', 'share', 'mechanistic')],
  ];
  for (const [env, expected] of cases) {
    assert.equal(dataDirFromEnv(env), expected, JSON.stringify(env));
    assert.equal(loadConfig(env).dataDir, expected, `the configuration agrees for ${JSON.stringify(env)}`);
  }
});
