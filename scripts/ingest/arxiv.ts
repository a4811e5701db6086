/**
 * Imports arXiv papers through the arXiv API (Atom), by ids or by a search query, or from a saved feed.
 *   npm run ingest:arxiv -- --out my-list.yaml --ids 2211.00593 2304.14997
 *   npm run ingest:arxiv -- --out my-list.yaml --query 'ti:"sparse autoencoders"' --max 20
 *   npm run ingest:arxiv -- --out my-list.yaml --feed saved.atom.xml
 * Options: --base-url (another API endpoint), --summaries (TSV of our summaries), --corpus (corpus dir).
 */
import { readFileSync } from 'node:fs';
import { fetchArxivIds, fetchArxivSearch, parseArxivAtom } from '../../src/ingest/arxiv.ts';
import { HttpClient } from '../../src/ingest/http-client.ts';
import { argValue, argValues } from './paths.ts';
import { finish, usage } from './cli-common.ts';

const client = new HttpClient({ minIntervalMs: 3_000 });
const baseUrl = argValue('--base-url');
const ids = argValues('--ids');
const query = argValue('--query');
const feed = argValue('--feed');
const result = feed
  ? parseArxivAtom(readFileSync(feed, 'utf8'), `arxiv-feed:${feed}`)
  : ids.length > 0
    ? await fetchArxivIds(ids, { client, ...(baseUrl ? { baseUrl } : {}) })
    : query
      ? await fetchArxivSearch(query, Number(argValue('--max') ?? 50), { client, ...(baseUrl ? { baseUrl } : {}) })
      : usage('give --ids <id…>, --query <arXiv search_query> [--max n], or --feed <file>; and --out <file.yaml>');
finish(result, 'arXiv API, metadata CC0');
