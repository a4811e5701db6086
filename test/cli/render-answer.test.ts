/**
 * The CLI's text answer names the paper in question with its link and where it was read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAnswerText, renderConceptText } from '../../src/cli/render-answer.ts';
import type { Answer, DefinitionVerdict } from '../../src/core/types.ts';

const v: DefinitionVerdict = { applies: null, confidence: 0, evidence: [] };

test('a fetched paper is shown with its link and "from arXiv", under the notice that says where it was read', () => {
  const a: Answer = {
    query: 'https://arxiv.org/abs/2401.06102',
    paper: {
      id: 'arxiv:2401.06102',
      title: 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models',
      authors: ['Asma Ghandeharioun', 'Avi Caciularu', 'Mor Geva'],
      year: 2024,
      venue: 'arXiv',
      url: 'https://arxiv.org/abs/2401.06102',
      community: 'other',
      why: 'the paper your question is about (from arXiv; not in the corpus)',
      score: 1,
    },
    notices: ['Answering about "Patchscopes: …" (2024), read from arXiv; it is not in the corpus, so …'],
    definitions: { narrowTechnical: v, broadTechnical: v, narrowCultural: v, broadCultural: v },
    concepts: [],
    precedents: [],
    related: [],
  };
  const text = renderAnswerText(a);
  assert.match(text, /^note: Answering about .* read from arXiv/);
  assert.match(text, /\nThe paper\n {2}Patchscopes: A Unifying Framework/);
  assert.match(text, /\n {5}https:\/\/arxiv\.org\/abs\/2401\.06102\n/);
  assert.match(text, /from arXiv; not in the corpus/);
  assert.ok(text.indexOf('The paper') < text.indexOf('Is this mechanistic?'));
  assert.doesNotMatch(renderAnswerText({ ...a, paper: null }), /The paper/);
});

test('a guessed concept is marked as the closest guess', () => {
  const base = { id: 'probing', name: 'Probing classifiers', aliases: ['linear probe'], score: 0.35 };
  const a: Answer = {
    query: 'q',
    paper: null,
    notices: [],
    definitions: { narrowTechnical: v, broadTechnical: v, narrowCultural: v, broadCultural: v },
    concepts: [{ ...base, guess: true }],
    precedents: [],
    related: [],
  };
  assert.match(renderAnswerText(a), /\n {2}- Probing classifiers \(closest guess\) \(a\.k\.a\. linear probe\)/);
  assert.doesNotMatch(renderAnswerText({ ...a, concepts: [base] }), /closest guess/);
});

test('a concept entry says what its work bears on, and when the concept is also studied from behaviour alone', () => {
  const concept = {
    id: 'memorization',
    name: 'Memorization',
    description: 'What a model stores verbatim.',
    aliases: { mi: ['memorization'], nlpi: [] },
    bearsOn: { causal: false, internals: true, alsoBehavioural: true },
    precedents: [],
    miExamples: [],
    missed: 'Earlier extraction work.',
    seedRows: [],
    related: [],
  };
  assert.match(renderConceptText({ concept, precedents: [], miExamples: [] }), /^Bears on: {3}model internals \(broad technical\), though also studied from behaviour alone$/m);
  assert.match(renderConceptText({ concept: { ...concept, bearsOn: { causal: true, internals: true } }, precedents: [], miExamples: [] }), /^Bears on: {3}causal intervention \(narrow technical\); model internals \(broad technical\)$/m);
});
