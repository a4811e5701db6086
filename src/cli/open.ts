/**
 * Opens the service for a CLI command: configuration from the environment, index progress on stderr.
 */
import { loadConfig } from '../config.ts';
import type { Mechanistic } from '../core/service.ts';
import { openMechanistic } from '../app.ts';
import type { CliIo } from './command.ts';
import { indexProgressPrinter } from './index-progress.ts';

export async function openForCli(io: CliIo): Promise<Mechanistic> {
  const config = loadConfig(io.env);
  return openMechanistic(config, {
    progress: indexProgressPrinter(),
    log: (m) => {
      if (io.env.MECHANISTIC_QUIET !== '1') io.stderr(`mechanistic: ${m}`);
    },
  });
}
