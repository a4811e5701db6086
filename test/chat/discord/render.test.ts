import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerButtons, BUTTONS_PER_ROW, parseCustomId } from '../../../src/chat/discord/buttons.ts';
import {
  CONTENT_MAX,
  DiscordLimitError,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
  checkMessage,
  embedLength,
} from '../../../src/chat/discord/limits.ts';
import { fitText, linkSpans } from '../../../src/chat/discord/markdown.ts';
import { paginate, type Page } from '../../../src/chat/discord/page.ts';
import { renderAnswer, renderMoreEarlierWork, renderWhyDefinitions } from '../../../src/chat/discord/render-answer.ts';
import { renderBibtex, renderHelp } from '../../../src/chat/discord/render-lookup.ts';
import { answer, paper } from './answers.ts';

const view = { answerId: 'a42', offset: 0, pageSize: 5 };

function allText(pages: Page[]): string {
  return pages
    .flatMap((p) => [p.content ?? '', ...p.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])])
    .join('\n');
}

/** Every "[label](" starts a complete masked link: no link was cut in half. */
function assertNoBrokenLinks(text: string): void {
  const opened = text.match(/\]\(https?:/g)?.length ?? 0;
  const complete = text.match(/\[(?:\\.|[^\]\\\n])*\]\(https?:\/\/[^)\s]+\)/g)?.length ?? 0;
  assert.equal(complete, opened, 'every masked link is complete');
}

const manyPapers = (n: number, why = 'x'.repeat(200)) => Array.from({ length: n }, (_, i) => paper(i, { why }));

test('an answer renders the four verdicts, the concepts, numbered precedents and the buttons', () => {
  const pages = renderAnswer(answer(), view);
  assert.equal(pages.length, 1);
  const [embed] = pages[0]!.embeds;
  assert.match(embed!.description!, /Narrow technical\*\*: yes/);
  assert.match(embed!.description!, /Narrow cultural\*\*: cannot tell/);
  assert.match(allText(pages), /\*\*1\.\*\* \[A study of attention heads, part 1\]\(https:\/\/aclanthology\.org\/W18-5401\/\)/);
  assert.match(allText(pages), /Lovelace, Alan Turing et al\./);
  const buttons = pages[0]!.components[0]!.components.map((c) => ('custom_id' in c ? parseCustomId(c.custom_id) : null));
  assert.deepEqual(
    buttons.map((b) => b?.action),
    ['more', 'why', 'bib', 'wrong'],
  );
  assert.equal(buttons[0]!.offset, 5, 'More earlier work asks for the next page');
  assert.deepEqual(pages[0]!.allowedMentions.parse, []);
});

test(`title: a long paper title is shortened to ${EMBED_TITLE_MAX} characters`, () => {
  const long = paper(9, { title: 'Attention '.repeat(60) });
  const pages = renderAnswer(answer({ paper: long }), view);
  const title = pages[0]!.embeds[0]!.title!;
  assert.ok(title.length <= EMBED_TITLE_MAX);
  assert.ok(title.endsWith('…'));
  assert.equal(pages[0]!.embeds[0]!.url, long.url, 'the title still links to the paper');
  assert.throws(() => checkMessage({ embeds: [{ title: 'x'.repeat(EMBED_TITLE_MAX + 1) }] }), DiscordLimitError);
});

test(`description: notices beyond ${EMBED_DESCRIPTION_MAX} characters continue in fields instead of being lost`, () => {
  const notices = Array.from({ length: 30 }, (_, i) => `notice ${i}: ${'n'.repeat(250)}`);
  const pages = renderAnswer(answer({ notices }), view);
  for (const p of pages) for (const e of p.embeds) assert.ok((e.description?.length ?? 0) <= EMBED_DESCRIPTION_MAX);
  assert.match(allText(pages), /notice 29:/);
  assert.throws(() => checkMessage({ embeds: [{ description: 'x'.repeat(EMBED_DESCRIPTION_MAX + 1) }] }), DiscordLimitError);
});

test(`fields: an embed never has more than ${EMBED_FIELDS_MAX} fields`, () => {
  // Many small sections, so the field count, not the character total, is what forces a new page.
  const sections = Array.from({ length: 40 }, (_, i) => ({ name: `Section ${i}`, lines: [`line ${i}`] }));
  const pages = paginate({ title: 'Many sections', description: ['d'], sections, footer: 'f' });
  assert.equal(pages.length, 2);
  assert.equal(pages[0]!.embeds[0]!.fields!.length, EMBED_FIELDS_MAX);
  assert.equal(pages[1]!.embeds[0]!.fields!.length, 40 - EMBED_FIELDS_MAX);
  assert.equal(pages[1]!.embeds[0]!.title, 'Many sections (cont.)');
  const field = { name: 'n', value: 'v' };
  assert.throws(() => checkMessage({ embeds: [{ fields: Array(EMBED_FIELDS_MAX + 1).fill(field) }] }), DiscordLimitError);
});

test(`field value: a 3,000-character why-line is shortened to ${EMBED_FIELD_VALUE_MAX} without cutting its link`, () => {
  const p = paper(1, { why: `see https://example.org/${'a'.repeat(60)} and ${'words '.repeat(500)}` });
  const pages = renderAnswer(answer({ precedents: [p] }), view);
  for (const e of pages.flatMap((pg) => pg.embeds)) for (const f of e.fields ?? []) assert.ok(f.value.length <= EMBED_FIELD_VALUE_MAX);
  const text = allText(pages);
  assertNoBrokenLinks(text);
  assert.ok(text.includes(`https://example.org/${'a'.repeat(60)}`), 'the bare URL is whole');
  assert.throws(() => checkMessage({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(EMBED_FIELD_VALUE_MAX + 1) }] }] }), DiscordLimitError);
});

test(`footer: at most ${EMBED_FOOTER_MAX} characters`, () => {
  for (const p of renderAnswer(answer({ precedents: manyPapers(60) }), { ...view, pageSize: 60 })) {
    for (const e of p.embeds) assert.ok((e.footer?.text.length ?? 0) <= EMBED_FOOTER_MAX);
  }
  assert.throws(() => checkMessage({ embeds: [{ footer: { text: 'f'.repeat(EMBED_FOOTER_MAX + 1) } }] }), DiscordLimitError);
});

test(`total: all embeds of a message stay within ${EMBEDS_TOTAL_MAX} characters, split across pages`, () => {
  const pages = renderAnswer(answer({ precedents: manyPapers(40), related: manyPapers(40) }), { ...view, pageSize: 40 });
  assert.ok(pages.length > 1, 'a long answer becomes several pages');
  for (const p of pages) assert.ok(p.embeds.reduce((n, e) => n + embedLength(e), 0) <= EMBEDS_TOTAL_MAX);
  assert.match(pages[0]!.embeds[0]!.footer!.text, new RegExp(`page 1/${pages.length}$`));
  assert.equal(pages.at(-1)!.components.length, 1, 'the buttons are under the last page');
  assert.equal(pages[0]!.components.length, 0);
  assertNoBrokenLinks(allText(pages));
  const half = { description: 'd'.repeat(3001) };
  assert.throws(() => checkMessage({ embeds: [half, half] }), DiscordLimitError);
});

test(`embeds: at most ${EMBEDS_PER_MESSAGE_MAX} per message`, () => {
  for (const p of renderAnswer(answer({ precedents: manyPapers(60) }), { ...view, pageSize: 60 })) assert.ok(p.embeds.length <= EMBEDS_PER_MESSAGE_MAX);
  assert.throws(() => checkMessage({ embeds: Array(EMBEDS_PER_MESSAGE_MAX + 1).fill({ title: 't' }) }), DiscordLimitError);
});

test(`content: BibTeX is split into ${CONTENT_MAX}-character messages of whole entries`, () => {
  const entries = Array.from({ length: 12 }, (_, i) => `@inproceedings{key${i},\n  title = {${'T'.repeat(400)}},\n  year = {2019}\n}`);
  const pages = renderBibtex(entries.join('\n\n'));
  assert.ok(pages.length > 1);
  for (const p of pages) {
    assert.ok(p.content!.length <= CONTENT_MAX);
    assert.ok(p.content!.startsWith('```bibtex\n') && p.content!.endsWith('\n```'));
  }
  const joined = pages.map((p) => p.content).join('\n');
  for (let i = 0; i < 12; i++) assert.ok(joined.includes(`@inproceedings{key${i},\n  title = {${'T'.repeat(400)}},\n  year = {2019}\n}`), `entry ${i} is whole`);
  assert.throws(() => checkMessage({ content: 'c'.repeat(CONTENT_MAX + 1) }), DiscordLimitError);
});

test('fitText never cuts inside a masked link; a link too long to fit keeps only its label', () => {
  const text = `intro ${'w '.repeat(40)}[a title](https://example.org/${'p'.repeat(100)}) tail`;
  for (let max = 20; max < text.length; max += 7) {
    const fitted = fitText(text, max);
    assert.ok(fitted.length <= max, `fits ${max}`);
    assertNoBrokenLinks(fitted);
  }
  assert.equal(fitText('[label](https://example.org/very/long/path)', 12).length <= 12, true);
  assert.deepEqual(linkSpans('a https://x.org/b c'), [[2, 17]]);
});

test('mentions in a question are shown, not escaped away, and every page disables pings', () => {
  const pages = renderAnswer(answer({ query: '@everyone look at <@&123> and <@456>' }), view);
  assert.match(pages[0]!.embeds[0]!.description!, /@everyone/);
  for (const p of [...pages, ...renderBibtex('@misc{a}'), ...renderHelp()]) assert.deepEqual(p.allowedMentions, { parse: [], repliedUser: false });
});

test('more earlier work numbers from the offset; an empty page says there is no more', () => {
  const pages = renderMoreEarlierWork(answer({ precedents: [paper(6)] }), { answerId: 'a1', offset: 5, pageSize: 5 });
  assert.match(allText(pages), /\*\*6\.\*\* \[/);
  const none = renderMoreEarlierWork(answer({ precedents: [], related: [] }), { answerId: 'a1', offset: 10, pageSize: 5 });
  assert.match(none[0]!.content!, /No more earlier work/);
});

test('why these definitions explains each sense with this question’s evidence', () => {
  const text = allText(renderWhyDefinitions(answer()));
  for (const label of ['Narrow technical', 'Broad technical', 'Narrow cultural', 'Broad cultural']) assert.ok(text.includes(label));
  assert.match(text, /mentions patching activations/);
});

test('a later page with "Explain" keeps every action row within Discord’s five buttons', () => {
  const many = answer({ precedents: Array.from({ length: 12 }, (_, i) => paper(i)) });
  for (const [offset, explain] of [[0, false], [0, true], [5, false], [5, true]] as const) {
    const rows = answerButtons('abcdefghijkl', offset, offset + 5, { hasMore: true, hasPapers: true, explain });
    assert.ok(rows.every((r) => r.components.length >= 1 && r.components.length <= BUTTONS_PER_ROW), `offset ${offset}, explain ${explain}`);
    const actions = rows.flatMap((r) => r.components.map((c) => parseCustomId(c.custom_id)?.action));
    assert.equal(actions.length, 4 + (offset > 0 ? 1 : 0) + (explain ? 1 : 0));
    assert.equal(actions.includes('explain'), explain);
  }
  const page = renderAnswer(many, { answerId: 'abcdefghijkl', offset: 5, pageSize: 5, explain: true }).at(-1)!;
  assert.equal(page.components.length, 2, 'previous, four buttons and Explain: two rows');
});

test('a guessed concept is marked as the closest guess', () => {
  const guessed = answer({ concepts: [{ id: 'probing', name: 'Probing classifiers', aliases: [], score: 0.35, guess: true }] });
  assert.match(JSON.stringify(renderAnswer(guessed, view)), /\*\*Probing classifiers\*\* \(closest guess\)/);
  assert.doesNotMatch(JSON.stringify(renderAnswer(answer(), view)), /closest guess/);
});
