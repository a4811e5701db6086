/**
 * The try-it page with an LLM configured, in headless Chromium: the answer is on the page while the
 * fake OpenAI-compatible server still holds the model's reply; then the explanation appears under it,
 * with the cited paper linked from the corpus, the disagreement said, and nothing of the model's text
 * turned into markup.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchChromium } from './chromium.ts';
import type { Answer } from '../../src/core/types.ts';
import { explanationReply, startFakeOpenAI } from '../llm/fake-openai.ts';
import { startTestServe } from '../serve/harness.ts';


test('the page shows the answer first, then the explanation grounded in the papers found', { timeout: 120_000 }, async (t) => {
  const openai = await startFakeOpenAI();
  const s = await startTestServe({ OPENAI_BASE_URL: openai.baseURL, MECHANISTIC_LLM_MODEL: 'llama3.1:8b' });
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await s.running.stop();
    await openai.close();
  });
  await s.running.ready;
  const question = 'We patch activations from a clean run into a corrupted run to find which attention heads matter';
  const api = (await (await fetch(`${s.url}/api/ask?q=${encodeURIComponent(question)}`)).json()) as Answer;
  const cited = api.precedents[0]!;
  openai.script({
    hold: explanationReply({
      verdicts: { narrowTechnical: { verdict: api.definitions.narrowTechnical.applies === true ? 'no' : 'yes', reason: 'The model reads it <b>differently</b>.' } },
      explanation: `Swapping activations is an intervention [${cited.id}]. It is causal <img src=x onerror=window.__injected=1>. Read "Some Invented Paper" too.`,
      cites: [cited.id, 'invented2018'],
    }),
  });
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${s.url}/?q=${encodeURIComponent(question)}`);
  await openai.received(1);
  // The model has the request and has not answered: the answer is already on the page.
  await page.locator('#precedents li').first().waitFor();
  assert.match((await page.locator('#explanation-status').textContent()) ?? '', /Asking llama3\.1:8b/);
  assert.equal(await page.locator('#explanation-text').textContent(), '');
  openai.release();
  await page.locator('#explanation-papers li').first().waitFor();
  const text = (await page.locator('#explanation-text').textContent()) ?? '';
  assert.match(text, /^Swapping activations is an intervention \[1\]\./);
  assert.ok(!text.includes('Invented'), 'a title retrieval did not find is dropped');
  assert.ok(text.includes('It is causal <img src=x'), 'markup in the model’s text is shown as text');
  const href = await page.locator('#explanation-papers li a').first().getAttribute('href');
  assert.equal(href, new URL(cited.url).href, 'the cited paper is linked from the corpus');
  assert.match((await page.locator('#explanation-disagreements').textContent()) ?? '', /Narrow technical: the model says (yes|no), the rules say (yes|no) \(the rule-based verdict stands\)/);
  assert.match((await page.locator('#explanation-note').textContent()) ?? '', /2 mention\(s\) of papers that were not retrieved were dropped/);
  assert.equal(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected), undefined, 'the model’s text never becomes markup');
  assert.equal(await page.locator('#explanation-section b').count(), 0);
  assert.deepEqual(problems, []);
});
