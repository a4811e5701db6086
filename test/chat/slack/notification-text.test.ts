/**
 * The notification text (`text`, all a phone shows) leads with the verdicts and the first earlier
 * work, and cuts the question to 300 characters; the blocks of one message stay under Slack's
 * total text (msg_blocks_too_long), however long the precedents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitBlocksText, section, actions, button, type KnownBlock } from '../../../src/chat/slack/blocks.ts';
import { NOTIFICATION_QUESTION_MAX, SLACK_LIMITS } from '../../../src/chat/slack/limits.ts';
import { answerSummaryText, renderAnswerBlocks } from '../../../src/chat/slack/render-answer.ts';
import { blocksTextLength, messageProblems } from '../../../src/chat/slack/validate-blocks.ts';
import { answer, paper } from './answers.ts';

const ctx = { questionRef: 'q1', offset: 0, pageSize: 5 };

test('the notification text starts with the four verdicts, then the first earlier work, then the question', () => {
  const text = answerSummaryText(answer({ precedents: [paper(1, { authors: ['Jesse Vig', 'Sebastian Gehrmann', 'Yonatan Belinkov'], year: 2020 }), paper(2)] }));
  assert.equal(
    text,
    "Mechanistic? narrow technical yes, broad technical yes, narrow cultural can't tell, broad cultural yes. " +
      'Earlier work: Probing study number 1 (Jesse Vig et al. 2020). Asked: is activation patching just causal mediation analysis?',
  );
  assert.match(answerSummaryText(answer({ precedents: [] })), /\. No earlier work in the corpus\. Asked:/);
  assert.match(answerSummaryText(answer({ precedents: [paper(1, { authors: ['Ana Author', 'Bo Writer'] })] })), /\(Ana Author and Bo Writer \d{4}\)/);
});

test(`a pasted abstract is cut to ${NOTIFICATION_QUESTION_MAX} characters in the notification, after the verdicts`, () => {
  const abstract = 'We patch attention heads from a clean run into a corrupted run. '.repeat(50);
  const m = renderAnswerBlocks(answer({ query: abstract }), ctx);
  const asked = m.text.slice(m.text.indexOf('Asked: ') + 'Asked: '.length);
  assert.equal(asked.length, NOTIFICATION_QUESTION_MAX);
  assert.ok(asked.endsWith('…'));
  assert.ok(m.text.length < 600, `${m.text.length} characters: a notification, not the abstract`);
  assert.ok(m.text.startsWith('Mechanistic? narrow technical yes'));
  assert.deepEqual(messageProblems(m), []);
});

test('without the question text (not kept), the notification names the paper or the concepts; nothing in it can ping', () => {
  assert.match(answerSummaryText(answer({ query: '', paper: paper(7, { title: 'Causal tracing <!here> & more' }) })), /Asked: Causal tracing &lt;!here&gt; &amp; more$/);
  assert.match(answerSummaryText(answer({ query: '' })), /Asked: Activation patching$/);
  const hostile = renderAnswerBlocks(answer({ query: '@channel <@U1> look', precedents: [paper(1, { title: '@here & <b>' })] }), ctx);
  assert.deepEqual(messageProblems(hostile), []);
});

test(`the blocks of an answer hold at most ${SLACK_LIMITS.messageBlocksText} characters: long precedents move to the compact list`, () => {
  const long = Array.from({ length: 12 }, (_, i) => paper(i, { why: `Reason ${i}: ${'a careful comparison of probing and patching; '.repeat(40)}`, title: `A long title number ${i} `.repeat(8) }));
  const m = renderAnswerBlocks(answer({ precedents: long }), { ...ctx, pageSize: 12 });
  const total = blocksTextLength(m.blocks);
  assert.ok(total <= SLACK_LIMITS.messageBlocksText, `${total} characters`);
  assert.deepEqual(messageProblems(m), []);
  const json = JSON.stringify(m.blocks);
  for (let i = 0; i < 12; i++) assert.match(json, new RegExp(`A long title number ${i} `), `precedent ${i} is still listed`);
  assert.ok(m.blocks.some((b) => b.type === 'actions'), 'the buttons stay');
});

test('the validator counts the text of all blocks together, and the last guard cuts content, never the buttons', () => {
  const blocks: KnownBlock[] = [...Array.from({ length: 6 }, (_, i) => section(`${i} `.padEnd(2900, 'x'))), actions('a', [button({ actionId: 'b', label: 'More', value: 'v' })])];
  assert.match(messageProblems({ text: 't', blocks }).join(), /17\d{3} characters of text, limit 12000 \(msg_blocks_too_long\)/);
  const fitted = fitBlocksText(blocks);
  assert.deepEqual(messageProblems({ text: 't', blocks: fitted }), []);
  assert.equal(fitted.at(-1)!.type, 'actions');
  assert.match(JSON.stringify(fitted.at(-2)), /shortened to fit one Slack message/);
  assert.equal(fitted.filter((b) => b.type === 'section').length, 4);
  assert.equal(fitBlocksText(blocks.slice(0, 2)).length, 2, 'a message that fits is left alone');
});
