/**
 * The LLM explanation as Discord pages (the "Explain" button's reply): the text with papers as [n],
 * where the model and the rules disagree (both verdicts, the rules' standing), each sense's reason,
 * and the cited papers as the stored answer has them. Pure.
 */
import { disagreementLine, droppedNote, explanationView } from '../../core/explanation-view.ts';
import type { Answer, Explanation } from '../../core/types.ts';
import { verdictWord } from './definitions.ts';
import { escapeText, link } from './markdown.ts';
import { paginate, type Page } from './page.ts';

export function renderExplanation(e: Explanation, answer: Answer): Page[] {
  const v = explanationView(e, answer);
  const note = droppedNote(v);
  return paginate({
    title: 'In plain words',
    description: [
      escapeText(v.text || 'The model named only papers that were not retrieved: nothing of its text is shown.'),
      '',
      `*Written by ${escapeText(v.model)} from the papers found; the verdicts in the answer are the rule-based ones.*`,
    ],
    sections: [
      ...(v.disagreements.length > 0
        ? [{ name: 'The model disagrees with the rules', lines: v.disagreements.map((s) => `⚠️ ${escapeText(disagreementLine(s))}${s.reason ? `\n  ↳ ${escapeText(s.reason)}` : ''}`) }]
        : []),
      { name: 'Its reasons', lines: v.senses.filter((s) => s.agrees).map((s) => `${verdictWord(s.model).icon} **${s.name}**: ${escapeText(s.reason || '—')}`) },
      ...(v.papers.length > 0 ? [{ name: 'Cited', lines: v.papers.map((p, i) => `[${i + 1}] ${link(p.title, p.url)} · ${escapeText(p.authors[0] ?? 'unknown')}${p.authors.length > 1 ? ' et al.' : ''} (${p.year})`) }] : []),
    ],
    footer: note ?? 'Only papers retrieval found can be cited.',
  });
}
