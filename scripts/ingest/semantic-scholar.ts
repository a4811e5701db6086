/**
 * Imports papers from the Semantic Scholar Graph API: a paper, and with --references all works it cites.
 * S2 abstracts are not stored; give our own summaries with --summaries.
 *   npm run ingest:s2 -- --out s2.yaml --paper arXiv:2211.00593 [--references] [--summaries s.tsv]
 * Set S2_API_KEY to send an API key (optional; raises the rate limit).
 */
import { HttpClient } from '../../src/ingest/http-client.ts';
import { fetchS2 } from '../../src/ingest/semantic-scholar.ts';
import { argValue } from './paths.ts';
import { finish, usage } from './cli-common.ts';

const id = argValue('--paper') ?? usage('--paper <arXiv:…|DOI:…|ACL:…|S2 id> is required; and --out <file.yaml>');
const key = process.env.S2_API_KEY;
const client = new HttpClient({ minIntervalMs: key ? 1_000 : 3_000, ...(key ? { headers: { 'x-api-key': key } } : {}) });
const baseUrl = argValue('--base-url');
const result = await fetchS2(id, process.argv.includes('--references'), { client, ...(baseUrl ? { baseUrl } : {}) });
finish(result, `Semantic Scholar Graph API ${id}; abstracts not stored`);
