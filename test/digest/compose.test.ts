import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import { authorsShort, composeDigest, OTHER_SERIES } from '../../src/digest/compose.ts';
import { digestMarkdown, fitLines } from '../../src/digest/render-markdown.ts';
import { digestSlackMessage, markdownToMrkdwn } from '../../src/digest/render-slack.ts';

const corpus = loadCorpus(fileURLToPath(new URL('./fixtures/corpus/', import.meta.url)));
const week = { year: 2026, week: 47 };
const q = (at: string, conceptIds: string[], precedentIds: string[] = []) => ({ askedAt: new Date(at), conceptIds, precedentIds });

test('an empty week, or one with only unknown concepts, composes to nothing', () => {
  assert.equal(composeDigest({ corpus, week, tz: 'UTC', questions: [] }), null);
  assert.equal(composeDigest({ corpus, week, tz: 'UTC', questions: [q('2026-11-17T10:00:00Z', ['not-in-corpus']), q('2026-11-10T10:00:00Z', ['probing'])] }), null);
});

test('concepts most asked first, precedents earliest first with counts, and a chart window of 8 weeks', () => {
  const d = composeDigest({
    corpus,
    week,
    tz: 'UTC',
    questions: [
      q('2026-11-16T10:00:00Z', ['probing'], ['giulianelli2018']),
      q('2026-11-17T10:00:00Z', ['probing', 'activation-patching'], ['giulianelli2018', 'vig2020']),
      q('2026-11-18T10:00:00Z', ['probing', 'probing'], []),
      q('2026-09-22T10:00:00Z', ['activation-patching']), // W39: before the window
      q('2026-10-01T10:00:00Z', ['activation-patching']), // W40, the first week of the window
      q('2026-09-30T10:00:00Z', ['activation-patching']), // W40
      q('2026-10-06T10:00:00Z', ['activation-patching']), // W41
    ],
  });
  assert.ok(d);
  assert.equal(d.isoWeek, '2026-W47');
  assert.equal(d.questionCount, 3);
  assert.deepEqual(d.concepts.map((c) => [c.id, c.asked]), [['probing', 3], ['activation-patching', 1]]);
  const probing = d.concepts[0]!;
  // giulianelli2018 was shown in two answers; then the curated order picks ettinger2016 and hupkes2017.
  assert.deepEqual(probing.precedents.map((p) => p.id), ['ettinger2016', 'hupkes2017', 'giulianelli2018']);
  assert.equal(probing.precedents[2]!.surfaced, 2);
  assert.equal(probing.morePrecedents, 1);
  assert.equal(d.concepts[1]!.precedents.find((p) => p.id === 'vig2020')?.surfaced, 1);
  assert.deepEqual(d.chartWeeks, ['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47']);
  const count = (w: string, concept: string) => d.weekly.find((x) => x.week === w && x.concept === concept)?.count;
  assert.equal(count('2026-W40', 'Activation patching'), 2);
  assert.equal(count('2026-W41', 'Activation patching'), 1);
  assert.equal(count('2026-W42', 'Activation patching'), 0);
  assert.equal(count('2026-W47', 'Probing classifiers'), 3);
  assert.equal(d.weekly.some((x) => x.week === '2026-W39'), false);
});

test('concepts beyond the chart series limit are summed as other', () => {
  const d = composeDigest({
    corpus,
    week,
    tz: 'UTC',
    questions: [q('2026-11-16T10:00:00Z', ['probing']), q('2026-11-17T10:00:00Z', ['activation-patching'])],
    limits: { chartSeries: 1 },
  });
  assert.deepEqual(
    d?.weekly.filter((w) => w.week === '2026-W47').map((w) => [w.concept, w.count]),
    [
      ['Activation patching', 1],
      [OTHER_SERIES, 1],
    ],
  );
});

test('renderers: Markdown with links and the marker; Slack blocks with the chart; Discord fits 2000 characters', () => {
  const d = composeDigest({ corpus, week, tz: 'UTC', questions: [q('2026-11-16T10:00:00Z', ['probing'])] })!;
  const md = digestMarkdown(d);
  assert.match(md, /^## What we asked about in 2026-W47/);
  assert.match(md, /- \*\*2016\*\* \[Probing for Semantic Evidence of Composition by Means of Simple Classification Tasks\]\(https:\/\/aclanthology\.org\/W16-2524\/\) \(Ettinger et al\., RepEval 2016\)/);
  assert.match(md.split('\n').at(-1)!, /mechanistic digest 2026-W47/);
  const slack = digestSlackMessage(d, 'F123');
  assert.deepEqual(slack.blocks.find((b) => b.type === 'image')?.slack_file, { id: 'F123' });
  assert.match(slack.text, /<https:\/\/aclanthology\.org\/W16-2524\/\|Probing for Semantic/);
  const long = `${'line of text\n'.repeat(300)}_marker_`;
  const fitted = fitLines(long, 2000);
  assert.ok(fitted.length <= 2000);
  assert.match(fitted, /more lines left out\)\n_marker_$/);
  assert.equal(markdownToMrkdwn('## A & B\n**x** [t](https://e.org/?a=1&b=2)'), '*A &amp; B*\n*x* <https://e.org/?a=1&amp;b=2|t>');
});

test('author lists shorten the way citations do', () => {
  assert.equal(authorsShort(['Samuel Marks', 'Max Tegmark']), 'Marks and Tegmark');
  assert.equal(authorsShort(['Jesse Vig', 'Sebastian Gehrmann', 'Yonatan Belinkov']), 'Vig et al.');
  assert.equal(authorsShort(['Neel Nanda']), 'Nanda');
});

test('Discord gets the full Markdown when it fits, the compact form (no why-lines) when not', async () => {
  const { discordContent } = await import('../../src/chat/discord/digest-poster.ts');
  const d = composeDigest({ corpus, week, tz: 'UTC', questions: [q('2026-11-16T10:00:00Z', ['probing', 'activation-patching'])] })!;
  const full = digestMarkdown(d);
  assert.equal(discordContent(full, d), full);
  const compact = discordContent(full + 'x'.repeat(2000), d);
  assert.equal(compact, digestMarkdown(d, { compact: true }));
  assert.ok(compact.length < full.length);
  assert.doesNotMatch(compact, /Often missed|Paired a probe/);
  assert.match(compact, /mechanistic digest 2026-W47/);
});
