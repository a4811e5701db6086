/**
 * The answer as terminal text: four verdicts with evidence, concepts, earlier work, related work.
 */
import type { ConceptEntry, PaperEntry, TermEntry } from '../core/service.ts';
import { DEFINITION_LABELS, verdictWord } from '../core/definition-labels.ts';
import { disagreementLine, droppedNote, explanationView } from '../core/explanation-view.ts';
import { DEFINITION_KEYS, type Answer, type Explanation, type PaperRef } from '../core/types.ts';



function authorsShort(authors: readonly string[]): string {
  if (authors.length <= 2) return authors.join(' & ');
  return `${authors[0]} et al.`;
}

export function renderPaperLine(p: PaperRef, n: number): string {
  return [`${n}. ${p.title}`, `   ${authorsShort(p.authors)} · ${p.year} · ${p.venue} · ${p.community}`, `   ${p.url}`, `   why: ${p.why}`].join('\n');
}

export function renderAnswerText(a: Answer, opts: { offset?: number } = {}): string {
  const out: string[] = [];
  const start = (opts.offset ?? 0) + 1;
  if (a.notices.length) out.push(...a.notices.map((n) => `note: ${n}`), '');
  // The paper the answer is about, with its link (for a fetched paper, "why" says where it was read).
  if (a.paper) out.push('The paper', renderPaperLine(a.paper, 1).replace(/^1\. /, '').replace(/^/gm, '  '), '');
  out.push('Is this mechanistic?');
  for (const key of DEFINITION_KEYS) {
    const d = a.definitions[key];
    const label = DEFINITION_LABELS[key];
    out.push(`  ${verdictWord(d.applies).padEnd(10)} ${label.name} (${label.gist})  [confidence ${d.confidence.toFixed(2)}]`);
    for (const e of d.evidence) out.push(`             - ${e}`);
  }
  out.push('', 'Concepts recognized');
  if (a.concepts.length === 0) out.push('  (none)');
  for (const c of a.concepts) {
    const aka = c.aliases.slice(0, 5);
    out.push(`  - ${c.name}${c.guess ? ' (closest guess)' : ''}${aka.length ? ` (a.k.a. ${aka.join(', ')})` : ''}  [${c.score.toFixed(2)}]`);
  }
  out.push('', 'Earlier work you may be missing');
  if (a.precedents.length === 0) out.push('  (none)');
  a.precedents.forEach((p, i) => out.push(renderPaperLine(p, start + i).replace(/^/gm, '  ')));
  out.push('', 'Related work');
  if (a.related.length === 0) out.push('  (none)');
  a.related.forEach((p, i) => out.push(renderPaperLine(p, start + i).replace(/^/gm, '  ')));
  return out.join('\n');
}

/**
 * The LLM explanation under an answer: the text, where the model's verdict differs from the rules'
 * (both shown), each sense's reason, and the papers it cites as the answer has them (`answer`: the
 * whole stored answer, so a cite beyond the page shown still has its title, year and link).
 */
export function renderExplanationText(e: Explanation, answer: Answer): string {
  const v = explanationView(e, answer);
  const out = [`Explanation (written by ${v.model} from what was retrieved above)`];
  if (v.text) out.push(`  ${v.text}`);
  else out.push('  (the model named only papers retrieval did not find: nothing of its text is shown)');
  if (v.disagreements.length > 0) out.push('', '  The model disagrees with the rules:', ...v.disagreements.map((s) => `  - ${disagreementLine(s)}`));
  out.push('', '  Its reasons:');
  for (const s of v.senses) out.push(`  - ${s.name}: ${verdictWord(s.model)}${s.reason ? ` (${s.reason})` : ''}`);
  if (v.papers.length > 0) {
    out.push('', '  Cited:');
    v.papers.forEach((p, i) => out.push(`  [${i + 1}] ${p.title} (${authorsShort(p.authors)}, ${p.year}) ${p.url}`));
  }
  const note = droppedNote(v);
  if (note) out.push('', `  note: ${note}`);
  return out.join('\n');
}

export function renderConceptText(e: ConceptEntry): string {
  const c = e.concept;
  const out = [
    `${c.name} [${c.id}]`,
    '',
    c.description,
    '',
    `MI names:   ${c.aliases.mi.join(', ') || '—'}`,
    `NLPI names: ${c.aliases.nlpi.join(', ') || '—'}`,
    `Bears on:   ${[c.bearsOn.causal ? 'causal intervention (narrow technical)' : null, c.bearsOn.internals ? `model internals (broad technical)${c.bearsOn.alsoBehavioural ? ', though also studied from behaviour alone' : ''}` : null].filter(Boolean).join('; ') || 'neither (behavioural)'}`,
    '',
    'What tends to be missed:',
    `  ${c.missed}`,
    '',
    'NLP-interpretability precedents',
  ];
  e.precedents.forEach((p, i) => out.push(renderPaperLine(p, i + 1).replace(/^/gm, '  ')));
  out.push('', 'MI examples');
  if (e.miExamples.length === 0) out.push('  (none)');
  e.miExamples.forEach((p, i) => out.push(renderPaperLine(p, i + 1).replace(/^/gm, '  ')));
  return out.join('\n');
}

export function renderPaperText(e: PaperEntry): string {
  const p = e.paper;
  const ids = Object.entries(p.ids)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}:${v}`)
    .join('  ');
  return [
    `${p.title} [${p.id}]`,
    `${p.authors.join(', ')}`,
    `${p.year} · ${p.venue} · ${p.url}${ids ? `\n${ids}` : ''}`,
    '',
    `Community: ${p.community}`,
    ...p.communityEvidence.map((e) => `  - ${e}`),
    '',
    ...(p.summary ? [`Summary: ${p.summary}`] : []),
    ...(p.abstract ? [`Abstract: ${p.abstract}`] : []),
    '',
    `Concepts: ${e.concepts.map((c) => c.name).join(', ') || '—'}`,
    '',
    e.bibtex,
  ].join('\n');
}

export function renderTermText(e: TermEntry): string {
  const t = e.term;
  return [
    `${t.term}${t.aliases.length ? ` (also: ${t.aliases.join(', ')})` : ''}`,
    '',
    t.meaning,
    '',
    `Contested: ${t.contested}`,
    ...(e.concepts.length ? ['', `Concepts: ${e.concepts.map((c) => c.name).join(', ')}`] : []),
    ...(e.papers.length ? ['', 'Read:', ...e.papers.map((p, i) => renderPaperLine(p, i + 1).replace(/^/gm, '  '))] : []),
  ].join('\n');
}
