/**
 * The same paper pasted the ways people paste it: from a chat quote, as markdown, with a paper page's field labels, in
 * a code block, copied from its PDF, or run into one line. The eval answers each real paper of the later splits in
 * every form and counts how often the answer is the one its own paste (title line, author line, blank line, abstract)
 * gets; the decorated forms must always get it (a gate), the one-line form is reported.
 */
import type { Answer } from '../../src/core/types.ts';
import { DEFINITION_KEYS } from '../../src/core/types.ts';
import type { EvalItem } from './dataset.ts';

export interface PasteForm {
  name: string;
  /** The item's paste (title line, header lines, blank line, abstract) in this form. */
  make(query: string): string;
  /** The parts of the answer that must be the same as for the item's own paste (an eval gate); all four for most forms. */
  required: readonly AnswerPart[];
}

/** What a reader sees of an answer, part by part (answerParts). */
export type AnswerPart = 'paper' | 'verdicts' | 'concepts' | 'top5';
export const ANSWER_PARTS: readonly AnswerPart[] = ['paper', 'verdicts', 'concepts', 'top5'];

/** A paste's parts: its title line, the header lines under it, and the abstract after the first blank line. */
function parts(query: string): { title: string; header: string[]; abstract: string } {
  const lines = query.trim().split('\n');
  const blank = lines.findIndex((l) => l.trim() === '');
  const head = blank < 0 ? lines.slice(0, 1) : lines.slice(0, blank);
  const body = blank < 0 ? lines.slice(1) : lines.slice(blank + 1);
  return { title: head[0]!.trim(), header: head.slice(1).map((l) => l.trim()), abstract: body.join('\n').trim() };
}

/** An abstract as a PDF gives it: lines of about 70 characters, the word at each break hyphenated, "fi" as a ligature. */
export function pdfLines(abstract: string): string {
  const lines: string[] = [];
  let rest = abstract.replace(/\s*\n\s*/g, ' ').replace(/fi/g, 'ﬁ');
  while (rest.length > 70) {
    // Break inside the first all-lowercase word of six or more letters from column 60, as a typesetter hyphenates.
    const m = /\b(\p{Ll}{3,})(\p{Ll}{3,})\b/u.exec(rest.slice(60));
    if (!m) break;
    const at = 60 + m.index + m[1]!.length;
    lines.push(`${rest.slice(0, at)}-`);
    rest = rest.slice(at);
  }
  return [...lines, rest].join('\n');
}

export const PASTE_FORMS: readonly PasteForm[] = [
  { name: 'a chat quote', make: (q) => q.trim().split('\n').map((l) => `> ${l}`).join('\n'), required: ANSWER_PARTS },
  {
    name: 'markdown',
    make: (q) => {
      const p = parts(q);
      return [`**${p.title}**`, ...p.header.map((h) => `*${h}*`), '', p.abstract].join('\n');
    },
    required: ANSWER_PARTS,
  },
  {
    name: "a paper page's labels",
    make: (q) => {
      const p = parts(q);
      return [`Title:${p.title}`, ...p.header.map((h, i) => (i === 0 ? `Authors:${h}` : h)), '', `Abstract: ${p.abstract}`].join('\n');
    },
    required: ANSWER_PARTS,
  },
  { name: 'a code block', make: (q) => `\`\`\`text\n${q.trim()}\n\`\`\``, required: ANSWER_PARTS },
  {
    name: 'copied from its PDF',
    make: (q) => {
      const p = parts(q);
      return [p.title, ...p.header, 'Abstract', pdfLines(p.abstract)].join('\n');
    },
    required: ANSWER_PARTS,
  },
  {
    // The header lines run into the paragraph too. Put back on lines of their own (src/core/input.ts `cleanPaste`,
    // `runOnHeader`), the title and the names before the abstract are read as the paste's: the paper and the concepts
    // are required. A lone author's name cannot be told from an abstract's capitalized opening words ("Large Language
    // Models…"), and a three-word last name loses its last word, so the verdicts and the first five are reported only.
    name: 'in one line',
    make: (q) => {
      const p = parts(q);
      return [`${p.title}${/[.?!]$/.test(p.title) ? '' : '.'}`, ...p.header, p.abstract.replace(/\s*\n\s*/g, ' ')].join(' ');
    },
    required: ['paper', 'concepts'],
  },
  {
    // Every line break turned into a space, as Discord's command box and some mail clients paste a paper's page: no stop
    // after the title either. The title ends where the names begin (runOnHeader), or, for a lone author, the corpus
    // title the line opens with is the paper (PaperResolver.byTitleWithin): the paper is required, the rest reported.
    name: 'its line breaks as spaces',
    make: (q) =>
      q
        .trim()
        .split(/\s*\n\s*/)
        .filter((l) => l.length > 0)
        .join(' '),
    required: ['paper'],
  },
];

/** What a reader sees of an answer, in parts: the paper, the four verdicts, the concepts, the first five earlier works. */
export function answerParts(a: Answer): Record<AnswerPart, string> {
  return {
    paper: a.paper?.id ?? '',
    verdicts: DEFINITION_KEYS.map((k) => String(a.definitions[k].applies)).join(' '),
    concepts: a.concepts.map((c) => c.id).join(' '),
    top5: a.precedents
      .slice(0, 5)
      .map((p) => p.id)
      .join(' '),
  };
}

export interface PasteAgreement {
  form: string;
  /** The parts the form must get the same (a gate), none when it is only reported. */
  required: readonly AnswerPart[];
  items: number;
  /** Items whose answer in this form has every required part the same. */
  requiredSame: number;
  /** Items whose answer in this form has the same paper, verdicts, concepts, first five earlier works, and all four. */
  paper: number;
  verdicts: number;
  concepts: number;
  top5: number;
  answer: number;
  /** Up to five items whose answer differs, with what differs. */
  examples: string[];
}

/** Each form's agreement with the items' own pastes, answered by `ask`. */
export async function pasteAgreement(items: readonly EvalItem[], ask: (text: string) => Promise<Answer>): Promise<PasteAgreement[]> {
  const own = new Map<EvalItem, ReturnType<typeof answerParts>>();
  for (const item of items) own.set(item, answerParts(await ask(item.query)));
  const out: PasteAgreement[] = [];
  for (const form of PASTE_FORMS) {
    const row: PasteAgreement = { form: form.name, required: form.required, items: 0, requiredSame: 0, paper: 0, verdicts: 0, concepts: 0, top5: 0, answer: 0, examples: [] };
    for (const item of items) {
      const want = own.get(item)!;
      const got = answerParts(await ask(form.make(item.query)));
      const differs = ANSWER_PARTS.filter((k) => want[k] !== got[k]);
      row.items++;
      for (const k of ANSWER_PARTS) if (!differs.includes(k)) row[k]++;
      if (!form.required.some((k) => differs.includes(k))) row.requiredSame++;
      if (differs.length === 0) row.answer++;
      else if (row.examples.length < 5) row.examples.push(`${item.id ?? item.query.slice(0, 40)}: ${differs.join(', ')}`);
    }
    out.push(row);
  }
  return out;
}

/** A form's "required" cell: every part ("the whole answer"), the parts named, or none ("no"). */
function requiredCell(parts: readonly AnswerPart[]): string {
  if (parts.length === ANSWER_PARTS.length) return 'the whole answer';
  return parts.length === 0 ? 'no' : parts.map((p) => PART_NAMES[p]).join(', ');
}
const PART_NAMES: Record<AnswerPart, string> = { paper: 'paper', verdicts: 'verdicts', concepts: 'concepts', top5: 'first 5' };

/** The report's section: one row per form. */
export function pasteFormLines(rows: readonly PasteAgreement[], splits: string): string[] {
  if (rows.length === 0) return [];
  const share = (n: number, of: number) => `${(n / of).toFixed(3)} (${n}/${of})`;
  const out = [
    '## Same paper, pasted differently',
    '',
    `Every real paper of ${splits} answered by the hybrid as the bot answers today, pasted the eval's way (title line,`,
    'author line, blank line, abstract) and each other way below (scripts/eval/paste-forms.ts): the share of papers whose',
    'answer in that form names the same paper, gives the same four verdicts, recognizes the same concepts, lists the same',
    'first five earlier works, and all four at once. What a form\'s "required" column names is an eval gate: a paste is read',
    'as typed (src/core/input.ts `cleanPaste`). Run into one line, the author line joins the paragraph; the title and the',
    'names between it and the abstract are put back on lines of their own (`runOnHeader`), so the paper and the concepts',
    'are required. A lone author cannot be told from an abstract\'s capitalized opening words, and a three-word last name',
    'loses its last word: the verdicts and the first five are reported. With every line break a space and no stop after',
    'the title (Discord\'s command box), the title ends where the names begin; the paper is required.',
    '',
    '| form | required | same paper | same verdicts | same concepts | same first 5 | same answer |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    out.push(`| ${r.form} | ${requiredCell(r.required)} | ${share(r.paper, r.items)} | ${share(r.verdicts, r.items)} | ${share(r.concepts, r.items)} | ${share(r.top5, r.items)} | ${share(r.answer, r.items)} |`);
  }
  const differing = rows.filter((r) => r.examples.length > 0);
  if (differing.length > 0) {
    out.push('', 'Where the answers differ (up to five papers a form):', '');
    for (const r of differing) out.push(`- ${r.form}: ${r.examples.join('; ')}`);
  }
  out.push('');
  return out;
}
