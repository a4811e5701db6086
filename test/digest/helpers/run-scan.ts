/**
 * Child process for the scan crash test: scans a week against the loopback arXiv listing, and stops dead
 * (waits forever, to be killed) once the page at `holdAt` is fetched and cached, before its papers are stored.
 * argv: <db path> <arXiv API url> <now ISO> <page size> <hold at start>
 */
import { sourceCacheOf } from '../../../src/app/resolve-paper.ts';
import { createLogger } from '../../../src/log.ts';
import { PaperScanner } from '../../../src/digest/scan.ts';
import { openSqliteStore } from '../../../src/store/sqlite.ts';
import { scanMechanistic, scanSources } from './scan-setup.ts';

const [dbPath, arxivUrl, nowIso, pageSize, holdAt] = process.argv.slice(2) as [string, string, string, string, string];
const store = openSqliteStore(dbPath);
const scanner = new PaperScanner({
  store,
  mechanistic: scanMechanistic(),
  sources: scanSources({ arxivApiUrl: arxivUrl }),
  cache: sourceCacheOf(store.sourceCache),
  categories: ['cs.CL'],
  now: () => new Date(nowIso),
  log: createLogger('silent'),
  owner: 'crashing-scanner',
  pageSize: Number(pageSize),
  onPage: async (page) => {
    if (page.start !== Number(holdAt)) return;
    process.stdout.write('fetched\n');
    await new Promise(() => undefined);
  },
});
process.stdout.write('ready\n');
await scanner.scan({ year: 2026, week: 34 });
process.stdout.write('scan finished\n');
