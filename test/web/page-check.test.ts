/**
 * The page's reference check in a real headless Chromium: a paper's text and its BibTeX give, per
 * concept, the earlier work it cites (✓) and may be missing (✗); an answer about a paper offers the
 * check of that paper; bad input is an alert with the server's specific message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchChromium } from './chromium.ts';
import { startTestServe } from '../serve/harness.ts';

const BIB = '@article{meng2022, title = {Locating and Editing Factual Associations in {GPT}}, author = {Meng, Kevin}, year = {2022}, eprint = {2202.05262}, archivePrefix = {arXiv}}';

test('checking references on the page: cited and missing earlier work per concept, the check of an answered paper, errors as alerts', { timeout: 120_000 }, async (t) => {
  const s = await startTestServe();
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await s.running.stop();
  });
  await s.running.ready;
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(s.url);

  await page.getByLabel('Paper link or id, or its text with the references section').fill(
    'We patch activations from a clean run into a corrupted run (activation patching) to localize where a factual association is stored.',
  );
  await page.getByLabel('Its references as BibTeX (optional)').fill(BIB);
  await page.getByRole('button', { name: 'Check references' }).click();
  await page.locator('#check').waitFor({ state: 'visible' });
  assert.match((await page.locator('#check-references').textContent()) ?? '', /^1 reference\(s\) read from the BibTeX given: 1 matched to corpus papers, 0 not\.$/);
  const patching = page.locator('#check-coverage > li[data-concept="activation-patching"]');
  assert.equal(await patching.count(), 1);
  // The page shows exactly what the API says is missing, with the corpus's links.
  const api = (await (await fetch(`${s.url}/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: await page.locator('#check-q').inputValue(), bib: BIB }) })).json()) as {
    coverage: { concept: string; missing: { id: string; url: string }[] }[];
  };
  const missing = api.coverage.find((c) => c.concept === 'activation-patching')!.missing;
  assert.ok(missing.some((p) => p.id === 'vig2020'), 'Vig et al. 2020 is missing from a list that cites only ROME');
  const shown = await patching.locator('li.missing a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  assert.deepEqual(shown, missing.map((p) => new URL(p.url).href));
  assert.ok((await patching.locator('li.missing .mark').allTextContents()).every((m) => m === '✗'));
  assert.match((await page.locator('#check-status').textContent()) ?? '', /^Checked: 1 reference\(s\) matched/);

  // A broken .bib: the server's message, naming the line, as an alert; nothing stale stays on the page.
  await page.getByLabel('Its references as BibTeX (optional)').fill('@article{x,\n title = {never closed');
  await page.getByRole('button', { name: 'Check references' }).click();
  await page.locator('#check-status[role="alert"]', { hasText: 'bib line 1' }).waitFor();
  assert.equal(await page.locator('#check').isVisible(), false);

  // An answer about a corpus paper offers its check; with the network off the paper's own references cannot
  // be fetched, and the alert says what to give instead.
  await page.getByLabel('Your question, method or paper').fill('arXiv:2202.05262');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.locator('#answer').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Check its references' }).click();
  assert.equal(await page.locator('#check-q').inputValue(), 'https://arxiv.org/abs/2202.05262');
  await page.locator('#check-status[role="alert"]', { hasText: 'bib' }).waitFor();
  assert.deepEqual(problems, []);
});
