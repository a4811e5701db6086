/**
 * BibTeX for corpus papers, in the entry types reference managers expect:
 * @inproceedings for conference/workshop papers, @article for journals and preprints, @misc for posts.
 */
import type { Paper } from './corpus-schema.ts';

const JOURNAL_VENUE = /\b(TACL|Transactions|Journal|Computational Linguistics|Nature|Science|JMLR|Distill)\b/i;
const PROCEEDINGS_VENUE = /\b(ACL|EMNLP|NAACL|EACL|AACL|CoNLL|COLING|BlackboxNLP|NeurIPS|NIPS|ICML|ICLR|AAAI|IJCAI|CVPR|ICCV|ECCV|FAccT|Workshop|Conference|Proceedings|Findings)\b/i;

/** Escapes the characters BibTeX treats specially and protects capitals in titles. */
function escapeBib(text: string): string {
  return text.replace(/\\/g, '\\textbackslash{}').replace(/([&%$#_])/g, '\\$1').replace(/[{}]/g, '');
}

export function bibtexEntry(p: Paper): string {
  const fields: [string, string][] = [
    ['title', `{${escapeBib(p.title)}}`],
    ['author', p.authors.map(escapeBib).join(' and ')],
    ['year', String(p.year)],
  ];
  let type: string;
  if (p.ids.arxiv && /arxiv/i.test(p.venue)) {
    type = 'article';
    fields.push(['journal', `arXiv preprint arXiv:${p.ids.arxiv}`]);
  } else if (p.kind === 'blog' || p.kind === 'web') {
    type = 'misc';
    fields.push(['howpublished', escapeBib(p.venue)]);
  } else if (p.kind === 'book') {
    type = /thesis/i.test(p.venue) ? 'phdthesis' : 'book';
    fields.push([type === 'phdthesis' ? 'school' : 'publisher', escapeBib(p.venue)]);
  } else if (JOURNAL_VENUE.test(p.venue) && !PROCEEDINGS_VENUE.test(p.venue.replace(/Transactions of the ACL/i, ''))) {
    type = 'article';
    fields.push(['journal', escapeBib(p.venue)]);
  } else if (PROCEEDINGS_VENUE.test(p.venue)) {
    type = 'inproceedings';
    fields.push(['booktitle', escapeBib(p.venue)]);
  } else {
    type = 'misc';
    fields.push(['howpublished', escapeBib(p.venue)]);
  }
  if (p.ids.doi) fields.push(['doi', p.ids.doi]);
  if (p.ids.arxiv) fields.push(['eprint', p.ids.arxiv], ['archivePrefix', 'arXiv']);
  fields.push(['url', p.url]);
  const body = fields.map(([k, v]) => `  ${k} = {${v.replace(/^\{(.*)\}$/s, '{$1}')}}`).join(',\n');
  return `@${type}{${p.id},\n${body}\n}`;
}

export function bibtex(papers: readonly Paper[]): string {
  return papers.map(bibtexEntry).join('\n\n');
}
