import { parseArgs } from 'node:util';
import type { AnswerOutcome } from '../../app/answer-step.ts';
import { pageAnswer } from '../../core/answer.ts';
import type { Answer } from '../../core/types.ts';
import { ASK_OPTIONS } from '../ask-options.ts';
import { openCliAnswers, type CliAnswers } from '../cli-answers.ts';
import { UsageError, type CliIo, type Command } from '../command.ts';
import { renderAnswerText, renderExplanationText } from '../render-answer.ts';
import { EXPLAIN_OFF_NOTICE } from '../../app/explain-step.ts';
import { COMMAND_SUMMARIES } from './index.ts';

function intFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

/** The page asked for, or the reason there is none (the code and message of the ask contract's errors). */
function pageOf(outcome: AnswerOutcome, limit: number, offset: number): Answer | { code: string; message: string } {
  if (outcome.ok) return pageAnswer(outcome.stored.answer, offset, limit);
  return { code: outcome.reason === 'bad_query' ? outcome.code : outcome.reason, message: outcome.message };
}

const CLI_ORIGIN = { platform: 'cli', workspaceId: null, channelId: null, userId: null } as const;

/**
 * The page with the LLM's explanation added (`explanation`), or, when there is none, a notice that
 * says why: the rule-based answer stands either way.
 */
async function withExplanation(c: CliAnswers, outcome: AnswerOutcome, page: Answer, text: string): Promise<Answer> {
  if (!outcome.ok || outcome.stored.id === '') return page;
  const explained = await c.explain.explain(outcome.stored.id, { questionText: text });
  if (explained.ok) return { ...page, explanation: explained.explanation };
  return { ...page, notices: [...page.notices, `no explanation: ${explained.notice}`] };
}

async function askJsonl(c: CliAnswers, io: CliIo, limit: number, offset: number, llm: boolean): Promise<number> {
  for await (const line of io.readStdin()) {
    try {
      const outcome = await c.answers.ask(line, CLI_ORIGIN);
      let page = pageOf(outcome, limit, offset);
      if (llm && !('code' in page)) page = await withExplanation(c, outcome, page, line);
      io.stdout(JSON.stringify('code' in page ? { query: line.slice(0, 200), error: page } : page));
    } catch (e) {
      // One bad line never stops the run: bugs are reported on stderr and on the line.
      io.stderr(`mechanistic ask: ${(e as Error).stack ?? String(e)}`);
      io.stdout(JSON.stringify({ query: line.slice(0, 200), error: { code: 'internal', message: `internal error: ${(e as Error).message}` } }));
    }
  }
  return 0;
}

async function readAll(io: CliIo): Promise<string> {
  const lines: string[] = [];
  for await (const line of io.readStdin()) lines.push(line);
  return lines.join('\n');
}

export const askCommand: Command = {
  name: 'ask',
  summary: COMMAND_SUMMARIES.ask,
  usage: [
    'mechanistic ask <question, method, title + abstract, or arXiv/ACL/DOI link> [--json | --bibtex] [--limit N] [--offset N]',
    'mechanistic ask --jsonl < questions.txt     one question per line in, one JSON answer per line out',
    'mechanistic ask --json < question.txt       with no question given, --json reads one from standard input',
    '  --verbose    say which encoder answers and why (one short line otherwise)',
    '  --llm        add an explanation written by the configured LLM (the default when OPENAI_API_KEY or',
    '               OPENAI_BASE_URL is set); it is grounded in the papers found, and printed after the answer',
    '  --no-llm     answer from the rules and retrieval only',
    '',
    'examples:',
    '  mechanistic ask "We patch attention-head outputs from a clean run into a corrupted run to find the circuit"',
    '  mechanistic ask "we did causal tracing on the MLPs" --json',
    '  mechanistic ask https://arxiv.org/abs/2202.05262 --bibtex',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: ASK_OPTIONS,
      strict: true,
    });
    if (values.llm && values['no-llm']) throw new UsageError('give --llm or --no-llm, not both');
    const limit = intFlag('limit', values.limit, 10, 1);
    const offset = intFlag('offset', values.offset, 0, 0);
    if (values.jsonl && positionals.length > 0) throw new UsageError('--jsonl reads questions from standard input; do not also pass a question');
    // `ask --json` with no question reads the whole of standard input as one question (a title and abstract).
    // At a terminal there is nothing piped in: say so rather than wait.
    const piped = values.json && !values.jsonl && !process.stdin.isTTY;
    const text = positionals.length > 0 ? positionals.join(' ') : piped ? await readAll(io) : undefined;
    if (!values.jsonl && text === undefined) throw new UsageError(`no question given.\nusage: ${askCommand.usage}`);
    // One question: the encoder in process. A stream of them: encoder worker threads, closed at the end.
    const c = await openCliAnswers(io, { inProcessEncoder: !values.jsonl, verbose: values.verbose });
    try {
      if (values.llm && !c.explain.enabled) throw new UsageError(`--llm: ${EXPLAIN_OFF_NOTICE}`);
      // On by default when configured; BibTeX output has no place for prose.
      const llm = c.explain.enabled && !values['no-llm'] && !values.bibtex;
      if (values.jsonl) return await askJsonl(c, io, limit, offset, llm);
      const outcome = await c.answers.ask(text!, CLI_ORIGIN);
      const page = pageOf(outcome, limit, offset);
      if ('code' in page) throw new UsageError(page.message);
      if (values.json) io.stdout(JSON.stringify(llm ? await withExplanation(c, outcome, page, text!) : page, null, 2));
      else if (values.bibtex) io.stdout(page.precedents.length ? c.mechanistic.bibtex(page.precedents) : '% no precedents for this question');
      else {
        // The answer first: the explanation never holds it up.
        io.stdout(renderAnswerText(page, { offset }));
        if (llm && outcome.ok) {
          const explained = await c.explain.explain(outcome.stored.id, { questionText: text! });
          io.stdout('');
          io.stdout(explained.ok ? renderExplanationText(explained.explanation, outcome.stored.answer) : `note: no explanation: ${explained.notice}`);
        }
      }
      return 0;
    } finally {
      await c.close();
    }
  },
};
