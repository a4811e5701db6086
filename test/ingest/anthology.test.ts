import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtAnthologyId, parseAnthologyXml } from '../../src/ingest/anthology.ts';

const DATA = new URL('../../../shared/data/acl-anthology/', import.meta.url).pathname;
const hasData = existsSync(DATA);

test('reads every BlackboxNLP paper exactly as the Anthology index lists it', { skip: !hasData && 'shared/data not beside the repo' }, () => {
  const dir = join(DATA, 'blackboxnlp');
  const papers = readdirSync(dir).sort().flatMap((f) => {
    const r = parseAnthologyXml(readFileSync(join(dir, f), 'utf8'), f);
    assert.deepEqual(r.errors, [], f);
    return r.papers;
  });
  const rows = readFileSync(join(DATA, 'blackboxnlp-index.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  assert.equal(papers.length, 292);
  assert.equal(rows.length, 292);
  const byId = new Map(papers.map((p) => [p.ids.acl, p]));
  for (const [id, year, , title, authors] of rows) {
    const p = byId.get(id!);
    assert.ok(p, `missing ${id}`);
    assert.equal(p.title, title, id);
    assert.equal(p.authors.join('; '), authors, id);
    assert.equal(p.year, Number(year), id);
    assert.ok(p.abstract && p.abstract.length > 50, `${id} has its abstract`);
    assert.equal(p.venue, `BlackboxNLP ${year}`);
    assert.equal(p.url, `https://aclanthology.org/${id}/`);
  }
});

test('strips inline markup, decodes entities, and isolates broken papers', () => {
  const xml = readFileSync(new URL('../fixtures/ingest/anthology-broken.xml', import.meta.url), 'utf8');
  const { papers, errors } = parseAnthologyXml(xml, 'anthology-broken.xml');
  assert.deepEqual(papers.map((p) => p.ids.acl), ['2099.testws-1.1', '2099.testws-1.4']);
  const [first, last] = papers;
  assert.equal(first!.title, 'Probing BERT for agreement with \\alpha & friends');
  assert.equal(first!.abstract, 'We test whether BERT encodes agreement. The answer is mostly yes.');
  assert.deepEqual(first!.authors, ['Ada Bölük', 'Lin Chen']);
  assert.equal(first!.month, 6);
  assert.equal(first!.ids.doi, '10.18653/v1/2099.testws-1.1');
  assert.equal(last!.ids.acl, '2099.testws-1.4', 'a paper without <url> gets the id built from its parts');
  assert.equal(last!.abstract, undefined);
  assert.equal(errors.length, 2);
  assert.equal(errors[0]!.record, '2099.testws-1.2');
  assert.match(errors[0]!.message, /broken XML at line \d+: .*title/);
  assert.equal(errors[1]!.record, '2099.testws-1.3');
  assert.match(errors[1]!.message, /no <title>/);
});

test('a file that is not Anthology XML is one clear error', () => {
  const r = parseAnthologyXml('<html><body>404</body></html>', 'page.xml');
  assert.equal(r.papers.length, 0);
  assert.match(r.errors[0]!.message, /no <collection id=/);
});

test('old-style and new-style Anthology ids are built from their parts', () => {
  assert.equal(builtAnthologyId('W18', '54', '1'), 'W18-5401');
  assert.equal(builtAnthologyId('D19', '1', '7'), 'D19-1007');
  assert.equal(builtAnthologyId('2022.emnlp', 'main', '804'), '2022.emnlp-main.804');
});

test('main-venue volumes are named by venue, year and track', { skip: !hasData && 'shared/data not beside the repo' }, () => {
  const r = parseAnthologyXml(readFileSync(join(DATA, 'main', 'N19.xml'), 'utf8'), 'N19.xml');
  const venues = new Set(r.papers.map((p) => p.venue));
  assert.ok(venues.has('NAACL 2019'));
  assert.ok(venues.has('NAACL 2019 (Student Research Workshop)'));
  assert.ok(venues.has('NAACL 2019 (demos)'));
  const hewitt = r.papers.find((p) => p.ids.acl === 'N19-1419');
  assert.equal(hewitt?.title, 'A Structural Probe for Finding Syntax in Word Representations');
  assert.equal(hewitt?.track, 'main');
});
