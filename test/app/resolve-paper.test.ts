/**
 * The paper-resolution step through the answer step: a link to a paper outside the corpus is read
 * from the (loopback) arXiv API, cached in the store, and answered about; a link that cannot be
 * read is "can't tell", never "no". Real client code, real SQLite store, fake services on 127.0.0.1.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnswerStep, type AnswerStep } from '../../src/app/answer-step.ts';
import { createPaperResolution, paperResolutionFromConfig, sourceCacheOf } from '../../src/app/resolve-paper.ts';
import { openMechanistic } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Mechanistic } from '../../src/core/service.ts';
import { DEFINITION_KEYS } from '../../src/core/types.ts';
import { createLogger } from '../../src/log.ts';
import { databasePath, openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { ATOM, JSON_TYPE, fixture, sourcesFor, startFakes, type Fakes } from '../sources/fakes.ts';

const origin = { platform: 'cli' as const, workspaceId: null, channelId: null, userId: null };
let fakes: Fakes;
let store: SqliteStore;
let mechanistic: Mechanistic;

before(async () => {
  fakes = await startFakes();
  const dir = mkdtempSync(join(tmpdir(), 'mech-resolve-'));
  store = openSqliteStore(databasePath(dir));
  mechanistic = await openMechanistic(loadConfig({ MECHANISTIC_DATA_DIR: dir }), { dense: false });
});
after(async () => {
  await store.close();
  await fakes.close();
});

function step(env: Record<string, string> = {}, on: SqliteStore = store): AnswerStep {
  return createAnswerStep({
    mechanistic,
    store: on,
    log: createLogger('silent'),
    now: () => new Date(),
    answerTimeoutMs: 20_000,
    logQuestionText: false,
    resolvePaper: createPaperResolution({ corpus: mechanistic.corpus, sources: sourcesFor(fakes, env), cache: sourceCacheOf(on.sourceCache) }),
  });
}

test('a link to a paper outside the corpus is read from arXiv and answered about; earlier work is earlier', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.06102&', { body: fixture('arxiv-2401.06102.atom.xml'), headers: ATOM });
  const before = fakes.total();
  const outcome = await step().ask('https://arxiv.org/abs/2401.06102v4', origin);
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  assert.equal(fakes.arxiv.requests.length, 1, 'one request, to the configured arXiv API');
  assert.equal(fakes.total() - before, 1);
  assert.equal(a.paper?.title, 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models');
  assert.equal(a.paper?.year, 2024);
  assert.equal(a.paper?.id, 'arxiv:2401.06102');
  assert.deepEqual(a.paper?.authors.slice(0, 2), ['Asma Ghandeharioun', 'Avi Caciularu']);
  assert.ok(a.notices.some((n) => /read from arXiv/.test(n)), a.notices.join(' | '));
  assert.equal(a.definitions.broadTechnical.applies, true, 'the abstract studies hidden representations');
  assert.equal(a.definitions.narrowTechnical.applies, true, 'it patches activations: an intervention on internals');
  // Judged from its authors by the lead-author rule, never from its wording ("mechanistic" vocabulary is only a hint):
  // Mor Geva (last author) leads NLPI papers of the corpus; since the corpus grew to hold an MI paper she co-wrote
  // (sharkey2025open), the rule no longer speaks for her and says "can't tell"; never "yes".
  assert.notEqual(a.definitions.narrowCultural.applies, true, a.definitions.narrowCultural.evidence.join(' | '));
  if (a.definitions.narrowCultural.applies === false) assert.match(a.definitions.narrowCultural.evidence[0]!, /^authors: Mor Geva \(last author\) wrote \d+ corpus papers labelled NLPI/);
  // BM25 alone recognizes no crosswalk concept in this abstract, so text search names related work only, never precedents.
  if (a.concepts.length === 0) {
    assert.deepEqual(a.precedents, []);
    assert.ok(a.related.length >= 5, 'close papers are listed as related work');
    assert.ok(a.notices.some((n) => /no earlier work is named as a precedent/.test(n)), a.notices.join(' | '));
  } else assert.ok(a.precedents.length >= 5, 'earlier NLP-interpretability work is named');
  for (const p of a.precedents) assert.ok(p.year <= 2024 && p.community === 'NLPI', `${p.id} (${p.year}) is earlier NLPI work`);
});

test('the second time, the paper comes from the store: no request at all', async () => {
  const before = fakes.total();
  const outcome = await step().ask('what about arXiv:2401.06102 ?', origin);
  assert.ok(outcome.ok);
  assert.equal(outcome.stored.answer.paper?.year, 2024);
  assert.equal(fakes.total(), before);
});

test('a Hugging Face paper page, an alphaXiv link or an arXiv link typed without https:// names the arXiv paper: arXiv is asked by id, the site never', async () => {
  fakes.arxiv.route('/api/query?id_list=2401.06102&', { body: fixture('arxiv-2401.06102.atom.xml'), headers: ATOM });
  for (const link of ['https://huggingface.co/papers/2401.06102', 'www.alphaxiv.org/abs/2401.06102v2', 'is arxiv.org/abs/2401.06102 mechanistic?']) {
    // A store of its own each time, so each link is read from the source, not from the last one's cache.
    const own = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-mirror-'))));
    const before = fakes.arxiv.requests.length;
    const total = fakes.total();
    const outcome = await step({}, own).ask(link, origin);
    await own.close();
    assert.ok(outcome.ok, link);
    assert.equal(fakes.arxiv.requests.length - before, 1, `${link}: one request, to the configured arXiv API`);
    assert.equal(fakes.total() - total, 1, `${link}: no other request`);
    assert.match(fakes.arxiv.requests.at(-1)!.path, /id_list=2401\.06102&/);
    assert.equal(outcome.stored.answer.paper?.id, 'arxiv:2401.06102', link);
  }
  // Corpus papers by such links ask nothing.
  const before = fakes.total();
  for (const link of ['https://huggingface.co/papers/2211.00593', 'arxiv.org/abs/2211.00593']) {
    const outcome = await step().ask(link, origin);
    assert.ok(outcome.ok);
    assert.match(outcome.stored.answer.notices[0]!, /found in the corpus/, link);
  }
  assert.equal(fakes.total(), before);
});

test('a link the corpus has asks no source', async () => {
  const before = fakes.total();
  const outcome = await step().ask('https://arxiv.org/abs/2211.00593', origin);
  assert.ok(outcome.ok);
  assert.match(outcome.stored.answer.notices[0]!, /found in the corpus/);
  assert.equal(fakes.total(), before);
});

test('with the network off, an unknown link is "can\'t tell" on all four senses, with a notice, and nothing is fetched', async () => {
  const before = fakes.total();
  const outcome = await step({ MECHANISTIC_NETWORK: 'off' }).ask('https://arxiv.org/abs/2402.12865', origin);
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  for (const k of DEFINITION_KEYS) assert.equal(a.definitions[k].applies, null, `${k}: can't tell, never no`);
  assert.equal(a.precedents.length, 0);
  assert.ok(a.notices.some((n) => /MECHANISTIC_NETWORK=off/.test(n)), a.notices.join(' | '));
  assert.equal(fakes.total(), before);
});

test('a paper no source has is "can\'t tell", and the notice says it was not found', async () => {
  fakes.arxiv.route('/api/query?id_list=2402.99999&', { body: fixture('arxiv-empty.atom.xml'), headers: ATOM });
  fakes.s2.route('/graph/v1/paper/ARXIV:2402.99999?', { status: 404, body: '{"error":"Paper with id ARXIV:2402.99999 not found"}', headers: JSON_TYPE });
  const outcome = await step().ask('arXiv:2402.99999', origin);
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  for (const k of DEFINITION_KEYS) assert.equal(a.definitions[k].applies, null);
  assert.ok(a.notices.some((n) => /not found/i.test(n)), a.notices.join(' | '));
});

test('a link to another site is never fetched; the question is answered from its text', async () => {
  const before = fakes.total();
  const outcome = await step().ask('https://example.org/our-paper.pdf we patch attention heads to find a circuit', origin);
  assert.ok(outcome.ok);
  assert.equal(fakes.total(), before);
  assert.equal(outcome.stored.answer.definitions.narrowTechnical.applies, true);
});

// ---- A title pasted alone (looksLikePaperTitle → resolvePaperTitle: corpus, cache, Semantic Scholar's match) ----

const MATCH = '/graph/v1/paper/search/match?';
const s2Match = (title: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    data: [
      {
        paperId: 'a'.repeat(40),
        externalIds: { ArXiv: '2401.06102' },
        title,
        abstract: null,
        venue: 'International Conference on Machine Learning',
        year: 2024,
        publicationDate: '2024-01-11',
        authors: [{ authorId: '1', name: 'Asma Ghandeharioun' }, { authorId: '2', name: 'Avi Caciularu' }, { authorId: '3', name: 'Mor Geva' }],
        matchScore: 180.2,
        ...extra,
      },
    ],
  });

test('ordinary questions are never sent to the title search: zero requests', async () => {
  const before = fakes.total();
  for (const q of [
    'what is activation patching?',
    'How do induction heads relate to earlier work on copying',
    'we patch attention heads to find a circuit for indirect objects',
    'Is probing with diagnostic classifiers mechanistic',
    'sparse autoencoders',
    'Explain the logit lens and the tuned lens in detail please',
    'Steering vectors added to the residual stream change the output.',
    'Locating and Editing Factual Associations in GPT', // a corpus title: the corpus answers, no source is asked
    'is "Locating and Editing Factual Associations in GPT" mechanistic?', // quoted, the same
    'what does "the logit lens" read, and is it mechanistic?', // a quoted phrase is not a title
    'Wang et al. (2023) interpretability in the wild', // a citation: the corpus answers it
  ]) {
    const outcome = await step().ask(q, origin);
    assert.ok(outcome.ok, q);
  }
  assert.equal(fakes.s2.requests.filter((r) => r.path.includes('/search/match')).length, 0);
  assert.equal(fakes.total(), before);
});

test('a title alone of a paper outside the corpus is matched on Semantic Scholar and answered about when the titles agree', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  const before = fakes.s2.requests.length;
  // Different case and punctuation from the source's title still agree.
  const outcome = await step().ask('patchscopes a unifying framework for inspecting hidden representations of language models', origin);
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  assert.equal(fakes.s2.requests.length - before, 1);
  assert.match(fakes.s2.requests.at(-1)!.path, /search\/match\?query=patchscopes/);
  assert.equal(a.paper?.title, title);
  assert.equal(a.paper?.id, 'arxiv:2401.06102');
  assert.ok(a.notices.some((n) => /read from Semantic Scholar/.test(n)), a.notices.join(' | '));
  assert.ok(a.notices.some((n) => /Found by its title/.test(n)), a.notices.join(' | '));
  for (const p of a.precedents) assert.ok(p.year <= 2024, `${p.id} is earlier`);
});

/** An abstract-length text of our own, pasted under a title line (no paper's prose). */
const BODY = 'We read hidden representations of a language model by decoding them with the model itself, patching each one into a separate inference pass that is asked to describe it. Across layers, the decoded descriptions show where entity attributes become readable, and they let us correct multi-hop reasoning errors by patching a later layer into an earlier one.';

test('a pasted paper (title, author line, abstract) outside the corpus is found by its title alone, and dated by it', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  const before = fakes.total();
  // A store of its own: the title-alone test may have cached this title already.
  const own = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-pasted-'))));
  const outcome = await step({}, own).ask(`${title}\nAsma Ghandeharioun, Avi Caciularu, Mor Geva\n\n${BODY}`, origin);
  await own.close();
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  assert.equal(fakes.total() - before, 1, 'one request, to the configured Semantic Scholar');
  // Only the title line is sent, never the abstract.
  const sent = decodeURIComponent(fakes.s2.requests.at(-1)!.path.split('query=')[1]!.split('&')[0]!);
  assert.equal(sent, title);
  assert.equal(a.paper?.title, title);
  assert.equal(a.paper?.year, 2024);
  assert.ok(a.notices.some((n) => /Found by its title/.test(n)), a.notices.join(' | '));
  for (const p of a.precedents) assert.ok(p.year <= 2024, `${p.id} is earlier`);
});

test('a burst of pasted papers: title lookups past the line Semantic Scholar allows are skipped at once, and those papers are answered undated, saying why', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  const before = fakes.s2.requests.length;
  // One request a second to Semantic Scholar, on a clock that stands still, and a pasted title may wait 1.5 s in line:
  // the first starts now, the second in 1 s, a third would start in 2 s and is refused whatever the timing of the
  // first two. No cache, so no lookup is answered from another's.
  const sources = sourcesFor(fakes, {}, { minIntervalMs: { arxiv: 0, 'semantic-scholar': 1000 }, now: () => 1_000_000 });
  const burst = createAnswerStep({
    mechanistic,
    store,
    log: createLogger('silent'),
    now: () => new Date(),
    answerTimeoutMs: 20_000,
    logQuestionText: false,
    resolvePaper: createPaperResolution({ corpus: mechanistic.corpus, sources, pastedTitleQueueMs: 1500 }),
  });
  const pasted = `${title}\nAsma Ghandeharioun, Avi Caciularu, Mor Geva\n\n${BODY}`;
  const outcomes = await Promise.all(Array.from({ length: 6 }, () => burst.ask(pasted, origin)));
  assert.equal(fakes.s2.requests.length - before, 2, 'two lookups sent; the other four never joined the line');
  const answers = outcomes.map((o) => {
    assert.ok(o.ok, 'every paste is answered');
    return o.stored.answer;
  });
  const dated = answers.filter((a) => a.paper !== null);
  const undated = answers.filter((a) => a.paper === null);
  assert.equal(dated.length, 2);
  for (const a of dated) assert.equal(a.paper?.year, 2024);
  assert.equal(undated.length, 4);
  for (const a of undated) {
    const notices = a.notices.join(' | ');
    assert.match(notices, /Could not search Semantic Scholar for this title \(Semantic Scholar is busy: .*at one request every 1 s, longer than the 1\.5 s this lookup may wait\); answered from the text alone/);
    assert.match(notices, /The text gives no date/, 'the undated answer says what the missing date kept out');
  }
  assert.deepEqual(sources.sleeps, [1000], 'only the second lookup waited for its turn');
});

test('configured from the answer timeout, lookups made while answering wait in line at most a share of it', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  // The process keeps one line per host on the real clock, shared by every lookup: services of their own (another
  // port), so no earlier test's request stands in this line.
  const own = await startFakes();
  try {
    own.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
    // 4 s to answer → 1.6 s in line; Semantic Scholar at its default pace of one request a second (the real clock).
    const config = loadConfig({ ...own.env, MECHANISTIC_ANSWER_TIMEOUT_MS: '4000', MECHANISTIC_SOURCE_TIMEOUT_MS: '3000' });
    const resolve = paperResolutionFromConfig(config, mechanistic.corpus, undefined);
    const [first, second, third] = await Promise.all([resolve(title), resolve(title), resolve(title)]);
    assert.equal(own.s2.requests.length, 2, 'the third lookup would start about 2 s from now: refused, nothing sent');
    assert.equal(first?.fetched?.year, 2024);
    assert.equal(second?.fetched?.year, 2024);
    assert.equal(third?.fetched, undefined);
    assert.match(third?.notices.join(' | ') ?? '', /Semantic Scholar is busy: .*longer than the 1\.6 s this lookup may wait/);
  } finally {
    await own.close();
  }
});

test('a paper pasted in one line ("Title. Abstract…") outside the corpus is found by its title alone, and dated by it', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  const own = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-one-line-'))));
  const before = fakes.total();
  const outcome = await step({}, own).ask(`${title}. ${BODY}`, origin);
  await own.close();
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  assert.equal(fakes.total() - before, 1, 'one request, to the configured Semantic Scholar');
  const sent = decodeURIComponent(fakes.s2.requests.at(-1)!.path.split('query=')[1]!.split('&')[0]!);
  assert.equal(sent, title, 'only the title is sent, never the abstract');
  assert.equal(a.paper?.year, 2024);
  assert.ok(a.notices.some((n) => /Found by its title/.test(n)), a.notices.join(' | '));
});

test('a paper pasted in one line with its author names after a sentence-case title is found by that title alone', async () => {
  // The names between title and abstract tell a title from an abstract's first sentence (runOnHeader): a title in
  // sentence case or put as a question is looked up too, and only the title is sent.
  const title = 'Patchscopes: a unifying framework for inspecting hidden representations of language models?';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  const own = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-one-line-names-'))));
  const before = fakes.total();
  const outcome = await step({}, own).ask(`${title} Asma Ghandeharioun, Avi Caciularu, Mor Geva ${BODY}`, origin);
  await own.close();
  assert.ok(outcome.ok);
  assert.equal(fakes.total() - before, 1, 'one request, to the configured Semantic Scholar');
  const sent = decodeURIComponent(fakes.s2.requests.at(-1)!.path.split('query=')[1]!.split('&')[0]!);
  assert.equal(sent, title, 'only the title is sent, never the names or the abstract');
  assert.equal(outcome.stored.answer.paper?.year, 2024);
  // Without the names, the same sentence-case opening cannot be told from an abstract's first sentence: nothing is sent.
  const bare = await step().ask(`${title} ${BODY}`, origin);
  assert.ok(bare.ok);
  assert.equal(fakes.total() - before, 1, 'no request for the opening without names');
  // Every line break a space and no mark after the title (Discord's command box): the title ends where the names begin.
  const plain = 'Patchscopes a unifying framework for inspecting hidden representations of language models';
  fakes.s2.route(MATCH, { body: s2Match(plain), headers: JSON_TYPE });
  const spaced = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-spaces-'))));
  const outcome2 = await step({}, spaced).ask(`${plain} Asma Ghandeharioun, Avi Caciularu, Mor Geva ${BODY}`, origin);
  await spaced.close();
  assert.ok(outcome2.ok);
  assert.equal(fakes.total() - before, 2, 'one request more');
  assert.equal(decodeURIComponent(fakes.s2.requests.at(-1)!.path.split('query=')[1]!.split('&')[0]!), plain);
  assert.equal(outcome2.stored.answer.paper?.year, 2024);
});

test('a title alone in a chat quote or markdown is looked up as the title, without the marks around it', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  for (const typed of [`> ${title}`, `**${title}**`]) {
    const own = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-marked-'))));
    const before = fakes.total();
    const outcome = await step({}, own).ask(typed, origin);
    await own.close();
    assert.ok(outcome.ok);
    assert.equal(fakes.total() - before, 1, typed);
    const sent = decodeURIComponent(fakes.s2.requests.at(-1)!.path.split('query=')[1]!.split('&')[0]!);
    assert.equal(sent, title, typed);
    assert.equal(outcome.stored.answer.paper?.title, title, typed);
  }
});

test('a short question quoting the title of a paper outside the corpus is matched on Semantic Scholar by that title alone', async () => {
  const title = 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models';
  fakes.s2.route(MATCH, { body: s2Match(title), headers: JSON_TYPE });
  const own = openSqliteStore(databasePath(mkdtempSync(join(tmpdir(), 'mech-quoted-'))));
  const before = fakes.total();
  const outcome = await step({}, own).ask(`is “${title}” mechanistic, and what came before it?`, origin);
  await own.close();
  assert.ok(outcome.ok);
  assert.equal(fakes.total() - before, 1, 'one request, to the configured Semantic Scholar');
  const sent = decodeURIComponent(fakes.s2.requests.at(-1)!.path.split('query=')[1]!.split('&')[0]!);
  assert.equal(sent, title, 'only the quoted title is sent');
  assert.equal(outcome.stored.answer.paper?.title, title);
  assert.equal(outcome.stored.answer.paper?.year, 2024);
});

test('a question or a corpus paper pasted above an abstract asks no source', async () => {
  const before = fakes.total();
  for (const q of [
    `What does this paper patch, and is it mechanistic?\n\n${BODY}`,
    `we patch hidden representations\n${BODY}`,
    `Locating and Editing Factual Associations in GPT\nKevin Meng, David Bau\n\n${BODY}`,
    // In one line: a corpus paper's title opening it, or an abstract that opens with a sentence.
    `Locating and Editing Factual Associations in GPT. ${BODY}`,
    BODY,
  ]) {
    const outcome = await step().ask(q, origin);
    assert.ok(outcome.ok, q.slice(0, 40));
  }
  assert.equal(fakes.total(), before);
});

test('a title whose match is another paper is not answered about: the text is answered alone', async () => {
  fakes.s2.route(MATCH, { body: s2Match('Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models'), headers: JSON_TYPE });
  const outcome = await step().ask('A Unifying Framework for Counting Sheep in Dreams', origin);
  assert.ok(outcome.ok);
  assert.equal(outcome.stored.answer.paper, null);
});

test('a title Semantic Scholar matches to a corpus paper (by its arXiv id) is answered as the corpus paper', async () => {
  fakes.s2.route(MATCH, { body: fixture('s2-match.json'), headers: JSON_TYPE });
  const outcome = await step().ask('Causal Mediation Analysis for Interpreting Neural NLP: The Case of Gender Bias', origin);
  assert.ok(outcome.ok);
  const a = outcome.stored.answer;
  assert.equal(a.paper?.title, 'Investigating Gender Bias in Language Models Using Causal Mediation Analysis');
  assert.match(a.notices[0]!, /found in the corpus/);
});

test('with the network off, a title alone asks nothing', async () => {
  const before = fakes.total();
  const outcome = await step({ MECHANISTIC_NETWORK: 'off' }).ask('Towards Monosemanticity Revisited With Larger Sparse Dictionaries', origin);
  assert.ok(outcome.ok);
  assert.equal(outcome.stored.answer.paper, null);
  assert.equal(fakes.total(), before);
});
