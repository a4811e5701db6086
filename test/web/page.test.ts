/**
 * The try-it page in a real headless Chromium (Debian's chromium, driven by playwright-core):
 * a person types a question, submits, and sees the four senses, concepts and linked precedents.
 * Takes the screenshot shown in the README (docs/web-page.png, rewritten when asked, see below).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startTestServe } from '../serve/harness.ts';

// The README's picture is rewritten only on request, so a test run leaves the work tree clean:
// MECHANISTIC_UPDATE_SCREENSHOTS=1 node --import tsx --test test/web/page.test.ts
const SCREENSHOT =
  process.env.MECHANISTIC_UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/web-page.png', import.meta.url))
    : join(mkdtempSync(join(tmpdir(), 'mechanistic-screenshot-')), 'web-page.png');

function launch(): Promise<BrowserContext> {
  return launchChromium({ width: 1100, height: 900 });
}

/** A ready server and a fresh page in Chromium, both closed when the test ends. */
async function openPage(t: TestContext) {
  const s = await startTestServe();
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    await s.running.stop();
  });
  await s.running.ready;
  return { s, browser, page: await browser.newPage() };
}

test('asking on the page shows definitions, concepts and precedent links', { timeout: 120_000 }, async (t) => {
  const { s, page } = await openPage(t);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(s.url);
  assert.equal(await page.title(), 'Is it mechanistic?');

  const input = page.getByLabel('Your question, method or paper');
  const question = 'We patch activations from a clean run into a corrupted run to find which attention heads matter';
  await input.fill(question);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.locator('#answer').waitFor({ state: 'visible' });

  const senses = page.locator('#definitions > li');
  assert.equal(await senses.count(), 4);
  assert.deepEqual(await page.locator('#definitions h4').allTextContents(), ['Narrow technical', 'Broad technical', 'Narrow cultural', 'Broad cultural']);
  assert.match((await senses.first().locator('.verdict').textContent()) ?? '', /^(Yes|No|Can’t tell)$/);
  assert.ok((await page.locator('#concepts li').allTextContents()).some((c) => /activation patching/i.test(c)));
  const links = page.locator('#precedents li a');
  assert.ok((await links.count()) >= 2, 'precedents are listed with links');
  // The page links exactly the precedents the API gives for the same question, in its order.
  const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const api = (await (await fetch(`${s.url}/api/ask?q=${encodeURIComponent(question)}`)).json()) as { precedents: { url: string }[] };
  assert.deepEqual(hrefs, api.precedents.map((p) => new URL(p.url).href));
  for (const href of hrefs) assert.match(href, /^https:\/\//);
  assert.match((await page.locator('#status').textContent()) ?? '', /^Answered:/);
  assert.match(page.url(), /\?q=We\+patch/, 'the question is in the address, so the page can be shared');
  await page.setViewportSize({ width: 1100, height: 1750 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: SCREENSHOT });
  assert.ok(statSync(SCREENSHOT).size > 20_000, 'the screenshot has content');

  // A full page of precedents or related work offers the next page, which is appended.
  const shown = async () => (await page.locator('#precedents li').count()) + (await page.locator('#related li').count());
  const full = (await page.locator('#precedents li').count()) === 10 || (await page.locator('#related li').count()) === 10;
  const more = page.getByRole('button', { name: 'Show more' });
  assert.equal(await more.isVisible(), full);
  if (full) {
    const before = await shown();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#precedents li, #related li').length > n, before);
  }

  // A bad request shows the server's message as an alert, and nothing it contains becomes markup.
  await input.fill('<img src=x onerror="window.__injected = 1"> probing');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.locator('#status', { hasText: 'Answered' }).waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected), undefined);
  await input.fill('');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.locator('[role="alert"]', { hasText: 'Type a question' }).waitFor();
  assert.deepEqual(problems, []);
});

test('the page can be used with the keyboard alone, and opening a shared link asks at once', { timeout: 120_000 }, async (t) => {
  const { s, browser, page } = await openPage(t);
  await page.goto(s.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q', 'the first Tab reaches the question box');
  await page.keyboard.type('probing classifiers on BERT layers');
  await page.keyboard.press('Enter');
  await page.locator('#precedents li').first().waitFor();
  const shared = await browser.newPage();
  await shared.goto(`${s.url}/?q=${encodeURIComponent('sparse autoencoders')}`);
  await shared.locator('#concepts li').first().waitFor();
  assert.equal(await shared.locator('#q').inputValue(), 'sparse autoencoders');
});

test('an abstract that reads as interpretability but names no concept shows the closest guess, marked, and says so', { timeout: 120_000 }, async (t) => {
  // "The Hidden Attention of Mamba Models" (arXiv:2403.01590, not in the corpus; CC0 metadata) as a
  // reading group pastes it, read from the real-paper eval split.
  const line = readFileSync(new URL('../eval/real-fresh-10.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .find((l) => l.includes('"arXiv:2403.01590"'));
  assert.ok(line, 'the eval split holds the abstract');
  const { query } = JSON.parse(line) as { query: string };
  const { s, page } = await openPage(t);
  await page.goto(s.url);
  await page.getByLabel('Your question, method or paper').fill(query);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await page.locator('#concepts li').first().waitFor();
  const concepts = await page.locator('#concepts li').allTextContents();
  assert.equal(concepts.length, 1, concepts.join(" | "));
  assert.match(concepts[0]!, /\(closest guess\)/);
  assert.ok((await page.locator('#notices li').allTextContents()).some((n) => /recognized with confidence; the earlier work below follows the closest one/.test(n)));
  assert.ok((await page.locator('#precedents li').count()) > 0);
});
