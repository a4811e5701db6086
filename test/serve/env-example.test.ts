/**
 * `.env.example` documents every setting the program reads, and its examples are valid.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'dotenv';
import { configSchema, loadConfig } from '../../src/config.ts';

const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const lines = text.split('\n');
const settingLine = /^# ([A-Z][A-Z0-9_]*)=(.*)$/;
/** Read outside the schema: by the CLI only. */
const CLI_ONLY = ['MECHANISTIC_QUIET'];

test('every configuration variable is in .env.example, with a comment above it', () => {
  for (const key of [...Object.keys(configSchema.shape), ...CLI_ONLY]) {
    const i = lines.findIndex((l) => l.startsWith(`# ${key}=`));
    assert.ok(i > 0, `${key} is missing from .env.example`);
    const above = lines[i - 1]!;
    assert.ok(above.startsWith('# ') && !settingLine.test(above) && above.length > 12, `${key} has an explanation above it`);
  }
});

test('.env.example names no variable the program does not read', () => {
  const known = new Set([...Object.keys(configSchema.shape), ...CLI_ONLY]);
  for (const l of lines) {
    const m = settingLine.exec(l);
    if (m) assert.ok(known.has(m[1]!), `${m[1]} is not a setting`);
  }
});

test('as shipped (all commented) and with every example uncommented, the configuration is valid', () => {
  assert.doesNotThrow(() => loadConfig(parse(text)));
  const uncommented = lines.map((l) => (settingLine.test(l) ? l.slice(2) : l)).join('\n');
  const env = parse(uncommented);
  assert.ok(Object.keys(env).length >= Object.keys(configSchema.shape).length);
  const config = loadConfig(env);
  assert.equal(config.PORT, 3000);
  assert.equal(config.MECHANISTIC_RATE_LIMIT_USER, 10);
});
