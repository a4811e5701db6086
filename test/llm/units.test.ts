/**
 * The LLM settings (validated once at start, OPENAI_BASE_URL a URL), Retry-After parsing, the
 * grounding check on its own, and the CLI's rendering of a disagreement.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderExplanationText } from '../../src/cli/render-answer.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { Answer, PaperRef } from '../../src/core/types.ts';
import { retryAfterMs } from '../../src/llm/client.ts';
import { retrievedData } from '../../src/llm/prompt.ts';
import { groundExplanation } from '../../src/llm/ground.ts';
import { llmSettingsFromConfig } from '../../src/llm/settings.ts';
import type { ExplanationOutput } from '../../src/llm/schema.ts';

const base = { MECHANISTIC_DATA_DIR: '/tmp/mech-units' };

test('settings: off by default; on with a key (OpenAI, gpt-4o-mini) or a base URL (with its model); bad values named', () => {
  assert.equal(llmSettingsFromConfig(loadConfig(base)), null);
  const openai = llmSettingsFromConfig(loadConfig({ ...base, OPENAI_API_KEY: 'sk-x' }))!;
  assert.deepEqual(openai, { apiKey: 'sk-x', model: 'gpt-4o-mini', timeoutMs: 8000, maxTokens: 700, temperature: 0 });
  const local = llmSettingsFromConfig(
    loadConfig({ ...base, OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/', MECHANISTIC_LLM_MODEL: 'llama3.1:8b', MECHANISTIC_LLM_TIMEOUT_MS: '20000', MECHANISTIC_LLM_TEMPERATURE: '0.3' }),
  )!;
  assert.deepEqual(local, { baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b', timeoutMs: 20000, maxTokens: 700, temperature: 0.3 });
  assert.throws(() => loadConfig({ ...base, OPENAI_BASE_URL: 'localhost:11434', MECHANISTIC_LLM_MODEL: 'm' }), (e) => e instanceof ConfigError && /OPENAI_BASE_URL="localhost:11434": expected an http\(s\) URL/.test(e.message));
  assert.throws(() => loadConfig({ ...base, OPENAI_BASE_URL: 'https://user:pw@llm.example/v1', MECHANISTIC_LLM_MODEL: 'm' }), /without query or credentials/);
  assert.throws(() => loadConfig({ ...base, OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }), /MECHANISTIC_LLM_MODEL is not/);
  assert.throws(() => loadConfig({ ...base, MECHANISTIC_LLM_TIMEOUT_MS: '0' }), /MECHANISTIC_LLM_TIMEOUT_MS/);
  assert.throws(() => loadConfig({ ...base, MECHANISTIC_LLM_TEMPERATURE: '3' }), /MECHANISTIC_LLM_TEMPERATURE="3": expected a number from 0 to 2/);
  assert.throws(() => loadConfig({ ...base, MECHANISTIC_LLM_MAX_TOKENS: 'lots' }), /MECHANISTIC_LLM_MAX_TOKENS/);
  assert.throws(
    () => loadConfig({ ...base, OPENAI_API_KEY: 'sk-SECRET-in-error', MECHANISTIC_LLM_TEMPERATURE: 'x' }),
    (e) => e instanceof Error && !e.message.includes('sk-SECRET-in-error'),
  );
});

test('Retry-After: seconds, an HTTP date, retry-after-ms; nothing usable is null', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(retryAfterMs(h({ 'retry-after': '3' })), 3000);
  assert.equal(retryAfterMs(h({ 'retry-after-ms': '250', 'retry-after': '3' })), 250);
  const now = Date.parse('2026-12-01T12:00:00Z');
  assert.equal(retryAfterMs(h({ 'retry-after': 'Tue, 01 Dec 2026 12:00:05 GMT' }), now), 5000);
  assert.equal(retryAfterMs(h({ 'retry-after': 'soon' })), null);
  assert.equal(retryAfterMs(h({})), null);
  assert.equal(retryAfterMs(undefined), null);
});

function paper(id: string, year: number): PaperRef {
  return { id, title: `Title of ${id}`, authors: ['A. Author', 'B. Author'], year, venue: 'ACL', url: `https://aclanthology.org/${id}/`, community: 'NLPI', why: 'why', score: 1 };
}

const answer: Answer = {
  query: 'q',
  paper: paper('the-paper', 2023),
  notices: [],
  definitions: {
    narrowTechnical: { applies: true, confidence: 0.9, evidence: ['patch'] },
    broadTechnical: { applies: true, confidence: 0.9, evidence: [] },
    narrowCultural: { applies: null, confidence: 0, evidence: [] },
    broadCultural: { applies: true, confidence: 0.9, evidence: [] },
  },
  concepts: [],
  precedents: [paper('vig2020', 2020), paper('geiger2020', 2020)],
  related: [paper('meng2022', 2022)],
};

const output = (explanation: string, cites: string[], nt: 'yes' | 'no' | 'cannot_tell' = 'yes'): ExplanationOutput => ({
  verdicts: {
    narrowTechnical: { verdict: nt, reason: 'Reason one [vig2020].' },
    broadTechnical: { verdict: 'yes', reason: 'Like "The Paper Nobody Wrote" says.' },
    narrowCultural: { verdict: 'cannot_tell', reason: 'No authors.' },
    broadCultural: { verdict: 'yes', reason: 'Yes.' },
  },
  explanation,
  cites,
});

test('grounding: retrieved ids kept (the paper, precedents, related), everything else dropped once each', () => {
  const e = groundExplanation(
    output('It patches [vig2020] like [meng2022] did. The paper [the-paper] is MI. A [ghost2019] study agrees. Another [ghost2019] line. See www.example.org now.', ['geiger2020', 'ghost2019', '[vig2020]']),
    answer,
    'm',
  );
  assert.equal(e.text, 'It patches [vig2020] like [meng2022] did. The paper [the-paper] is MI.');
  assert.deepEqual(e.cites, ['geiger2020', 'vig2020', 'meng2022', 'the-paper']);
  // ghost2019 (text and cites: one mention), the link sentence, the quoted title in a reason.
  assert.equal(e.dropped, 3);
  assert.equal(e.verdicts.broadTechnical.reason, '');
  assert.equal(e.verdicts.narrowTechnical.reason, 'Reason one [vig2020].');
  assert.equal(e.verdicts.narrowCultural.agrees, true, 'cannot_tell is the rules’ null');
});

test('the CLI shows both verdicts where the model disagrees, and the cited papers from the answer', () => {
  const e = groundExplanation(output('It patches [vig2020].', ['vig2020'], 'no'), answer, 'local-model');
  const text = renderExplanationText(e, answer);
  assert.match(text, /Explanation \(written by local-model/);
  assert.match(text, /It patches \[1\]\./);
  assert.match(text, /The model disagrees with the rules:\n {2}- Narrow technical: the model says no, the rules say yes \(the rule-based verdict stands\)/);
  assert.match(text, /\[1\] Title of vig2020 \(A\. Author & B\. Author, 2020\) https:\/\/aclanthology\.org\/vig2020\//);
  assert.match(text, /note: 1 mention of papers retrieval did not find was dropped\./);
});

test('the model is told a guessed concept is a guess', () => {
  const concept = { id: 'probing', name: 'Probing classifiers', aliases: [], score: 0.35 };
  const concepts = (a: Answer) => (retrievedData(a) as { concepts: object[] }).concepts;
  assert.deepEqual(concepts({ ...answer, concepts: [{ ...concept, guess: true }] }), [
    { id: 'probing', name: 'Probing classifiers', aliases: [], guess: 'closest guess: no concept was recognized with confidence' },
  ]);
  assert.deepEqual(concepts({ ...answer, concepts: [concept] }), [{ id: 'probing', name: 'Probing classifiers', aliases: [] }]);
});
