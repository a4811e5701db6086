import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUESTION_CHARS, parseAskParams } from '../../src/serve/ask-params.ts';

test('q is trimmed; limit and offset become numbers', () => {
  assert.deepEqual(parseAskParams({ q: '  probing  ', limit: '5', offset: '10' }), {
    ok: true,
    question: { text: 'probing', limit: 5, offset: 10 },
  });
  assert.deepEqual(parseAskParams({ q: 'probing', limit: 3 }), { ok: true, question: { text: 'probing', limit: 3 } });
  assert.deepEqual(parseAskParams({ q: 'probing', limit: '' }), { ok: true, question: { text: 'probing' } });
});

test('a missing, empty or non-string q is refused with an example', () => {
  for (const q of [undefined, '', '   ', 42, ['a'], null]) {
    const r = parseAskParams({ q });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.code === 'missing_query' && /q is required.*\/api\/ask\?q=/.test(r.message));
  }
});

test('q longer than the limit is refused, saying how long it was', () => {
  const r = parseAskParams({ q: 'a'.repeat(MAX_QUESTION_CHARS + 1) });
  assert.ok(!r.ok && r.code === 'query_too_long' && r.message.includes((MAX_QUESTION_CHARS + 1).toLocaleString('en-US')), JSON.stringify(r));
  assert.equal(parseAskParams({ q: 'a'.repeat(MAX_QUESTION_CHARS) }).ok, true);
});

test('limit and offset outside their ranges are refused, naming the parameter and the range', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ limit: '0' }, /^limit must be a whole number from 1 to 50, got "0"$/],
    [{ limit: '51' }, /^limit .* from 1 to 50/],
    [{ limit: '2.5' }, /^limit /],
    [{ limit: '1e3' }, /^limit /],
    [{ limit: 'ten' }, /^limit /],
    [{ offset: '-1' }, /^offset must be a whole number from 0 to 10000/],
    [{ offset: 3.2 }, /^offset /],
    [{ offset: true }, /^offset /],
  ];
  for (const [extra, message] of cases) {
    const r = parseAskParams({ q: 'probing', ...extra });
    assert.ok(!r.ok && r.code === 'bad_parameter', JSON.stringify(extra));
    assert.match(!r.ok ? r.message : '', message);
  }
});

test('binary data in q is refused with the core’s message', () => {
  const r = parseAskParams({ q: '\u0000\u0001\u0002 binary \u0003\u0004' });
  assert.ok(!r.ok && r.code === 'binary_query' && /^q: the input looks like binary data/.test(r.message));
});
