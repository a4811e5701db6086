/**
 * The explanation renderers of Slack and Discord at their limits: fifty cited papers with long titles,
 * the longest text and reasons the grounding keeps, and a disagreement on every sense, still fit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMessage } from '../../src/chat/discord/limits.ts';
import { renderExplanation } from '../../src/chat/discord/render-explanation.ts';
import { renderExplanationBlocks } from '../../src/chat/slack/render-explanation.ts';
import { messageProblems } from '../../src/chat/slack/validate-blocks.ts';
import type { Answer, Explanation, PaperRef } from '../../src/core/types.ts';
import { MAX_REASON_CHARS, MAX_TEXT_CHARS } from '../../src/llm/ground.ts';

const paper = (i: number): PaperRef => ({
  id: `p${i}`,
  title: `A long title about attention heads and the circuits they form, number ${i} & <more> `.repeat(3).trim(),
  authors: ['A. Author', 'B. Author'],
  year: 2010 + (i % 10),
  venue: 'ACL',
  url: `https://aclanthology.org/P${i}/`,
  community: 'NLPI',
  why: 'why',
  score: 1,
});

const precedents = Array.from({ length: 50 }, (_, i) => paper(i));
const answer: Answer = {
  query: 'q',
  paper: null,
  notices: [],
  definitions: {
    narrowTechnical: { applies: true, confidence: 1, evidence: [] },
    broadTechnical: { applies: true, confidence: 1, evidence: [] },
    narrowCultural: { applies: null, confidence: 0, evidence: [] },
    broadCultural: { applies: true, confidence: 1, evidence: [] },
  },
  concepts: [],
  precedents,
  related: [],
};
const reason = 'r'.repeat(MAX_REASON_CHARS - 20) + ' [p1].';
const explanation: Explanation = {
  text: `${'x'.repeat(MAX_TEXT_CHARS - 10)} [p0].`,
  verdicts: {
    narrowTechnical: { applies: false, reason, agrees: false },
    broadTechnical: { applies: false, reason, agrees: false },
    narrowCultural: { applies: true, reason, agrees: false },
    broadCultural: { applies: false, reason, agrees: false },
  },
  cites: precedents.map((p) => p.id),
  model: 'm',
  dropped: 7,
};

test('Slack: the explanation of fifty cited papers fits Slack’s limits, every paper linked', () => {
  const m = renderExplanationBlocks(explanation, answer);
  assert.deepEqual(messageProblems(m), []);
  const text = JSON.stringify(m.blocks);
  for (const p of precedents) assert.ok(text.includes(p.url), p.id);
  assert.match(text, /Narrow cultural: the model says yes, the rules say can't tell/);
  assert.match(text, /7 mentions of papers retrieval did not find were dropped/);
});

test('Discord: the same fits Discord’s limits on as many pages as it needs', () => {
  const pages = renderExplanation(explanation, answer);
  for (const p of pages) checkMessage({ content: p.content, embeds: p.embeds });
  const text = JSON.stringify(pages);
  for (const p of precedents) assert.ok(text.includes(p.url), p.id);
});
