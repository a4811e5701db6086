import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../src/sources/index.ts';
import { BIB, fixture, sourcesFor, startFakes, type Fakes } from './fakes.ts';

let fakes: Fakes;
before(async () => {
  fakes = await startFakes();
});
after(() => fakes.close());

test('Anthology: {id}.bib → title, authors, venue, month, DOI and the (CC BY) abstract', async () => {
  fakes.anthology.route('/P19-1452.bib', { body: fixture('anthology-P19-1452.bib'), headers: BIB });
  const p = await sourcesFor(fakes).anthology.paper('p19-1452');
  assert.equal(fakes.anthology.requests.at(-1)!.path, '/P19-1452.bib');
  assert.equal(p.title, 'BERT Rediscovers the Classical NLP Pipeline');
  assert.deepEqual(p.authors, ['Ian Tenney', 'Dipanjan Das', 'Ellie Pavlick']);
  assert.equal(p.year, 2019);
  assert.equal(p.month, 7);
  assert.equal(p.date, '2019-07');
  assert.equal(p.venue, '57th Annual Meeting of the Association for Computational Linguistics');
  assert.equal(p.abstract, 'Test fixture text: probing a pre-trained encoder layer by layer for the steps of a classical NLP pipeline.');
  assert.equal(p.url, 'https://aclanthology.org/P19-1452/');
  assert.deepEqual(p.ids, { acl: 'P19-1452', doi: '10.18653/v1/p19-1452' });
  assert.equal(p.source, 'anthology');
});

test('Anthology: 404 is "not found"; an HTML page instead of BibTeX is a "bad-response"', async () => {
  fakes.anthology.route('/2099.acl-long.1.bib', { status: 404, body: '<!doctype html><title>Page not found</title>', headers: { 'content-type': 'text/html' } });
  fakes.anthology.route('/2099.acl-long.2.bib', { body: '<!doctype html><title>Maintenance</title>', headers: { 'content-type': 'text/html' } });
  const s = sourcesFor(fakes);
  await assert.rejects(s.anthology.paper('2099.acl-long.1'), (e: unknown) => e instanceof SourceError && e.kind === 'not-found' && /has no paper 2099\.acl-long\.1/.test(e.message));
  await assert.rejects(s.anthology.paper('2099.acl-long.2'), (e: unknown) => e instanceof SourceError && e.kind === 'bad-response');
});
