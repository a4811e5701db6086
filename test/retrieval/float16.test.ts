import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromFloat16Bits, toFloat16Bits } from '../../src/retrieval/float16.ts';

test('float16 encodes exactly representable values exactly', () => {
  for (const [value, bits] of [
    [0, 0x0000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
  ] as const) {
    assert.equal(toFloat16Bits(value), bits, `${value}`);
    assert.equal(fromFloat16Bits(bits), value);
  }
  assert.equal(toFloat16Bits(-0), 0x8000);
});

test('float16 rounds to nearest, ties to even, and saturates to infinity', () => {
  // Between 1 and the next half (1 + 2^-10): the midpoint rounds to even (1), just above it rounds up.
  assert.equal(toFloat16Bits(1 + 2 ** -11), 0x3c00);
  assert.equal(toFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  assert.equal(toFloat16Bits(1 + 3 * 2 ** -11), 0x3c02, 'tie goes to the even neighbour');
  assert.equal(toFloat16Bits(1e6), 0x7c00);
  assert.equal(fromFloat16Bits(0x7c00), Infinity);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN))));
});

test('float16 keeps unit-vector components within half a unit in the last place', () => {
  for (let i = 0; i < 2000; i++) {
    const x = Math.sin(i * 12.9898) * 0.2;
    const back = fromFloat16Bits(toFloat16Bits(x));
    assert.ok(Math.abs(back - x) <= Math.max(Math.abs(x) * 2 ** -11, 2 ** -25), `${x} -> ${back}`);
  }
});
