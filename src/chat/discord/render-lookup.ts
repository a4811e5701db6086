/**
 * Concept, paper and term lookups, help, and short notices → Discord pages. Pure.
 */
import type { ConceptEntry, Lookup, PaperEntry, TermEntry } from '../../core/service.ts';
import { SEED_CITATION } from './definitions.ts';
import { escapeText } from './markdown.ts';
import { codePages, paginate, textPages, type Page } from './page.ts';
import { paperLine } from './render-answer.ts';

const FOOTER = `mechanistic · four senses from ${SEED_CITATION}`;

function list(items: readonly string[]): string {
  return items.length > 0 ? items.map(escapeText).join(', ') : 'none recorded';
}

export function renderConcept(entry: ConceptEntry): Page[] {
  const c = entry.concept;
  return paginate({
    title: c.name,
    description: [
      escapeText(c.description),
      '',
      `**In MI it is called:** ${list(c.aliases.mi)}`,
      `**In NLP interpretability:** ${list(c.aliases.nlpi)}`,
      '',
      `**What MI work on it tends to miss:** ${escapeText(c.missed)}`,
    ],
    sections: [
      {
        name: 'Earlier NLP-interpretability work',
        lines: entry.precedents.length > 0 ? entry.precedents.map((p, i) => paperLine(p, `**${i + 1}.**`)) : ['None curated yet.'],
      },
      { name: 'MI work on it', lines: entry.miExamples.map((p) => paperLine({ ...p, why: '' }, '•')) },
    ],
    footer: FOOTER,
  });
}

export function renderPaper(entry: PaperEntry): Page[] {
  const p = entry.paper;
  const about = p.summary ?? p.abstract ?? '';
  const pages = paginate({
    title: p.title,
    url: p.url,
    description: [
      `${escapeText(p.authors.join(', '))} (${p.year}), ${escapeText(p.venue)}`,
      '',
      escapeText(about),
      '',
      `**Community:** ${entry.ref.community}`,
      ...p.communityEvidence.map((e) => `• ${escapeText(e)}`),
    ],
    sections: [{ name: 'Concepts', lines: entry.concepts.map((c) => `**${escapeText(c.name)}**`) }],
    footer: FOOTER,
  });
  return [...pages, ...codePages(splitBibtex(entry.bibtex), 'bibtex')];
}

export function renderTerm(entry: TermEntry): Page[] {
  const t = entry.term;
  return paginate({
    title: t.term,
    description: [
      escapeText(t.meaning),
      '',
      `**Where uses disagree:** ${escapeText(t.contested)}`,
      ...(t.aliases.length > 0 ? ['', `**Also written:** ${list(t.aliases)}`] : []),
    ],
    sections: [
      { name: 'Papers', lines: entry.papers.map((p) => paperLine({ ...p, why: '' }, '•')) },
      { name: 'Concepts', lines: entry.concepts.map((c) => `**${escapeText(c.name)}**`) },
    ],
    footer: FOOTER,
  });
}

/** A lookup that found nothing: the core's message and its suggestions. */
export function renderNotFound(miss: Extract<Lookup<unknown>, { found: false }>): Page[] {
  const suggestions = miss.suggestions.length > 0 ? `\nDid you mean: ${miss.suggestions.map((s) => `\`${s.replace(/`/g, '')}\``).join(', ')}?` : '';
  return textPages(miss.message + suggestions);
}

/** BibTeX as fenced blocks of whole entries, at most one message each. */
export function renderBibtex(bibtex: string): Page[] {
  const entries = splitBibtex(bibtex);
  return entries.length > 0 ? codePages(entries, 'bibtex') : textPages('No BibTeX: this answer lists no papers.');
}

function splitBibtex(bibtex: string): string[] {
  return bibtex
    .split(/\n(?=@)/)
    .map((e) => e.trim())
    .filter(Boolean);
}

export function renderHelp(): Page[] {
  return paginate({
    title: 'mechanistic: is this paper “mechanistic”, and what came before it?',
    description: [
      'I say in which of four senses a paper, method or question is “mechanistic”, and point to the earlier NLP-interpretability work it may be rediscovering.',
    ],
    sections: [
      {
        name: 'Commands',
        lines: [
          '`/mechanistic ask query:` a question, a method, a title and abstract, or a paper link. Add `private:True` to see the answer alone.',
          '`/mechanistic concept name:` one idea in both vocabularies (MI and NLP interpretability), with its earlier work.',
          '`/mechanistic paper query:` one paper from the corpus: facts, community, concepts, BibTeX.',
          '`/mechanistic term word:` contested words such as faithful, plausible, feature, illusion.',
          '`/mechanistic check link:` which earlier NLP-interpretability work on the paper’s concepts it cites (✓) and which it misses (✗), from its reference list.',
          '`/mechanistic digest action:` a weekly digest of what this channel asked: on (optionally `timezone:` and `at:`), off, preview, status, keep-text on/off, papers on/off (the week\'s new interpretability papers), topics (with `topics:`).',
          '`/mechanistic lineage concept:` a timeline picture of a concept: earlier NLP-interpretability work and MI work on it.',
          '`/mechanistic help` this message.',
        ],
      },
      {
        name: 'Elsewhere',
        lines: [
          'Right-click a message → **Apps → Is this mechanistic?** to ask about that message.',
          'In reading-group channels the admins enabled, mention me with your question.',
          'Under each answer: **More earlier work**, **Why these definitions?**, **BibTeX**, and **Wrong precedent?** to tell the curators.',
        ],
      },
      {
        name: 'Examples',
        lines: [
          '`/mechanistic ask query: activation patching finds the heads that do indirect object identification`',
          '`/mechanistic concept name: probing`',
          '`/mechanistic term word: faithful`',
          '`/mechanistic check link: https://arxiv.org/abs/2202.05262`',
        ],
      },
    ],
    footer: FOOTER,
  });
}
