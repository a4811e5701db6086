/**
 * Opens the service for a CLI command: configuration from the environment, index progress on stderr.
 */
import { loadConfig } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import { openMechanistic } from '../app.ts';
import type { IndexProgress } from '../retrieval/vector-index.ts';
import type { CliIo } from './command.ts';

export function progressPrinter(io: CliIo): (e: IndexProgress) => void {
  let lastPct = -1;
  return (e) => {
    if (e.phase === 'rebuild') {
      io.stderr(`mechanistic: building the search index (${e.reason})...`);
      lastPct = -1;
      return;
    }
    const pct = e.total === 0 ? 100 : Math.floor((100 * e.done) / e.total);
    if (pct >= lastPct + 10 || e.done === e.total) {
      lastPct = pct;
      io.stderr(`  ${e.phase === 'embed' ? 'embedding' : 'indexing'} ${e.done}/${e.total} (${pct}%)`);
    }
  };
}

export async function openForCli(io: CliIo): Promise<Mechanistic> {
  const config = loadConfig(io.env);
  return openMechanistic(config, {
    progress: progressPrinter(io),
    log: (m) => {
      if (io.env.MECHANISTIC_QUIET !== '1') io.stderr(`mechanistic: ${m}`);
    },
  });
}
