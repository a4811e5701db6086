import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HttpClient } from '../../src/ingest/http-client.ts';
import { fetchS2, parseS2Paper, parseS2References } from '../../src/ingest/semantic-scholar.ts';
import { startLoopback } from './loopback.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url), 'utf8');

test('an S2 paper becomes a record with its external ids and an arXiv URL, and no abstract', () => {
  const { papers, errors } = parseS2Paper(JSON.parse(fixture('s2-paper.json')), 's2:test');
  assert.deepEqual(errors, []);
  const [p] = papers;
  assert.equal(p!.ids.s2, '204e3073870fae3d05bcbc2f6a8e263d9b72e776');
  assert.equal(p!.ids.arxiv, '2004.12265');
  assert.equal(p!.url, 'https://arxiv.org/abs/2004.12265');
  assert.equal(p!.month, 4);
  assert.deepEqual(p!.authors, ['Jesse Vig', 'Sebastian Gehrmann', 'Yonatan Belinkov']);
  assert.equal(p!.abstract, undefined);
});

test('a references page keeps resolved works, reports the unresolved one, and gives the next offset', () => {
  const page = parseS2References(JSON.parse(fixture('s2-references-page1.json')), 's2:refs');
  assert.equal(page.papers.length, 1);
  assert.equal(page.papers[0]!.url, 'https://aclanthology.org/N19-1419/');
  assert.equal(page.papers[0]!.ids.acl, 'N19-1419');
  assert.equal(page.errors.length, 1);
  assert.match(page.errors[0]!.message, /missing paperId, authors, year/);
  assert.equal(page.next, 2);
  assert.match(parseS2References({ error: 'Not found' }, 's2:x').errors[0]!.message, /expected \{"data"/);
});

test('fetchS2 follows the references pages over a loopback Graph API', async () => {
  const server = await startLoopback();
  try {
    server.route('/graph/v1/paper/arXiv%3A2004.12265?', { body: fixture('s2-paper.json') });
    server.route('/graph/v1/paper/arXiv%3A2004.12265/references', { body: fixture('s2-references-page1.json') }, { body: fixture('s2-references-page2.json') });
    const client = new HttpClient({ minIntervalMs: 0 });
    const result = await fetchS2('arXiv:2004.12265', true, { client, baseUrl: `${server.baseUrl}/graph/v1` });
    assert.deepEqual(result.papers.map((p) => p.title.split(':')[0]), [
      'Causal Mediation Analysis for Interpreting Neural NLP',
      'A Structural Probe for Finding Syntax in Word Representations',
      'Amnesic Probing',
    ]);
    assert.equal(result.errors.length, 1);
    assert.deepEqual(
      server.requests.map((r) => new URL(r.path, server.baseUrl).searchParams.get('offset')),
      [null, '0', '2'],
    );
    assert.match(server.requests[0]!.path, /fields=paperId%2CexternalIds|fields=paperId,externalIds/);
  } finally {
    await server.close();
  }
});
