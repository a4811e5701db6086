/**
 * The eval's paste forms (scripts/eval/paste-forms.ts): each form's text, exactly, and how agreement with an item's own
 * paste is counted and reported, with a hand-made answerer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answer } from '../../src/core/types.ts';
import type { EvalItem } from '../../scripts/eval/dataset.ts';
import { PASTE_FORMS, pasteAgreement, pasteFormLines, pdfLines } from '../../scripts/eval/paste-forms.ts';

const QUERY = 'A Title of Four Words\nAnn Author, Bo Builder\n\nWe patch attention heads in a small transformer and measure which ones carry the indirect object to the output.';

test('each form of a paste, exactly', () => {
  const made = Object.fromEntries(PASTE_FORMS.map((f) => [f.name, f.make(QUERY)]));
  assert.equal(made['a chat quote'], '> A Title of Four Words\n> Ann Author, Bo Builder\n> \n> We patch attention heads in a small transformer and measure which ones carry the indirect object to the output.');
  assert.equal(made.markdown, '**A Title of Four Words**\n*Ann Author, Bo Builder*\n\nWe patch attention heads in a small transformer and measure which ones carry the indirect object to the output.');
  assert.equal(made["a paper page's labels"], 'Title:A Title of Four Words\nAuthors:Ann Author, Bo Builder\n\nAbstract: We patch attention heads in a small transformer and measure which ones carry the indirect object to the output.');
  assert.equal(made['a code block'], `\`\`\`text\n${QUERY}\n\`\`\``);
  assert.equal(made['copied from its PDF'], 'A Title of Four Words\nAnn Author, Bo Builder\nAbstract\nWe patch attention heads in a small transformer and measure which ones carry the indir-\nect object to the output.');
  assert.equal(made['in one line'], 'A Title of Four Words. Ann Author, Bo Builder We patch attention heads in a small transformer and measure which ones carry the indirect object to the output.');
  assert.equal(made['its line breaks as spaces'], 'A Title of Four Words Ann Author, Bo Builder We patch attention heads in a small transformer and measure which ones carry the indirect object to the output.');
  // Every form must get the whole answer its own paste gets, except the two run into one line: the paper (and concepts).
  assert.deepEqual(
    PASTE_FORMS.map((f) => [f.name, f.required.join(' ')]),
    [...PASTE_FORMS.slice(0, -2).map((f) => [f.name, 'paper verdicts concepts top5']), ['in one line', 'paper concepts'], ['its line breaks as spaces', 'paper']],
  );
});

test('pdfLines: about 70 characters a line, a hyphen at each break inside a word, "fi" as a ligature; joined back it is the text', () => {
  const text = 'We find that sparse dictionaries recover interpretable features from the residual stream of small transformers trained on synthetic sequences.';
  const pdf = pdfLines(text);
  assert.ok(pdf.includes('ﬁ'));
  for (const line of pdf.split('\n').slice(0, -1)) assert.ok(line.length >= 60 && line.length <= 90 && line.endsWith('-'), line);
  assert.equal(pdf.replace(/-\n/g, '').replace(/ﬁ/g, 'fi'), text);
});

test('agreement counts each part of the answer, and the report names what differs', async () => {
  const items = [1, 2, 3].map((n): EvalItem => ({ id: `arXiv:2401.0000${n}`, query: QUERY.replace('Four', String(n)) }) as EvalItem);
  // Concepts follow a leading quote mark; the first item's earlier work differs in one line.
  const ask = async (text: string) =>
    ({
      paper: null,
      definitions: { narrowTechnical: { applies: true }, broadTechnical: { applies: true }, narrowCultural: { applies: text.includes('\n') ? null : false }, broadCultural: { applies: true } },
      concepts: [{ id: text.startsWith('>') ? 'quoted' : 'patching' }],
      precedents: [{ id: text.includes('A Title of 1 Words. ') ? 'b' : 'a' }],
    }) as unknown as Answer;
  const rows = await pasteAgreement(items, ask);
  const row = (name: string) => rows.find((r) => r.form === name)!;
  assert.deepEqual({ ...row('a chat quote'), examples: row('a chat quote').examples.length }, { form: 'a chat quote', required: ['paper', 'verdicts', 'concepts', 'top5'], items: 3, requiredSame: 0, paper: 3, verdicts: 3, concepts: 0, top5: 3, answer: 0, examples: 3 });
  assert.equal(row('markdown').answer, 3);
  // In one line only the paper and the concepts are required: other verdicts or first five still count as the same.
  assert.deepEqual([row('in one line').verdicts, row('in one line').top5, row('in one line').answer, row('in one line').requiredSame], [0, 2, 0, 3]);
  assert.equal(row('markdown').requiredSame, 3);
  assert.equal(row('in one line').examples[0], 'arXiv:2401.00001: verdicts, top5');
  const lines = pasteFormLines(rows, 'two splits');
  assert.ok(lines.includes('| a chat quote | the whole answer | 1.000 (3/3) | 1.000 (3/3) | 0.000 (0/3) | 1.000 (3/3) | 0.000 (0/3) |'), lines.join('\n'));
  assert.ok(lines.includes('- in one line: arXiv:2401.00001: verdicts, top5; arXiv:2401.00002: verdicts; arXiv:2401.00003: verdicts'), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('| in one line | paper, concepts | 1.000 (3/3) | 0.000 (0/3) |')), lines.join('\n'));
  assert.deepEqual(pasteFormLines([], 'none'), []);
  // Another concept in one line does not.
  const otherConcept = async (text: string) => ({ ...(await ask(text)), concepts: [{ id: text.includes('\n') ? 'patching' : 'probing' }] }) as Answer;
  const oneLine = (await pasteAgreement(items, otherConcept)).find((r) => r.form === 'in one line')!;
  assert.deepEqual([oneLine.requiredSame, oneLine.concepts, oneLine.paper], [0, 0, 3]);
});
