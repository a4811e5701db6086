/**
 * Opens the service for a CLI command: configuration from the environment, index progress on stderr.
 */
import { loadConfig } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import { openMechanistic } from '../app.ts';
import type { CliIo } from './command.ts';
import { indexProgressPrinter } from './index-progress.ts';

/**
 * `inProcessEncoder`: encode on the main thread, for a single question (starting encoder workers
 * costs more than one encoder call). Otherwise call `close()` on the result when done.
 */
export async function openForCli(io: CliIo, opts: { inProcessEncoder?: boolean } = {}): Promise<Mechanistic> {
  const config = loadConfig(io.env);
  return openMechanistic(config, {
    inProcessEncoder: opts.inProcessEncoder ?? false,
    progress: indexProgressPrinter(),
    log: (m) => {
      if (io.env.MECHANISTIC_QUIET !== '1') io.stderr(`mechanistic: ${m}`);
    },
  });
}
