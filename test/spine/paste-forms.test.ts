/**
 * The same paper pasted the ways people paste it (as the eval has it; from a chat quote; as markdown; copied from a
 * paper's page with its field labels; its abstract's own markdown bold; its abstract copied from the PDF) gets the
 * same answer, through the app as it runs (use-lite, the shipped models). Texts are real eval items (arXiv metadata, CC0).
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

/** A pasted paper (title line, author line, blank line, abstract) the ways people paste it. */
function forms(query: string): Record<string, string> {
  const [title, authors, ...rest] = query.split('\n');
  const abstract = rest.join('\n').trim();
  return {
    'a chat quote': query.split('\n').map((l) => `> ${l}`).join('\n'),
    markdown: `**${title}**\n*${authors}*\n\n${abstract}`,
    "a paper page's labels": `Title:${title}\nAuthors:${authors}\n\nAbstract: ${abstract}`,
    'bold inside the abstract': `${title}\n${authors}\n\n${abstract.replace(/^(\S+ \S+ \S+)/, '**$1**')}`,
    'copied from its PDF': `${title}\n${authors}\nAbstract\n${pdfLines(abstract)}`,
    'a code block': `\`\`\`text\n${query}\n\`\`\``,
  };
}

/** An abstract as a PDF gives it: lines of about 70 characters, the word at each break hyphenated, "fi" as a ligature. */
function pdfLines(abstract: string): string {
  const lines: string[] = [];
  let rest = abstract.replace(/fi/g, 'ﬁ');
  while (rest.length > 70) {
    // Break inside the first all-lowercase word that crosses column 70, as a typesetter hyphenates.
    const m = /\b(\p{Ll}{3,})(\p{Ll}{3,})\b/u.exec(rest.slice(60));
    if (!m) break;
    const at = 60 + m.index + m[1]!.length;
    lines.push(`${rest.slice(0, at)}-`);
    rest = rest.slice(at);
  }
  return [...lines, rest].join('\n');
}

for (const id of ['arXiv:2304.00740', 'arXiv:2312.03813', 'arXiv:2505.13898']) {
  test(`the same answer however the paper is pasted: ${id}`, async () => {
    const item = loadSplit('real-fresh-22', m.corpus).find((i) => i.id === id)!;
    assert.ok(item, id);
    const want = seen(await m.ask({ text: item.query }));
    assert.match(want, /"precedents":\[\["/, 'the paste gets earlier work at all');
    for (const [how, text] of Object.entries(forms(item.query))) {
      assert.notEqual(text, item.query);
      assert.equal(seen(await m.ask({ text })), want, `${id} pasted as ${how}`);
    }
  });
}
