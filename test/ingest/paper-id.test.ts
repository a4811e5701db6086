import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastNameKey, makePaperId } from '../../src/ingest/paper-id.ts';

test('ids are last name + year + first content word, lowercased ASCII', () => {
  const none = new Set<string>();
  assert.equal(makePaperId(['Arthur Conmy'], 2023, 'Towards Automated Circuit Discovery for Mechanistic Interpretability', none), 'conmy2023towards');
  assert.equal(makePaperId(['Kevin Wang'], 2022, 'Interpretability in the Wild', none), 'wang2022interpretability');
  assert.equal(makePaperId(['Ada Bölük'], 2024, 'The Ökonomie of Attention', none), 'boluk2024okonomie');
  assert.equal(makePaperId(['Adrià Garriga-Alonso'], 2021, 'A Study', none), 'garrigaalonso2021study');
  assert.equal(makePaperId(['nostalgebraist'], 2020, 'interpreting GPT: the logit lens', none), 'nostalgebraist2020interpreting');
});

test('a taken id grows by the next content words, then a number', () => {
  const taken = new Set(['wang2023interpretability']);
  assert.equal(makePaperId(['Kevin Wang'], 2023, 'Interpretability in the Wild', taken), 'wang2023interpretabilitywild');
  const crowded = new Set(['li2023a', 'li2023a2']);
  assert.equal(makePaperId(['Li'], 2023, 'A', crowded), 'li2023a3');
});

test('last names come from "First Last" and "Last, First"', () => {
  assert.equal(lastNameKey('Garriga-Alonso, Adrià'), 'garrigaalonso');
  assert.equal(lastNameKey('Christopher D. Manning'), 'manning');
});
