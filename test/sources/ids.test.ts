import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInput } from '../../src/core/input.ts';
import { parseSourceId, toSourceId } from '../../src/sources/index.ts';

test('arXiv ids and links, new and old style, versioned or not, abs/pdf/html', () => {
  const cases: [string, string][] = [
    ['2211.00593', '2211.00593'],
    ['2211.00593v2', '2211.00593'],
    ['arXiv:2211.00593v12', '2211.00593'],
    ['https://arxiv.org/abs/2211.00593v2', '2211.00593'],
    ['https://arxiv.org/pdf/2211.00593v1.pdf', '2211.00593'],
    ['https://arxiv.org/pdf/2211.00593', '2211.00593'],
    ['https://arxiv.org/html/2211.00593v3', '2211.00593'],
    ['https://export.arxiv.org/abs/2211.00593', '2211.00593'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v3', 'hep-th/9901001'],
    ['arXiv:math.GT/0309136', 'math.GT/0309136'],
    ['https://arxiv.org/abs/hep-th/9901001v2', 'hep-th/9901001'],
    ['https://arxiv.org/pdf/cond-mat/0102536v1', 'cond-mat/0102536'],
  ];
  for (const [text, id] of cases) assert.deepEqual(parseSourceId(text), { kind: 'arxiv', value: id }, text);
});

test('ACL, DOI, OpenReview and Semantic Scholar ids; DOIs that are arXiv or Anthology ids become those', () => {
  assert.deepEqual(parseSourceId('https://aclanthology.org/2020.acl-main.383.pdf'), { kind: 'acl', value: '2020.acl-main.383' });
  assert.deepEqual(parseSourceId('P19-1452'), { kind: 'acl', value: 'P19-1452' });
  assert.deepEqual(parseSourceId('https://doi.org/10.1162/tacl_a_00349'), { kind: 'doi', value: '10.1162/tacl_a_00349' });
  assert.deepEqual(parseSourceId('doi:10.1162/TACL_A_00349'), { kind: 'doi', value: '10.1162/tacl_a_00349' });
  assert.deepEqual(parseSourceId('https://doi.org/10.48550/arXiv.2211.00593'), { kind: 'arxiv', value: '2211.00593' });
  assert.deepEqual(parseSourceId('10.18653/v1/2020.acl-main.383'), { kind: 'acl', value: '2020.acl-main.383' });
  assert.deepEqual(parseSourceId('https://openreview.net/forum?id=AbCdEf12345'), { kind: 'openreview', value: 'AbCdEf12345' });
  assert.deepEqual(parseSourceId('https://openreview.net/pdf?id=AbCdEf12345'), { kind: 'openreview', value: 'AbCdEf12345' });
  assert.deepEqual(parseSourceId('https://openreview.net/forum?id=AbCdEf12345&noteId=RevIew98765'), { kind: 'openreview', value: 'AbCdEf12345' });
  assert.deepEqual(parseSourceId('https://www.semanticscholar.org/paper/Causal-Mediation/204e3073870fae3d05bcbc2f6a8e263d9b72e776'), {
    kind: 's2',
    value: '204e3073870fae3d05bcbc2f6a8e263d9b72e776',
  });
});

test('links to other sites, and look-alike hosts, name no paper', () => {
  for (const text of [
    'https://example.com/abs/2211.00593',
    'https://arxiv.org.evil.example/abs/2211.00593',
    'https://evil.example/?u=https%3A%2F%2Farxiv.org%2Fabs%2F2211.00593',
    'https://openreview.net/group?id=ICLR.cc/2024/Conference',
    'https://transformer-circuits.pub/2023/monosemantic-features/index.html',
    'http://127.0.0.1:9/abs/2211.00593',
  ]) {
    assert.equal(parseSourceId(text), null, text);
  }
});

test('toSourceId reads what parseInput found in a question', () => {
  const ids = parseInput('is https://openreview.net/forum?id=AbCdEf12345 mechanistic? see also https://arxiv.org/abs/hep-th/9901001').identifiers;
  assert.deepEqual(ids.map(toSourceId), [
    { kind: 'openreview', value: 'AbCdEf12345' },
    { kind: 'arxiv', value: 'hep-th/9901001' },
  ]);
});
