/**
 * Reading reference lists: BibTeX (with @string macros, braces, accents), reference sections of text in
 * numbered and author–year styles (written out for real papers), and Semantic Scholar's answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referencesFromBibtex } from '../../src/app/bibtex-references.ts';
import { ReferenceListError, parseReferenceLine, referencesFromS2, referencesFromText } from '../../src/app/reference-lists.ts';

test('BibTeX: @string macros, concatenation, braces, accents and ids', () => {
  const refs = referencesFromBibtex(`
@string{acl = "Proceedings of the Annual Meeting of the ACL"}
@string{pre = {Proceedings of }}
@inproceedings{tenney2019bert,
  title = {{BERT} Rediscovers the Classical {NLP} Pipeline},
  author = {Tenney, Ian and Das, Dipanjan and Pavlick, Ellie},
  booktitle = acl,
  year = 2019,
  url = {https://aclanthology.org/P19-1452/}
}
@article{alain2016understanding,
  title = "Understanding intermediate layers using linear classifier probes",
  author = {Alain, Guillaume and Bengio, Yoshua},
  journal = pre # "arXiv:1610.01644",
  year = {2016}
}
@misc{dupre2021, title = {Discovering latent concepts with {\\'e}l{\\'e}gance}, author = {Dupr{\\'e} la Tour, Tom and others}, year = {2021}, doi = {https://doi.org/10.1234/ABC}}
`);
  assert.deepEqual(refs.map((r) => r.entry), ['tenney2019bert', 'alain2016understanding', 'dupre2021']);
  assert.equal(refs[0]!.title, 'BERT Rediscovers the Classical NLP Pipeline');
  assert.deepEqual(refs[0]!.ids, { acl: 'P19-1452' });
  assert.equal(refs[0]!.year, 2019);
  assert.deepEqual(refs[1]!.ids, { arxiv: '1610.01644' });
  assert.equal(refs[2]!.title, 'Discovering latent concepts with élégance');
  assert.deepEqual(refs[2]!.authors, ['Tom Dupré la Tour']);
  assert.deepEqual(refs[2]!.ids, { doi: '10.1234/ABC' });
});

test('BibTeX: an empty file and a broken entry are errors naming the entry and line', () => {
  assert.throws(() => referencesFromBibtex('% nothing here\n', 'refs.bib'), /refs\.bib has no BibTeX entries/);
  assert.throws(
    () => referencesFromBibtex('@article{good, title={Fine}, year={2020}}\n\n@article{broken2020,\n  title = {Never closed,\n', 'refs.bib'),
    (e: unknown) => e instanceof ReferenceListError && /refs\.bib line 3: entry broken2020: .*truncated/.test(e.message),
  );
});

// Written out from the reference lists of real papers.
const NUMBERED = `Title and abstract ...

References

[1] Guillaume Alain and Yoshua Bengio. Understanding intermediate layers using linear classifier probes. arXiv preprint arXiv:1610.01644, 2016.
[2] Jesse Vig, Sebastian Gehrmann, Yonatan Belinkov, Sharon Qian, Daniel Nevo, Yaron Singer, and Stuart Shieber. Investigating gender bias in
language models using causal mediation analysis. In Advances in Neural Information Processing Systems, 2020.
[3] Ian Tenney, Dipanjan Das, and Ellie Pavlick. BERT rediscovers the classical NLP pipeline. In Proceedings of ACL, 2019. https://aclanthology.org/P19-1452
`;

const AUTHOR_YEAR = `1 Introduction
We patch activations.

References
Atticus Geiger, Kyle Richardson, and Christopher Potts. 2020. Neural natural language inference models partially embed theories of lexical entailment and negation. In Proceedings of the Third BlackboxNLP Workshop, pages 163–173.
John Hewitt and Christopher D. Manning. 2019. A structural probe for finding syntax in word
representations. In Proceedings of NAACL, pages 4129–4138.
Mor Geva, Roei Schuster, Jonathan Berant, and Omer Levy. 2021. Transformer feed-forward layers are key-value memories. In Proceedings of EMNLP.

A Appendix
More details.
`;

test('text: a numbered references section is split into entries with titles, years and ids', () => {
  const refs = referencesFromText(NUMBERED)!;
  assert.equal(refs.length, 3);
  assert.equal(refs[0]!.title, 'Understanding intermediate layers using linear classifier probes');
  assert.deepEqual(refs[0]!.ids, { arxiv: '1610.01644' });
  assert.equal(refs[0]!.year, 2016);
  assert.equal(refs[1]!.title, 'Investigating gender bias in language models using causal mediation analysis');
  assert.equal(refs[1]!.authors[0], 'Jesse Vig');
  assert.deepEqual(refs[2]!.ids, { acl: 'P19-1452' });
  assert.ok(refs[0]!.entry.startsWith('[1] Guillaume Alain'));
});

test('text: an author–year references section, up to the appendix', () => {
  const refs = referencesFromText(AUTHOR_YEAR)!;
  assert.deepEqual(
    refs.map((r) => [r.title, r.year, r.authors[0]]),
    [
      ['Neural natural language inference models partially embed theories of lexical entailment and negation', 2020, 'Atticus Geiger'],
      ['A structural probe for finding syntax in word representations', 2019, 'John Hewitt'],
      ['Transformer feed-forward layers are key-value memories', 2021, 'Mor Geva'],
    ],
  );
  assert.equal(referencesFromText('no references heading here, just a question about probing'), null);
});

test('text: "Surname, X. (year). Title." lines', () => {
  const r = parseReferenceLine('Elazar, Y., Ravfogel, S., Jacovi, A., & Goldberg, Y. (2021). Amnesic probing: Behavioral explanation with amnesic counterfactuals. TACL, 9, 160–175.');
  assert.equal(r.year, 2021);
  assert.equal(r.title, 'Amnesic probing: Behavioral explanation with amnesic counterfactuals');
  assert.equal(r.authors[0], 'Elazar');
});

test('Semantic Scholar references become entries "title (year)" with their ids', () => {
  const refs = referencesFromS2({ truncated: false, references: [{ title: 'BERT Rediscovers the Classical NLP Pipeline', year: 2019, externalIds: { acl: 'P19-1452', doi: '10.18653/v1/p19-1452', s2: 'x' } }] });
  assert.deepEqual(refs, [{ entry: 'BERT Rediscovers the Classical NLP Pipeline (2019)', title: 'BERT Rediscovers the Classical NLP Pipeline', year: 2019, authors: [], ids: { doi: '10.18653/v1/p19-1452', acl: 'P19-1452' } }]);
});

test('text: one reference per line with the year after the title (ICLR style), links and acronyms at sentence ends', () => {
  // From the reference lists of Marks & Tegmark 2023 (arXiv 2310.06824) and McGrath et al. 2023 (arXiv 2307.15771).
  const refs = referencesFromText(`References
Guillaume Alain and Yoshua Bengio. Understanding intermediate layers using linear classifier probes, 2018.
Fahim Dalvi, Nadir Durrani, Hassan Sajjad, Yonatan Belinkov, Anthony Bau, and James R. Glass. What is one grain of sand in the desert? analyzing individual neurons in deep nlp models. In AAAI Conference on Artificial Intelligence, 2018. URL https://api.semanticscholar.org/CorpusID:56895415.
Kevin Meng, David Bau, Alex Andonian, and Yonatan Belinkov. Locating and editing factual associations in GPT. Advances in Neural Information Processing Systems, 36, 2022.
N. Elhage, T. Hume, C. Olsson, N. Schiefer, T. Henighan, S. Kravec, et al. Toy models of superposition. Transformer Circuits Thread, 2022. https://transformer-circuits.pub/2022/toy_model/index.html.
nostalgebraist. interpreting gpt: the logit lens, 2020. URL https://www.lesswrong.com/posts/AcKRB8wDpdaN6v6ru/interpreting-gpt-the-logit-lens.
`)!;
  assert.deepEqual(refs.map((r) => [r.title, r.year, r.authors[0]]), [
    ['Understanding intermediate layers using linear classifier probes', 2018, 'Guillaume Alain'],
    ['What is one grain of sand in the desert? analyzing individual neurons in deep nlp models', 2018, 'Fahim Dalvi'],
    ['Locating and editing factual associations in GPT', 2022, 'Kevin Meng'],
    ['Toy models of superposition', 2022, 'N. Elhage'],
    ['interpreting gpt: the logit lens', 2020, 'nostalgebraist'],
  ]);
});
