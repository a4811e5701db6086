/**
 * The chat renderers of a check (Slack blocks, Discord pages): content, order, and the platforms' limits
 * on small and on oversized results.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult } from '../../src/app/check-step.ts';
import { renderCheck } from '../../src/chat/discord/render-check.ts';
import { checkMessage } from '../../src/chat/discord/limits.ts';
import { renderCheckBlocks } from '../../src/chat/slack/render-check.ts';
import { SLACK_LIMITS } from '../../src/chat/slack/limits.ts';
import { messageProblems } from '../../src/chat/slack/validate-blocks.ts';
import { missRatesOf } from '../../src/core/references.ts';
import type { PaperRef } from '../../src/core/types.ts';

function ref(id: string, year: number, title = `Paper ${id}`, authors = ['Ada Lovelace', 'Alan Turing']): PaperRef {
  return { id, title, authors, year, venue: 'ACL', url: `https://aclanthology.org/${id}/`, community: 'NLPI', why: 'why', score: 1 };
}

const verdict = (applies: boolean | null) => ({ applies, confidence: 0.8, evidence: [] });

function result(over: Partial<CheckResult> = {}): CheckResult {
  return {
    paper: ref('subject', 2022, 'Locating things @here in <GPT> & co'),
    notices: ['Answering about the paper, found in the corpus.'],
    definitions: { narrowTechnical: verdict(true), broadTechnical: verdict(true), narrowCultural: verdict(null), broadCultural: verdict(false) },
    concepts: [{ id: 'patching', name: 'Activation patching', score: 1 }],
    coverage: [
      {
        concept: 'patching',
        name: 'Activation patching',
        cited: [ref('late', 2021, 'Late cited'), ref('early', 2016, 'Early cited')],
        missing: [
          { ...ref('unmeasured', 2015, 'Unmeasured one'), missRate: null },
          { ...ref('small', 2017, 'Small sample one'), missRate: 1 },
          { ...ref('big', 2019, 'Often missed one'), missRate: 0.8 },
        ],
        score: 0.4,
      },
    ],
    references: { total: 12, source: 'semantic-scholar', matched: [{ entry: 'a', id: 'late', how: 'doi' }, { entry: 'b', id: 'early', how: 'title' }], unmatched: ['x', 'y', 'z'] },
    ...over,
  };
}

// Measured on 10 MI papers (shown), and on 1 (only an ordering).
const rates = missRatesOf([
  { concept: 'patching', precedent: 'big', papers: 10, citing: 2, missRate: 0.8 },
  { concept: 'patching', precedent: 'small', papers: 1, citing: 0, missRate: 1 },
]);

test('Slack: paper, the four senses on one line, cites k of n, ✓ earliest first, ✗ most missed first, reference counts', () => {
  const m = renderCheckBlocks(result(), { missRates: rates });
  assert.deepEqual(messageProblems(m), []);
  const all = JSON.stringify(m.blocks);
  assert.match(all, /Reference check: Locating things @\u2060here in &lt;GPT&gt; &amp; co/, 'escaped, with the broadcast word defused');
  assert.match(all, /\*Narrow technical\*: yes · \*Broad technical\*: yes · \*Narrow cultural\*: can't tell · \*Broad cultural\*: no/);
  const concept = (m.blocks as any[]).find((b) => b.type === 'section' && /Activation patching/.test(b.text.text)).text.text as string;
  assert.match(concept, /^\*Activation patching\*: cites 2 of 5 earlier precedents/);
  const order = [...concept.matchAll(/([✓✗]) <[^|]+\|([^>]+)>/g)].map((x) => `${x[1]} ${x[2]}`);
  assert.deepEqual(order, ['✓ Early cited', '✓ Late cited', '✗ Often missed one', '✗ Small sample one', '✗ Unmeasured one']);
  assert.match(concept, /Often missed one> \(Ada Lovelace et al\., 2019\) _missed by 80% of measured MI papers_/);
  assert.doesNotMatch(concept, /Small sample one> \([^)]*\) _missed/, 'a one-paper cell orders but shows no percentage');
  assert.match(all, /References \(from Semantic Scholar\): 12 read, 2 matched to corpus papers, 3 not in the corpus\./);
  assert.match(m.text, /Activation patching: cites 2 of 5 earlier precedents/);
});

test('Slack: without the table every known miss rate is shown, in the order given', () => {
  const concept = JSON.stringify(renderCheckBlocks(result()).blocks);
  assert.match(concept, /Small sample one> \(Ada Lovelace et al\., 2017\) _missed by 100% of measured MI papers_/);
});

test('Slack: no concepts says there is nothing to check against', () => {
  const m = renderCheckBlocks(result({ concepts: [], coverage: [] }));
  assert.deepEqual(messageProblems(m), []);
  assert.match(JSON.stringify(m.blocks), /No crosswalk concept was recognized/);
});

const huge = result({
  paper: ref('subject', 2022, 'T'.repeat(500)),
  notices: Array.from({ length: 15 }, (_, i) => `notice ${i} ${'n'.repeat(400)}`),
  coverage: Array.from({ length: 70 }, (_, c) => ({
    concept: `c${c}`,
    name: `Concept ${c} ${'@everyone '.repeat(3)}`,
    cited: Array.from({ length: 30 }, (_, i) => ref(`c${c}cited${i}`, 2000 + (i % 20), `Cited ${'<b>&'.repeat(40)} ${i}`)),
    missing: Array.from({ length: 60 }, (_, i) => ({ ...ref(`c${c}miss${i}`, 2000 + (i % 20), `Missing ${'long title '.repeat(30)} ${i}`), missRate: (i % 10) / 10 })),
    score: 0.33,
  })),
});

test('Slack: an oversized check stays within the block, section and text limits and says what was left out', () => {
  const m = renderCheckBlocks(huge);
  assert.deepEqual(messageProblems(m), []);
  assert.ok(m.blocks.length <= SLACK_LIMITS.messageBlocks);
  const all = JSON.stringify(m.blocks);
  assert.match(all, /…and \d+ more\./, 'a long ✗ list ends with the count of the rest');
  assert.match(all, /more concepts left out/);
  assert.match(all, /References \(from Semantic Scholar\)/, 'the reference counts are never cut');
});

test('Discord: the same content, paginated within the limits, pinging nobody', () => {
  const pages = renderCheck(result(), { missRates: rates });
  assert.equal(pages.length, 1);
  for (const p of pages) {
    checkMessage(p);
    assert.deepEqual(p.allowedMentions.parse, []);
  }
  const e = pages[0]!.embeds[0]!;
  assert.match(e.title!, /^Reference check: Locating things @here in <GPT> & co/);
  assert.match(e.description!, /✅ \*\*Narrow technical\*\*: yes · ✅ \*\*Broad technical\*\*: yes · ❔ \*\*Narrow cultural\*\*: cannot tell from this text · ❌ \*\*Broad cultural\*\*: no/);
  assert.match(e.description!, /References \(from Semantic Scholar\): 12 read, 2 matched to corpus papers, 3 not in the corpus\./);
  const field = e.fields!.find((f) => f.name === 'Activation patching: cites 2 of 5 earlier precedents')!;
  assert.ok(field);
  const order = [...field.value.matchAll(/([✓✗]) \[([^\]]+)\]/g)].map((x) => `${x[1]} ${x[2]}`);
  assert.deepEqual(order, ['✓ Early cited', '✓ Late cited', '✗ Often missed one', '✗ Small sample one', '✗ Unmeasured one']);
  assert.match(field.value, /Often missed one\]\([^)]+\) · Ada Lovelace et al\. \(2019\) — \*missed by 80% of measured MI papers\*/);
  assert.doesNotMatch(field.value, /Small sample one[^\n]*missed by/);
});

test('Discord: an oversized check is split into pages, each within the limits', () => {
  const pages = renderCheck(huge);
  assert.ok(pages.length > 1);
  for (const p of pages) checkMessage(p);
  const text = JSON.stringify(pages);
  assert.match(text, /Concept 69/, 'nothing is dropped: later concepts are on later pages');
});
