/**
 * Narrow cultural for a paper read from a source: from its lead authors (matched against the corpus's
 * labels), its channel and its venue — never from its wording. Hand-built corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Community, Corpus, Paper } from '../../src/core/corpus-schema.ts';
import { classifyDefinitions } from '../../src/core/definitions.ts';
import { fetchedCulture, pastedCulture, unplacedAuthors } from '../../src/core/fetched-culture.ts';
import type { FetchedPaper } from '../../src/core/types.ts';
import { fixturePaper } from '../helpers/fixture-paper.ts';

function paper(id: string, authors: string[], community: Community): Paper {
  return fixturePaper(id, community, { title: `Paper ${id}`, authors, summary: 'fixture' });
}

const CORPUS: Corpus = {
  papers: new Map(
    [
      paper('mi1', ['Neel Nanda', 'Ada Circuit'], 'MI'),
      paper('mi2', ['Neel Nanda'], 'MI'),
      paper('mi3', ['Only Once'], 'MI'),
      paper('nl1', ['Yonatan Belinkov', 'Ada Circuit'], 'NLPI'),
      paper('nl2', ['Yonatan Belinkov'], 'NLPI'),
      paper('nl3', ['Yonatan Belinkov', 'Rita Probe'], 'NLPI'),
      paper('both1', ['Ada Circuit'], 'MI'),
    ].map((p) => [p.id, p]),
  ),
  concepts: new Map(),
  glossary: new Map(),
};

const fetched = (extra: Partial<FetchedPaper>): FetchedPaper => ({
  id: 'arxiv:2501.00001',
  title: 'A new paper',
  authors: ['Someone Else'],
  year: 2025,
  venue: 'arXiv',
  url: 'https://arxiv.org/abs/2501.00001',
  source: 'arXiv',
  ...extra,
});

test('authors none of whom wrote an MI corpus paper: not MI-community work, with the lowest confidence of the rules', () => {
  const v = fetchedCulture(fetched({ authors: ['Someone Else', 'Other Person'], categories: ['cs.CL', 'cs.LG'] }), CORPUS)!;
  assert.equal(v.applies, false);
  assert.equal(v.confidence, 0.55);
  assert.deepEqual(v.evidence, ['authors: none of its 2 authors wrote any of the 4 corpus papers labelled MI, so as far as the corpus knows it does not come from the MI community']);
  // One author with a single MI paper, or with MI and NLPI papers, is enough to leave it "can't tell" (arXiv categories are not evidence).
  assert.equal(fetchedCulture(fetched({ authors: ['Someone Else', 'Only Once'], categories: ['cs.CL'] }), CORPUS), null);
  assert.equal(fetchedCulture(fetched({ authors: ['Ada Circuit', 'Someone Else'] }), CORPUS), null);
  // No authors given: nothing to go on.
  assert.equal(fetchedCulture(fetched({ authors: [] }), CORPUS), null);
});

test('authors whose corpus papers lean NLPI (a few MI papers, at least twice as many NLPI) → not MI-community work', () => {
  // Leads unknown (rule 1 says nothing); together the authors wrote 1 MI and 3 NLPI corpus papers.
  const v = fetchedCulture(fetched({ authors: ['Jane Doe', 'Yonatan Belinkov', 'Only Once'] }), CORPUS)!;
  assert.equal(v.applies, false);
  assert.equal(v.confidence, 0.55);
  assert.match(v.evidence[0]!, /together they wrote 3 corpus papers labelled NLPI and 1 labelled MI/);
  // 2 MI and 1 NLPI (Ada Circuit): no lean, "can't tell"; 1 MI and 2 NLPI: not enough NLPI work to lean.
  assert.equal(fetchedCulture(fetched({ authors: ['Jane Doe', 'Ada Circuit', 'John Roe'] }), CORPUS), null);
  assert.equal(fetchedCulture(fetched({ authors: ['Jane Doe', 'Rita Probe', 'Only Once'] }), CORPUS), null);
});

test('a lead author with two MI corpus papers and no NLPI one → MI, naming the papers', () => {
  const v = fetchedCulture(fetched({ authors: ['Jane Doe', 'Neel Nanda'] }), CORPUS)!;
  assert.equal(v.applies, true);
  assert.match(v.evidence[0]!, /Neel Nanda \(last author\) wrote 2 corpus papers labelled MI/);
  assert.match(v.evidence[0]!, /"Paper mi1"/);
});

test('a lead author with NLPI corpus papers only → not MI', () => {
  const v = fetchedCulture(fetched({ authors: ['Yonatan Belinkov', 'Jane Doe'] }), CORPUS)!;
  assert.equal(v.applies, false);
  assert.match(v.evidence[0]!, /first author/);
});

test('conservative: one corpus paper, an author on both sides, a middle author, or leads that disagree say nothing', () => {
  assert.equal(fetchedCulture(fetched({ authors: ['Only Once'] }), CORPUS), null, 'one paper is not enough');
  assert.equal(fetchedCulture(fetched({ authors: ['Ada Circuit'] }), CORPUS), null, 'Ada Circuit has MI and NLPI papers');
  assert.equal(fetchedCulture(fetched({ authors: ['Jane Doe', 'Neel Nanda', 'John Roe'] }), CORPUS), null, 'only the first and last author lead');
  assert.equal(fetchedCulture(fetched({ authors: ['Neel Nanda', 'Yonatan Belinkov'] }), CORPUS), null, 'first and last disagree');
});

test('an ACL venue or Anthology id → NLPI; an MI channel → MI', () => {
  const acl = fetchedCulture(fetched({ publishedIn: 'Findings of EMNLP 2024' }), CORPUS)!;
  assert.equal(acl.applies, false);
  assert.match(acl.evidence[0]!, /Findings of EMNLP 2024 is an ACL venue/);
  assert.equal(fetchedCulture(fetched({ aclId: '2024.blackboxnlp-1.3' }), CORPUS)!.applies, false);
  assert.equal(fetchedCulture(fetched({ authors: ['Only Once'], publishedIn: 'NeurIPS 2024' }), CORPUS), null, 'an ML venue says nothing');
  const mi = fetchedCulture(fetched({ url: 'https://transformer-circuits.pub/2024/x/index.html' }), CORPUS)!;
  assert.equal(mi.applies, true);
  assert.match(mi.evidence[0]!, /Transformer Circuits/);
});

test('authors outrank the venue; the venue line stays, marked outweighed', () => {
  const v = fetchedCulture(fetched({ authors: ['Neel Nanda'], publishedIn: 'EMNLP 2024' }), CORPUS)!;
  assert.equal(v.applies, true);
  assert.equal(v.evidence.length, 2);
  assert.match(v.evidence[1]!, /outweighed by the authors rule/);
  assert.ok(v.confidence < 0.7);
});

test('classifyDefinitions uses the fetched verdict, and MI makes it interpretability research', () => {
  const d = classifyDefinitions({
    text: 'A new paper about something',
    concepts: [],
    channels: [],
    paper: null,
    fetchedCulture: fetchedCulture(fetched({ authors: ['Neel Nanda'] }), CORPUS),
  });
  assert.equal(d.narrowCultural.applies, true);
  assert.equal(d.broadCultural.applies, true);
  const none = classifyDefinitions({ text: 'we probe hidden states of a model for interpretability', concepts: [], channels: [], paper: null, fetchedCulture: null });
  assert.equal(none.narrowCultural.applies, null);
});

test('lead authors of one community writing with an author who leans to the other: a mixed group, "can\'t tell"', () => {
  // Neel Nanda (2 MI papers, first author) places it in MI; Yonatan Belinkov in the middle wrote 3 NLPI corpus papers and none MI.
  const mixed = fetchedCulture(fetched({ authors: ['Neel Nanda', 'Yonatan Belinkov', 'Someone Else'] }), CORPUS)!;
  assert.equal(mixed.applies, null);
  assert.match(mixed.evidence.at(-1)!, /mixed group: Yonatan Belinkov wrote 3 corpus papers labelled NLPI \(and 0 labelled MI\)/);
  // The same in the other direction: NLPI leads with an MI-leaning author.
  assert.equal(fetchedCulture(fetched({ authors: ['Yonatan Belinkov', 'Neel Nanda', 'Rita Probe'] }), CORPUS)!.applies, null);
  // Co-authors with a single paper of the other community, or on both sides in balance, do not make a mixed group.
  assert.equal(fetchedCulture(fetched({ authors: ['Neel Nanda', 'Rita Probe', 'Someone Else'] }), CORPUS)!.applies, true);
  assert.equal(fetchedCulture(fetched({ authors: ['Neel Nanda', 'Ada Circuit', 'Someone Else'] }), CORPUS)!.applies, true);
  // The verdict reaches narrow cultural as "can't tell".
  const d = classifyDefinitions({ text: 'We patch attention heads to find a circuit.', concepts: [], channels: [], paper: null, fetchedCulture: mixed });
  assert.equal(d.narrowCultural.applies, null);
});

test('a prolific author with a few papers on the other side still leads: at least four times as many', () => {
  const papers = [
    ...['a', 'b', 'c', 'd'].map((x) => paper(`nl-${x}`, ['Prolific Prober'], 'NLPI')),
    paper('mi-1', ['Prolific Prober', 'Neel Nanda'], 'MI'),
    ...['a', 'b'].map((x) => paper(`nl2-${x}`, ['Balanced Author'], 'NLPI')),
    paper('mi-2', ['Balanced Author'], 'MI'),
  ];
  const corpus: Corpus = { ...CORPUS, papers: new Map([...CORPUS.papers, ...papers.map((p): [string, Paper] => [p.id, p])]) };
  const v = fetchedCulture(fetched({ authors: ['Prolific Prober', 'Someone Else'] }), corpus)!;
  assert.equal(v.applies, false, '4 NLPI papers and 1 MI: leads NLPI');
  assert.match(v.evidence[0]!, /Prolific Prober \(first author\) wrote 4 corpus papers labelled NLPI and 1 labelled MI/);
  // Two to one is too close to call for the lead rule (and too few papers for the weaker rule 4).
  assert.equal(fetchedCulture(fetched({ authors: ['Balanced Author', 'Someone Else'] }), corpus), null);
  // An author with no paper on the other side reads as before.
  assert.match(fetchedCulture(fetched({ authors: ['Yonatan Belinkov'] }), CORPUS)!.evidence[0]!, /wrote 3 corpus papers labelled NLPI and none labelled MI/);
});

test("pasted authors no rule can place: the can't-tell line says what the corpus knows of them, never that known leads are unknown", () => {
  // Leads of different communities (3 NLPI papers; 2 MI papers), and the group's 2 MI to 3 NLPI is not lean enough for rule 4.
  const split = ['Yonatan Belinkov', 'Neel Nanda'];
  assert.equal(pastedCulture({ authors: split }, CORPUS), null);
  const line = unplacedAuthors(split, CORPUS);
  assert.equal(
    line,
    'authors: Yonatan Belinkov (first author) wrote 0 corpus papers labelled MI and 3 labelled NLPI; Neel Nanda (last author) wrote 2 corpus papers labelled MI and 0 labelled NLPI: the lead authors point to different communities, and it names no venue or channel: add the venue or a link',
  );
  const d = classifyDefinitions({ text: 'We probe hidden states of a language model.', concepts: [], channels: [], paper: null, fetchedCulture: null, pastedAuthors: line });
  assert.equal(d.narrowCultural.applies, null);
  assert.equal(d.narrowCultural.evidence[0], line);
  // Unknown leads; a co-author with one MI paper keeps rule 4 from saying "no".
  const thin = ['Jane Doe', 'Only Once', 'John Roe'];
  assert.equal(pastedCulture({ authors: thin }, CORPUS), null);
  assert.equal(
    unplacedAuthors(thin, CORPUS),
    'authors: Jane Doe (first author) wrote no corpus paper labelled MI or NLPI; John Roe (last author) wrote no corpus paper labelled MI or NLPI; its other authors together wrote 1 labelled MI and 0 labelled NLPI: the lead authors are not known to the corpus as leads of either community, and it names no venue or channel: add the venue or a link',
  );
  // A lead with one MI paper and the other unknown: known, but too thin a record to place the paper.
  assert.match(unplacedAuthors(['Only Once', 'Someone Else'], CORPUS), /Only Once \(first author\) wrote 1 corpus paper labelled MI and 0 labelled NLPI; Someone Else \(last author\) wrote no corpus paper labelled MI or NLPI: too few or too mixed corpus papers to place it/);
});

test('a pasted paper found by its title: an MI organisation in its header ranks after the source\'s facts and before "no MI author"', () => {
  const header = { authors: ['Someone Else', 'Other Person'], miAffiliation: 'Anthropic' };
  const v = fetchedCulture(fetched({ authors: ['Someone Else', 'Other Person'] }), CORPUS, header)!;
  assert.equal(v.applies, true);
  assert.deepEqual(v.evidence, ['affiliation: Anthropic, an organisation of the MI community, is named in the pasted header']);
  // Lead authors the corpus places still decide.
  assert.equal(fetchedCulture(fetched({ authors: ['Yonatan Belinkov', 'Rita Probe'] }), CORPUS, header)!.applies, false);
  // Without the header, the same authors are "no MI author".
  assert.equal(fetchedCulture(fetched({ authors: ['Someone Else', 'Other Person'] }), CORPUS)!.applies, false);
});
