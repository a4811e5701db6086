import { test } from 'node:test';
import assert from 'node:assert/strict';
import { button, context, fieldsSection } from '../../../src/chat/slack/blocks.ts';
import { buildFeedbackModal, parseFeedbackContext } from '../../../src/chat/slack/feedback-modal.ts';
import { SLACK_LIMITS } from '../../../src/chat/slack/limits.ts';
import {
  renderApologyBlocks,
  renderBibtexBlocks,
  renderConceptBlocks,
  renderEvidenceBlocks,
  renderHelpBlocks,
  renderNotFound,
  renderPaperBlocks,
  renderTermBlocks,
} from '../../../src/chat/slack/render-lookups.ts';
import { messageProblems, modalProblems } from '../../../src/chat/slack/validate-blocks.ts';
import type { Concept, Paper } from '../../../src/core/corpus-schema.ts';
import { answer, paper } from './answers.ts';

const concept: Concept = {
  id: 'probing',
  name: 'Probing <classifiers>',
  description: 'Training a small classifier on frozen representations to test what they encode.',
  aliases: { mi: ['linear probes'], nlpi: ['diagnostic classifiers', 'auxiliary prediction tasks'] },
  bearsOn: { causal: false, internals: true },
  precedents: [],
  miExamples: [],
  missed: 'A probe can learn the task itself; controls & selectivity matter.',
  seedRows: [],
  related: [],
};

const corpusPaper: Paper = {
  id: 'paper1',
  title: 'Probing study number 1',
  authors: ['Ana Author'],
  year: 2016,
  venue: 'BlackboxNLP',
  url: 'https://aclanthology.org/W1.pdf',
  kind: 'paper',
  ids: {},
  community: 'NLPI',
  communityEvidence: ['published at BlackboxNLP'],
  summary: 'Trained classifiers on hidden states. '.repeat(200),
  tags: ['probing'],
  provenance: [],
};

test(`limit: button text at most ${SLACK_LIMITS.buttonText} characters; a value over ${SLACK_LIMITS.buttonValue} is refused before sending`, () => {
  const b = button({ actionId: 'a', label: 'L'.repeat(200), value: 'v' });
  assert.equal(b.text.text.length, SLACK_LIMITS.buttonText);
  assert.throws(() => button({ actionId: 'a', label: 'ok', value: 'v'.repeat(SLACK_LIMITS.buttonValue + 1) }), /value has 2001 characters, Slack allows 2000/);
});

test(`limit: at most ${SLACK_LIMITS.sectionFields} fields of ${SLACK_LIMITS.sectionFieldText} characters; ${SLACK_LIMITS.contextElements} context elements`, () => {
  const s = fieldsSection(Array.from({ length: 12 }, () => 'f'.repeat(2500)));
  assert.equal(s.fields?.length, SLACK_LIMITS.sectionFields);
  for (const f of s.fields ?? []) assert.equal(f.text.length, SLACK_LIMITS.sectionFieldText);
  assert.equal(context(Array.from({ length: 14 }, (_, i) => `e${i}`)).elements.length, SLACK_LIMITS.contextElements);
});

test(`limit: feedback modal title ${SLACK_LIMITS.modalTitle}, at most ${SLACK_LIMITS.selectOptions} options of ${SLACK_LIMITS.optionText} characters`, () => {
  const precedents = Array.from({ length: 150 }, (_, i) => paper(i, { title: `A rather long title about probing and patching ${i} `.repeat(4) }));
  const view = buildFeedbackModal('q & <!here>', precedents, { questionRef: 'abc', channelId: 'C1' });
  assert.deepEqual(modalProblems(view as unknown as Record<string, unknown>), []);
  const select = (view.blocks[1] as { element: { options: { text: { text: string }; value: string }[] } }).element;
  assert.equal(select.options.length, SLACK_LIMITS.selectOptions);
  for (const o of select.options) assert.ok(o.text.text.length <= SLACK_LIMITS.optionText);
  assert.deepEqual(parseFeedbackContext(view.private_metadata ?? ''), { questionRef: 'abc', channelId: 'C1' });
  assert.equal(parseFeedbackContext('not json'), null);
});

test('lookups, evidence, BibTeX, help and apologies render as valid messages', () => {
  const messages = [
    renderConceptBlocks({ concept, precedents: [paper(1), paper(2)], miExamples: [paper(3, { community: 'MI' })] }),
    renderPaperBlocks({ paper: corpusPaper, ref: paper(1), concepts: [concept], bibtex: '@inproceedings{author2016,\n  title = {Probing & <more>},\n}\n'.repeat(80) }),
    renderTermBlocks({
      term: { id: 'faithful', term: 'faithful', aliases: ['faithfulness'], meaning: 'An explanation that reflects what the model computes.', contested: 'Some mean causal, some mean predictive.', papers: [], concepts: [] },
      papers: [paper(4)],
      concepts: [concept],
    }),
    renderEvidenceBlocks(answer()),
    renderBibtexBlocks('@article{x,\n  title={A & B}\n}\n'.repeat(300), 300),
    renderHelpBlocks('/mechanistic'),
    renderApologyBlocks('deadbeef'),
    renderNotFound('concept', 'probbing', { found: false, message: 'no concept by that name', suggestions: ['probing'] }),
  ];
  for (const m of messages) assert.deepEqual(messageProblems(m), [], m.text);
  assert.match(JSON.stringify(messages[0]!.blocks), /Probing &lt;classifiers&gt;/);
  assert.match(JSON.stringify(messages[0]!.blocks), /controls &amp; selectivity/);
  assert.match(messages[6]!.text, /deadbeef/);
  const bib = messages[4]!.blocks.map((b) => (b as { text: { text: string } }).text.text);
  assert.ok(bib.length > 1, 'long BibTeX is split over several sections');
  for (const t of bib) assert.match(t, /^```[\s\S]*```$/);
  assert.match(bib.join(''), /A &amp; B/);
});
