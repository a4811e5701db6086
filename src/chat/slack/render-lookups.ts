/**
 * Slack messages for everything that is not an answer: lookups (concept, paper, term), the
 * evidence behind the definitions, BibTeX, help, apologies. Pure functions, fitted to Slack's limits.
 */
import type { ConceptEntry, Lookup, PaperEntry, TermEntry } from '../../core/service.ts';
import type { Answer, PaperRef } from '../../core/types.ts';
import { DEFINITION_KEYS } from '../../core/types.ts';
import { context, divider, fieldsSection, fitBlocksText, header, longSections, section, type KnownBlock } from './blocks.ts';
import { escapeSlackText, slackText } from './escape.ts';
import { SLACK_LIMITS } from './limits.ts';
import { DEFINITION_LABELS } from '../../core/definition-labels.ts';
import { paperLine, verdictWord, type SlackMessage } from './render-answer.ts';

function text(s: string): string {
  return slackText(s, SLACK_LIMITS.messageText);
}

function capBlocks(blocks: KnownBlock[], max: number = SLACK_LIMITS.messageBlocks): KnownBlock[] {
  if (blocks.length <= max) return fitBlocksText(blocks);
  return fitBlocksText([...blocks.slice(0, max - 1), context([`${blocks.length - max + 1} more parts left out: Slack shows at most ${max} blocks.`])]);
}

function paperList(title: string, refs: readonly PaperRef[], withWhy: boolean): KnownBlock[] {
  if (refs.length === 0) return [];
  const lines = refs.map((p) => (withWhy && p.why ? `${paperLine(p)}\n_${escapeSlackText(p.why)}_` : paperLine(p)));
  return longSections(`*${escapeSlackText(title)}*\n${lines.join('\n\n')}`);
}

export function renderNotFound(what: string, query: string, lookup: Extract<Lookup<unknown>, { found: false }>): SlackMessage {
  const suggestions = lookup.suggestions.length > 0 ? `\nDid you mean: ${lookup.suggestions.map((s) => `\`${escapeSlackText(s)}\``).join(', ')}?` : '';
  return {
    text: text(`No ${what} "${query}": ${lookup.message}`),
    blocks: [section(`No ${what} matches *${escapeSlackText(query)}*. ${escapeSlackText(lookup.message)}${suggestions}`)],
  };
}

export function renderConceptBlocks(entry: ConceptEntry): SlackMessage {
  const c = entry.concept;
  const blocks: KnownBlock[] = [
    header(c.name),
    section(escapeSlackText(c.description)),
    fieldsSection([
      `*MI calls it*\n${escapeSlackText(c.aliases.mi.join(', ') || '—')}`,
      `*NLP interpretability calls it*\n${escapeSlackText(c.aliases.nlpi.join(', ') || '—')}`,
    ]),
    section(`*What MI work on this tends to miss*\n${escapeSlackText(c.missed)}`),
    divider(),
    ...paperList('Earlier work in NLP interpretability', entry.precedents, true),
    ...paperList('MI work on it', entry.miExamples, false),
  ];
  return { text: text(`Concept: ${c.name}`), blocks: capBlocks(blocks) };
}

export function renderPaperBlocks(entry: PaperEntry): SlackMessage {
  const p = entry.paper;
  const blocks: KnownBlock[] = [
    header(p.title),
    section(paperLine(entry.ref)),
    context([`*Why ${escapeSlackText(p.community)}:* ${escapeSlackText(p.communityEvidence.join('; '))}`]),
  ];
  const about = p.summary ?? p.abstract;
  if (about) blocks.push(...longSections(escapeSlackText(about)));
  if (entry.concepts.length > 0) blocks.push(context([`*Concepts:* ${escapeSlackText(entry.concepts.map((c) => c.name).join('; '))}`]));
  blocks.push(...longSections(escapeSlackText(entry.bibtex), (chunk) => `\`\`\`${chunk}\`\`\``, 6));
  return { text: text(`Paper: ${p.title} (${p.year})`), blocks: capBlocks(blocks) };
}

export function renderTermBlocks(entry: TermEntry): SlackMessage {
  const t = entry.term;
  const blocks: KnownBlock[] = [header(t.term)];
  if (t.aliases.length > 0) blocks.push(context([`*Also:* ${escapeSlackText(t.aliases.join(', '))}`]));
  blocks.push(section(`*What it is used to mean*\n${escapeSlackText(t.meaning)}`));
  blocks.push(section(`*Where uses disagree*\n${escapeSlackText(t.contested)}`));
  if (entry.concepts.length > 0) blocks.push(context([`*Concepts:* ${escapeSlackText(entry.concepts.map((c) => c.name).join('; '))}`]));
  blocks.push(...paperList('Papers', entry.papers, false));
  return { text: text(`Term: ${t.term}`), blocks: capBlocks(blocks) };
}

/** "Why these definitions?": each verdict with the phrases that decided it. */
export function renderEvidenceBlocks(answer: Answer): SlackMessage {
  const blocks: KnownBlock[] = [header('Why these definitions?'), ...(answer.query !== '' ? [context([`*Asked:* ${escapeSlackText(answer.query)}`])] : [])];
  for (const k of DEFINITION_KEYS) {
    const v = answer.definitions[k];
    const { name, gist } = DEFINITION_LABELS[k];
    const evidence = v.evidence.length > 0 ? v.evidence.map((e) => `• ${escapeSlackText(e)}`).join('\n') : '• no evidence either way in what was given';
    blocks.push(section(`*${name}* (${escapeSlackText(gist)}): *${verdictWord(v)}*\n${evidence}`));
  }
  blocks.push(
    context([
      'The four senses nest: narrow technical implies broad technical; broad technical or narrow cultural implies broad cultural.',
    ]),
  );
  return { text: text(`Why these definitions? ${answer.query || answer.paper?.title || ''}`.trim()), blocks: capBlocks(blocks) };
}

export function renderBibtexBlocks(bibtex: string, count: number): SlackMessage {
  if (bibtex.trim() === '') return { text: 'No earlier work on this page to cite.', blocks: [section('No earlier work on this page to cite.')] };
  const blocks = longSections(escapeSlackText(bibtex.trim()), (chunk) => `\`\`\`${chunk}\`\`\``, 6);
  return { text: text(`BibTeX for ${count} earlier work${count === 1 ? '' : 's'}`), blocks: capBlocks(blocks) };
}

export function renderHelpBlocks(command: string): SlackMessage {
  const c = command;
  const rows: [string, string][] = [
    [`${c} <question, title, abstract or arXiv/ACL link>`, 'Which of the four senses of "mechanistic" apply, the concepts involved, and the earlier NLP-interpretability work on them.'],
    [`${c} ask <text>`, 'The same, for a question that starts with one of the command words.'],
    [`${c} private <text>`, 'Answer only you.'],
    [`${c} concept <name>`, 'A concept under both vocabularies, its earlier work and MI examples.'],
    [`${c} paper <arXiv id, ACL id or title>`, 'One paper: facts, community, concepts, BibTeX.'],
    [`${c} term <word>`, 'A contested word (faithful, plausible, feature…): what it is taken to mean and where uses disagree.'],
    [`${c} check <arXiv/ACL/DOI link or id>`, 'Which earlier NLP-interpretability work on the paper\'s concepts it cites (✓) and which it misses (✗), from its reference list.'],
    [`${c} digest on|off|preview`, 'A weekly digest of rediscovered ideas in this channel.'],
    [`${c} digest papers on|off`, "Whether the digest shows the week's new interpretability papers; `digest topics probing` keeps those on chosen concepts."],
    [`${c} lineage <concept>`, 'A timeline of a concept.'],
    [`${c} unfurl on|off`, 'Paper links posted here (arXiv, ACL Anthology, OpenReview, DOI) get a card: the four senses and the earliest work. On by default.'],
    [`${c} help`, 'This message.'],
  ];
  const blocks: KnownBlock[] = [
    header('mechanistic: is this mechanistic, and who did it first?'),
    section(
      escapeSlackText(
        'For a paper, method or claim, I say which of the four senses of "mechanistic" (Saphra & Wiegreffe 2024) it meets and list earlier NLP-interpretability work it may be rediscovering.',
      ),
    ),
    section(rows.map(([usage, what]) => `\`${escapeSlackText(usage)}\`\n${escapeSlackText(what)}`).join('\n')),
    section(
      [
        '*Examples*',
        `\`${escapeSlackText(c)} is activation patching just causal mediation analysis?\``,
        `\`${escapeSlackText(c)} https://arxiv.org/abs/2202.05262\``,
        `\`${escapeSlackText(c)} concept probing\``,
        `\`${escapeSlackText(c)} check https://arxiv.org/abs/2202.05262\``,
        `\`${escapeSlackText(c)} term faithful\``,
        'Mention me in a thread (`@mechanistic is this just probing?`) or use the message shortcut *Is this mechanistic?* on any message.',
      ].join('\n'),
    ),
  ];
  return { text: 'mechanistic: commands and examples', blocks };
}

export function renderUsageBlocks(message: string): SlackMessage {
  return { text: text(message), blocks: [section(escapeSlackText(message))] };
}

export function renderApologyBlocks(referenceId: string): SlackMessage {
  const msg = `Sorry, I could not answer that. Reference: ${referenceId} (the maintainers can find the error in the logs with it).`;
  return { text: text(msg), blocks: [section(`:warning: ${escapeSlackText(msg)}`)] };
}

export function renderNotAvailableBlocks(command: string): SlackMessage {
  const msg = `\`${command}\` is not available yet on this installation.`;
  return { text: text(msg.replace(/`/g, '')), blocks: [section(escapeSlackText(msg))] };
}
