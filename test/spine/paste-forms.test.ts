/**
 * The same paper pasted the ways people paste it (scripts/eval/paste-forms.ts: from a chat quote, as markdown, with a
 * paper page's field labels, in a code block, copied from its PDF) gets the same answer as its own paste, through the
 * app as it runs (use-lite, the shipped models), to the last score and evidence line. Texts are real eval items (arXiv
 * metadata, CC0). The eval counts the same over every paper of the later splits (a gate).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Answer } from '../../src/core/types.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { loadSplit } from '../../scripts/eval/dataset.ts';
import { ANSWER_PARTS, PASTE_FORMS } from '../../scripts/eval/paste-forms.ts';

let m: Mechanistic;
before(async () => {
  m = await openMechanistic(loadConfig({ MECHANISTIC_DATA_DIR: mkdtempSync(join(tmpdir(), 'mechanistic-forms-')), MECHANISTIC_EMBEDDER: 'use-lite', MECHANISTIC_NETWORK: 'off' }));
});

/** What a reader sees of an answer: the paper, the verdicts and their evidence, the concepts, every earlier and related work. */
const seen = (a: Answer) =>
  JSON.stringify({
    paper: a.paper?.id ?? null,
    definitions: a.definitions,
    concepts: a.concepts.map((c) => [c.id, c.score]),
    precedents: a.precedents.map((p) => [p.id, p.score]),
    related: a.related.map((p) => p.id),
  });

for (const id of ['arXiv:2304.00740', 'arXiv:2312.03813', 'arXiv:2505.13898']) {
  test(`the same answer however the paper is pasted: ${id}`, async () => {
    const item = loadSplit('real-fresh-22', m.corpus).find((i) => i.id === id)!;
    assert.ok(item, id);
    const want = seen(await m.ask({ text: item.query }));
    assert.match(want, /"precedents":\[\["/, 'the paste gets earlier work at all');
    for (const form of PASTE_FORMS.filter((f) => f.required.length === ANSWER_PARTS.length)) {
      const text = form.make(item.query);
      assert.notEqual(text, item.query);
      assert.equal(seen(await m.ask({ text })), want, `${id} pasted as ${form.name}`);
    }
  });
}

test('run into one line, a paper is put back on its lines: the same answer, its authors read from the names after its title', async () => {
  const oneLine = PASTE_FORMS.find((f) => f.name === 'in one line')!;
  assert.deepEqual(oneLine.required, ['paper', 'concepts']);
  // Two whose authors decide narrow cultural (it said "can't tell" when the author line ran into the paragraph), and a
  // corpus paper (its curated community decides).
  for (const [split, id] of [['real-fresh-20', 'arXiv:2412.08686'], ['real-fresh-20', 'arXiv:2310.11431'], ['real-fresh-22', 'arXiv:2312.03813']] as const) {
    const item = loadSplit(split, m.corpus).find((i) => i.id === id)!;
    assert.ok(item, id);
    const want = await m.ask({ text: item.query });
    // In one line, and with every line break a space and no stop after the title (Discord's command box).
    for (const form of [oneLine, PASTE_FORMS.find((f) => f.name === 'its line breaks as spaces')!]) {
      const text = form.make(item.query);
      assert.doesNotMatch(text, /\n/);
      const got = await m.ask({ text });
      assert.equal(seen(got), seen(want), `${id} ${form.name}`);
      if (id !== 'arXiv:2312.03813') assert.match(got.definitions.narrowCultural.evidence.join(' '), /^authors?: /, id);
    }
  }
});
