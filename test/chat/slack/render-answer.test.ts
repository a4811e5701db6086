import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLACK_LIMITS } from '../../../src/chat/slack/limits.ts';
import { ANSWER_ACTIONS, parseButtonValue, renderAnswerBlocks } from '../../../src/chat/slack/render-answer.ts';
import { blockProblems, messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { answer, paper } from './answers.ts';

const ctx = { questionRef: 'q1', offset: 0, pageSize: 5 };

function allTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : allTexts(v)));
  }
  return [];
}

test('a typical answer renders as a valid message: verdicts, concepts, precedents with links, four buttons', () => {
  const m = renderAnswerBlocks(answer({ precedents: [1, 2, 3, 4, 5].map((i) => paper(i)) }), ctx);
  assert.deepEqual(messageProblems(m), []);
  const json = JSON.stringify(m.blocks);
  assert.match(json, /Narrow technical\*: yes \(80%\)/);
  assert.match(json, /Narrow cultural\*: can't tell/);
  assert.match(json, /Activation patching \(causal tracing, interchange intervention\)/);
  assert.match(json, /<https:\/\/aclanthology.org\/W1.pdf\|Probing study number 1>/);
  const actions = m.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
  assert.deepEqual(actions.elements.map((e) => e.action_id), [ANSWER_ACTIONS.more, ANSWER_ACTIONS.why, ANSWER_ACTIONS.bibtex, ANSWER_ACTIONS.wrong]);
  assert.deepEqual(parseButtonValue(actions.elements[0]!.value), { questionRef: 'q1', offset: 5 });
  assert.deepEqual(parseButtonValue(actions.elements[1]!.value), { questionRef: 'q1', offset: 0 });
});

test('no "More earlier work" on a short last page; no BibTeX or feedback buttons without precedents', () => {
  const short = renderAnswerBlocks(answer(), ctx);
  const ids = (m: typeof short) => (m.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
  assert.deepEqual(ids(short), [ANSWER_ACTIONS.why, ANSWER_ACTIONS.bibtex, ANSWER_ACTIONS.wrong]);
  const none = renderAnswerBlocks(answer({ precedents: [] }), ctx);
  assert.deepEqual(ids(none), [ANSWER_ACTIONS.why]);
  assert.match(JSON.stringify(none.blocks), /none found in the corpus/);
  assert.equal(renderAnswerBlocks(answer(), { ...ctx, questionRef: null }).blocks.some((b) => b.type === 'actions'), false);
  const bare = renderAnswerBlocks(answer());
  assert.equal(bare.blocks.some((b) => b.type === 'actions'), false, 'without a context: no buttons');
  assert.deepEqual(messageProblems(bare), []);
});

test(`limit: at most ${SLACK_LIMITS.messageBlocks} blocks, however many precedents and notices`, () => {
  const precedents = Array.from({ length: 200 }, (_, i) => paper(i));
  const m = renderAnswerBlocks(answer({ precedents, notices: Array.from({ length: 30 }, (_, i) => `notice ${i}`) }), { ...ctx, pageSize: 200 });
  assert.ok(m.blocks.length <= SLACK_LIMITS.messageBlocks, `${m.blocks.length} blocks`);
  assert.deepEqual(messageProblems(m), []);
  const json = JSON.stringify(m.blocks);
  assert.match(json, /Probing study number 40>/, 'precedents past the block budget are listed compactly');
  assert.match(json, /…and \d+ more\./, 'and those past the section limit are counted, not silently dropped');
});

test(`limit: section text at most ${SLACK_LIMITS.sectionText} characters`, () => {
  const m = renderAnswerBlocks(answer({ precedents: [paper(1, { why: 'x'.repeat(10_000) })], related: Array.from({ length: 60 }, (_, i) => paper(i, { title: 't'.repeat(200) })) }), ctx);
  const sections = m.blocks.filter((b) => b.type === 'section') as { text?: { text: string } }[];
  assert.ok(sections.some((s) => (s.text?.text.length ?? 0) === SLACK_LIMITS.sectionText), 'a long section is cut exactly at the limit');
  for (const s of sections) assert.ok((s.text?.text.length ?? 0) <= SLACK_LIMITS.sectionText);
  assert.deepEqual(messageProblems(m), []);
});

test(`limit: header plain text at most ${SLACK_LIMITS.headerText} characters, cut with an ellipsis`, () => {
  const m = renderAnswerBlocks(answer({ paper: paper(9, { title: 'A very long title '.repeat(30) }) }), ctx);
  const h = m.blocks[0] as { type: string; text: { type: string; text: string } };
  assert.equal(h.type, 'header');
  assert.equal(h.text.type, 'plain_text');
  assert.equal(h.text.text.length, SLACK_LIMITS.headerText);
  assert.ok(h.text.text.endsWith('…'));
});

test(`limit: context blocks have at most ${SLACK_LIMITS.contextElements} elements and ${SLACK_LIMITS.textObject}-character texts`, () => {
  const m = renderAnswerBlocks(answer({ query: 'q'.repeat(5000), notices: Array.from({ length: 25 }, (_, i) => `notice ${i}`) }), ctx);
  for (const b of m.blocks.filter((b) => b.type === 'context') as { elements: { text: string }[] }[]) {
    assert.ok(b.elements.length <= SLACK_LIMITS.contextElements);
    for (const e of b.elements) assert.ok(e.text.length <= SLACK_LIMITS.textObject);
  }
  assert.match(JSON.stringify(m.blocks), /notice 24/, 'notices past the element limit are joined, not dropped');
});

test(`limit: the notification text is at most ${SLACK_LIMITS.messageText} characters`, () => {
  const m = renderAnswerBlocks(answer({ query: 'why '.repeat(3000) }), ctx);
  assert.ok(m.text.length <= SLACK_LIMITS.messageText);
  assert.deepEqual(messageProblems(m), []);
});

test('escaping: &, < and > from the query and the corpus are escaped, and nothing can ping', () => {
  const hostile = 'Is <!channel> & <@U0123ABC> @here @everyone <https://evil.example|click> a > b?';
  const m = renderAnswerBlocks(
    answer({
      query: hostile,
      notices: ['arXiv:<!here> not in the corpus'],
      precedents: [paper(1, { title: 'Tom & Jerry <!subteam^S1>', why: 'x < y and @channel' })],
      concepts: [{ id: 'c', name: '<@W999>', aliases: [], score: 1 }],
    }),
    ctx,
  );
  assert.deepEqual(messageProblems(m), []);
  const texts = allTexts(m.blocks).join('\n') + m.text;
  assert.match(texts, /Is &lt;!channel&gt; &amp; &lt;@U0123ABC&gt;/);
  assert.match(texts, /Tom &amp; Jerry &lt;!subteam\^S1&gt;/);
  assert.doesNotMatch(texts, /<[!@]/);
  assert.doesNotMatch(texts, /@(here|channel|everyone)\b/, 'broadcast words carry a word joiner after the @');
  assert.doesNotMatch(texts, /[^&](amp;){2}/, 'escaped once, not twice');
});

test('every mrkdwn text object is verbatim, so Slack does not parse names or links in it', () => {
  const m = renderAnswerBlocks(answer(), ctx);
  let mrkdwn = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn') (mrkdwn++, assert.equal(o.verbatim, true));
      Object.values(o).forEach(walk);
    }
  };
  walk(m.blocks);
  assert.ok(mrkdwn >= 3, `an answer has mrkdwn texts to check (found ${mrkdwn})`);
});

test('the validator catches what the renderers must never send', () => {
  assert.deepEqual(blockProblems(Array.from({ length: 51 }, () => ({ type: 'divider' })))[0], '51 blocks, limit 50');
  assert.match(blockProblems([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]).join(), /151 characters, limit 150/);
  assert.match(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: 'hi <!here>', verbatim: true } }]).join(), /would ping/);
  assert.match(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: 'hi @channel', verbatim: true } }]).join(), /would ping/);
  assert.match(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }]).join(), /verbatim/);
  assert.match(
    blockProblems([{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) }, value: 'v' }] }]).join(),
    /76 characters, limit 75/,
  );
  assert.match(messageProblems({ text: '', blocks: [] }).join(), /missing notification text/);
  assert.match(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: '`/mechanistic concept <name>`', verbatim: true } }]).join(), /unescaped < or >/);
  assert.match(blockProblems([{ type: 'header', text: { type: 'plain_text', text: 'Tom & Jerry' } }]).join(), /unescaped &/);
  assert.deepEqual(blockProblems([{ type: 'section', text: { type: 'mrkdwn', text: '<https://a.org/x|A &amp; B> &lt;3', verbatim: true } }]), []);
});

test('a guessed concept is marked as the closest guess', () => {
  const guessed = answer({ concepts: [{ id: 'probing', name: 'Probing classifiers', aliases: [], score: 0.35, guess: true }] });
  assert.match(JSON.stringify(renderAnswerBlocks(guessed, ctx).blocks), /Probing classifiers \(closest guess\)/);
  assert.doesNotMatch(JSON.stringify(renderAnswerBlocks(answer(), ctx).blocks), /closest guess/);
});
