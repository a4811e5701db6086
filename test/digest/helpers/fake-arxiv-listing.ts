/**
 * A loopback fake of the arXiv API's listing queries: a real HTTP server on 127.0.0.1 that reads
 * `search_query` (`(cat:A OR cat:B) AND submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]`), `start`, `max_results`,
 * `sortBy=submittedDate` and `sortOrder`, and answers Atom feeds in arXiv's format (opensearch:totalResults,
 * startIndex, itemsPerPage, one <entry> per paper with arxiv:primary_category and categories). It can answer
 * one 503 at a given `start`, or one empty page (arXiv's known hiccup), to test the client's handling.
 * It also answers `id_list` lookups (one paper by id, as answers ask), and counts the requests it is answering
 * at once; with `holdMs` it holds each answer until another request comes in (or that long), so two clients
 * that do not wait in one line are caught overlapping.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListingEntry {
  id: string;
  /** ISO 8601 UTC, the first version's submission. */
  published: string;
  title: string;
  authors: string[];
  abstract: string;
  categories: string[];
}

export interface ListingRequest {
  query: string;
  start: number;
  maxResults: number;
  sortBy: string | null;
  sortOrder: string | null;
  status: number;
}

export interface FakeArxivListing {
  baseUrl: string;
  /** The configured MECHANISTIC_ARXIV_API_URL. */
  apiUrl: string;
  requests: ListingRequest[];
  /** The next request at `start` answers 503 (once per call). */
  fail503At(start: number): void;
  /** The next request at `start` answers a page with no entries (once per call). */
  emptyAt(start: number): void;
  /** `id_list` lookups asked, in order. */
  lookups: string[];
  /** The most requests it was answering at once. */
  maxInFlight(): number;
  /** Hold each answer until another request arrives, or at most `ms` (0: answer at once, the default). */
  hold(ms: number): void;
  close(): Promise<void>;
}

export function loadListingFixture(name = 'arxiv-listing-2026-W34.json'): ListingEntry[] {
  return (JSON.parse(readFileSync(new URL(`../../fixtures/sources/${name}`, import.meta.url), 'utf8')) as { entries: ListingEntry[] }).entries;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function minute(iso: string): string {
  return iso.slice(0, 16).replace(/[-T:]/g, '');
}

function parseQuery(q: string): { cats: string[]; from: string; to: string } | null {
  const m = /^\(([^)]*)\) AND submittedDate:\[(\d{12}) TO (\d{12})\]$/.exec(q);
  if (!m) return null;
  const cats = m[1]!.split(' OR ').map((c) => /^cat:(\S+)$/.exec(c.trim())?.[1]);
  if (cats.some((c) => !c)) return null;
  return { cats: cats as string[], from: m[2]!, to: m[3]! };
}

function feed(selfQuery: string, total: number, start: number, entries: ListingEntry[]): string {
  const body = entries
    .map(
      (e) => `  <entry>
    <id>http://arxiv.org/abs/${e.id}v1</id>
    <updated>${e.published}</updated>
    <published>${e.published}</published>
    <title>${xml(e.title)}</title>
    <summary>${xml(e.abstract)}</summary>
${e.authors.map((a) => `    <author>\n      <name>${xml(a)}</name>\n    </author>`).join('\n')}
    <link href="http://arxiv.org/abs/${e.id}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${e.id}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="${e.categories[0]}" scheme="http://arxiv.org/schemas/atom"/>
${e.categories.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?${xml(selfQuery)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${xml(selfQuery)}</title>
  <id>http://arxiv.org/api/fakeListing</id>
  <updated>2026-08-24T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:itemsPerPage>
${body}
</feed>
`;
}

export async function startFakeArxivListing(entries: readonly ListingEntry[]): Promise<FakeArxivListing> {
  const requests: ListingRequest[] = [];
  const lookups: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let holdMs = 0;
  let arrived: (() => void)[] = [];
  const fail503 = new Map<number, number>();
  const empty = new Map<number, number>();
  const take = (m: Map<number, number>, start: number) => {
    const n = m.get(start) ?? 0;
    if (n > 0) m.set(start, n - 1);
    return n > 0;
  };
  const server: Server = createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    for (const wake of arrived.splice(0)) wake();
    if (holdMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, holdMs);
        arrived.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const idList = url.searchParams.get('id_list');
    if (url.pathname === '/api/query' && idList !== null) {
      lookups.push(idList);
      const found = entries.filter((e) => e.id === idList);
      res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(feed(url.search.slice(1), found.length, 0, found));
      return;
    }
    const query = url.searchParams.get('search_query') ?? '';
    const start = Number(url.searchParams.get('start') ?? '0');
    const maxResults = Number(url.searchParams.get('max_results') ?? '10');
    const record = (status: number) =>
      requests.push({ query, start, maxResults, sortBy: url.searchParams.get('sortBy'), sortOrder: url.searchParams.get('sortOrder'), status });
    if (url.pathname !== '/api/query') {
      record(404);
      res.writeHead(404).end();
      return;
    }
    if (take(fail503, start)) {
      record(503);
      res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
      return;
    }
    const q = parseQuery(query);
    if (!q || !Number.isInteger(start) || start < 0 || !Number.isInteger(maxResults) || maxResults < 1) {
      // arXiv reports a malformed query as a feed with one error entry.
      record(400);
      res.writeHead(400, { 'content-type': 'application/atom+xml' }).end(
        `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults><entry><id>http://arxiv.org/api/errors#incorrect_query</id><title>Error</title><summary>malformed query</summary></entry></feed>`,
      );
      return;
    }
    const matching = entries
      .filter((e) => e.categories.some((c) => q.cats.includes(c)) && minute(e.published) >= q.from && minute(e.published) <= q.to)
      .sort((a, b) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id));
    if (url.searchParams.get('sortOrder') === 'descending') matching.reverse();
    const page = take(empty, start) ? [] : matching.slice(start, start + maxResults);
    record(200);
    res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(feed(url.search.slice(1), matching.length, start, page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/query`,
    requests,
    fail503At: (start) => void fail503.set(start, (fail503.get(start) ?? 0) + 1),
    emptyAt: (start) => void empty.set(start, (empty.get(start) ?? 0) + 1),
    lookups,
    maxInFlight: () => maxInFlight,
    hold: (ms) => {
      holdMs = ms;
      arrived = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
