/**
 * `npm run bench -- --only identity`: what finding the paper a question names costs against the whole answer. Reading
 * the paste as typed (cleanPaste) and the paper its own text names (paperNamedIn: its title on a line of its own,
 * quoted or opening a one-line paste, or a citation) run on every question before anything else, and most questions
 * name no paper, so every lookup runs to its end. Each question is timed in turn three ways (the title lookup alone, as
 * before this round; the identity steps; the full warm answer), so a change in the machine's load hits every side alike.
 */
import { loadavg } from 'node:os';
import { paperNamedIn } from '../../src/core/answer.ts';
import type { Corpus } from '../../src/core/corpus-schema.ts';
import { cleanPaste, pastedFacts, validateQuestionText } from '../../src/core/input.ts';
import { PaperResolver } from '../../src/core/paper-resolver.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { loadSplit, type SplitName } from '../eval/dataset.ts';
import { PASTE_FORMS } from '../eval/paste-forms.ts';
import { pastedAbstracts, sentenceQuestions } from './questions.ts';
import { distribution, ms, nowMs } from './stats.ts';

/** The inputs: short questions, pasted abstracts (corpus papers: found by their title line) and the same in one line. */
export function identityInputs(corpus: Corpus, quick: boolean): { label: string; texts: string[] }[] {
  const abstracts = pastedAbstracts(corpus, quick ? 20 : 100);
  return [
    { label: 'one sentence', texts: sentenceQuestions(corpus, quick ? 60 : 300) },
    { label: 'pasted abstract', texts: abstracts },
    { label: 'pasted abstract, in one line', texts: abstracts.map((a) => a.replace(/\n+/, '. ').replace(/\s*\n\s*/g, ' ')) },
    { label: 'real paper with its authors, in one line', texts: realPastes(corpus, EARLIER_LATER_SPLITS, 'in one line', quick ? 20 : 100) },
    // Other papers: the same ones, read as the same text, would be answered from the query cache.
    { label: 'another, its line breaks as spaces', texts: realPastes(corpus, LATER_LATER_SPLITS, 'its line breaks as spaces', quick ? 20 : 100) },
  ];
}

const EARLIER_LATER_SPLITS: readonly SplitName[] = ['real-fresh-20', 'real-fresh-21', 'real-fresh-22', 'real-fresh-23'];
const LATER_LATER_SPLITS: readonly SplitName[] = ['real-fresh-24', 'real-fresh-25', 'real-fresh-26', 'real-fresh-27'];

/** Real papers of the later eval splits (title, author line, abstract) run into one line, as the eval's paste form makes them. */
function realPastes(corpus: Corpus, splits: readonly SplitName[], form: string, n: number): string[] {
  const oneLine = PASTE_FORMS.find((f) => f.name === form)!;
  return splits
    .flatMap((split) => loadSplit(split, corpus))
    .slice(0, n)
    .map((item) => oneLine.make(item.query));
}

export async function identityRows(corpus: Corpus, service: Mechanistic, quick: boolean, log: (s: string) => void): Promise<string[]> {
  const resolver = new PaperResolver(corpus);
  const inputs = identityInputs(corpus, quick);
  // Warm up both sides (the resolver's title index, the answer path) on questions not measured.
  for (const q of sentenceQuestions(corpus, 40).slice(-20)) {
    paperNamedIn(cleanPaste(q), resolver, true);
    await service.ask({ text: q });
  }
  const start = loadavg();
  const rows: string[] = [];
  for (const { label, texts } of inputs) {
    log(`bench: paper identity, ${label}`);
    const before: number[] = [];
    const identity: number[] = [];
    const answers: number[] = [];
    for (const text of texts) {
      const t0 = nowMs();
      resolver.byTitle(validateQuestionText(text));
      const t1 = nowMs();
      const read = cleanPaste(validateQuestionText(text));
      if (!paperNamedIn(read, resolver, true)) pastedFacts(read);
      const t2 = nowMs();
      await service.ask({ text });
      const t3 = nowMs();
      before.push(t1 - t0);
      identity.push(t2 - t1);
      answers.push(t3 - t2);
    }
    const [old, id, all] = [distribution(before), distribution(identity), distribution(answers)];
    const triple = (d: typeof id) => `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.mean)}`;
    rows.push(`| ${label} | ${texts.length} | ${triple(old)} | ${triple(id)} | ${triple(all)} | ${((100 * id.mean) / all.mean).toFixed(1)}% | ${((100 * (id.mean - old.mean)) / all.mean).toFixed(1)}% |`);
  }
  const end = loadavg();
  const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  return [
    '### Paper identity against the whole answer (ms)',
    '',
    'Each question timed three times in turn, in one process with the model warm: the title lookup answers ran before',
    'the twenty-sixth round (`PaperResolver.byTitle` alone), the steps that now find the paper its text names',
    '(`cleanPaste`, then `paperNamedIn`: its title line, a quoted title or a one-line opening, a citation; when it names',
    'none, `pastedFacts`: who wrote it, from an author line or, since the twenty-seventh round, the names a one-line paste',
    'has between title and abstract), and the whole answer, which runs them again. The pasted abstracts are corpus papers,',
    'found by their title line; in one line they are found by their opening sentence (before, by nothing). The real papers',
    "are the first 100 of fresh-20 to fresh-23, run into one line as the eval's paste form makes them (title, a full stop,",
    "author names, abstract), and the first 100 of fresh-24 to fresh-27 with every line break a space, as Discord's",
    'command box pastes.',
    '',
    `Load average at the start: ${fmt(start)}; at the end: ${fmt(end)} (1, 5, 15 min).`,
    '',
    '| input | questions | title lookup before, p50 / p95 / mean | identity now, p50 / p95 / mean | whole answer, p50 / p95 / mean | identity now, share of the answer (means) | added, share of the answer (means) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}
