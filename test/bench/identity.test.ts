/**
 * The paper-identity benchmark's inputs are what its section says they are: short questions that name no paper, and
 * corpus papers' pasted abstracts that the identity steps find, by their title line and, in one line, by its opening.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityInputs } from '../../scripts/bench/identity.ts';
import { paperNamedIn } from '../../src/core/answer.ts';
import { cleanPaste, pastedFacts } from '../../src/core/input.ts';
import { loadSplit } from '../../scripts/eval/dataset.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import { loadCorpus } from '../../src/corpus/load.ts';

test('the identity benchmark times questions naming no paper and abstracts found by their title, on lines or in one line', () => {
  const corpus = loadCorpus();
  const resolver = new PaperResolver(corpus);
  const [sentences, abstracts, oneLine, real, spaced] = identityInputs(corpus, true);
  assert.deepEqual(
    [sentences!.label, abstracts!.label, oneLine!.label, real!.label, spaced!.label],
    ['one sentence', 'pasted abstract', 'pasted abstract, in one line', 'real paper with its authors, in one line', 'another, its line breaks as spaces'],
  );
  const found = (text: string) => {
    const named = paperNamedIn(cleanPaste(text), resolver, true);
    return named && 'paper' in named ? named.paper.id : undefined;
  };
  for (const q of sentences!.texts) assert.equal(found(q), undefined, q);
  abstracts!.texts.forEach((text, i) => {
    const title = text.split('\n')[0]!;
    assert.ok(found(text), title);
    assert.ok(!oneLine!.texts[i]!.includes('\n') && oneLine!.texts[i]!.startsWith(`${title}. `), oneLine!.texts[i]!.slice(0, 80));
    assert.equal(found(oneLine!.texts[i]!), found(text), title);
  });
  // Papers of fresh-24 with every line break a space: other papers than those run into one line.
  loadSplit('real-fresh-24', corpus)
    .slice(0, spaced!.texts.length)
    .forEach((item, i) => assert.equal(spaced!.texts[i], item.query.trim().split(/\s*\n\s*/).filter(Boolean).join(' ')));
  // Real papers run into one line: the first of fresh-20, each with the author names its own paste has read from them.
  const items = loadSplit('real-fresh-20', corpus).slice(0, real!.texts.length);
  assert.equal(real!.texts.length, 20);
  real!.texts.forEach((text, i) => {
    assert.ok(!text.includes('\n'), text.slice(0, 80));
    const own = pastedFacts(cleanPaste(items[i]!.query)).authors;
    assert.ok(own.length > 0, items[i]!.query.slice(0, 80));
    assert.deepEqual(pastedFacts(cleanPaste(text)).authors, own, text.slice(0, 80));
  });
});
