/**
 * Shows index-building progress on stderr: a bar redrawn in place on a terminal, and one line
 * per phase otherwise (so logs and CI output are not flooded with carriage returns).
 */
import type { IndexProgress } from '../retrieval/vector-index.ts';

const BAR_WIDTH = 30;
const LABELS = { embed: 'embedding texts', insert: 'building HNSW graph' } as const;

export function indexProgressPrinter(stream: NodeJS.WriteStream = process.stderr): (event: IndexProgress) => void {
  const tty = stream.isTTY === true;
  return (event) => {
    if (event.phase === 'rebuild') {
      stream.write(`index: rebuilding (${event.reason})\n`);
      return;
    }
    if (event.phase === 'warning') {
      stream.write(`index: warning: ${event.message}\n`);
      return;
    }
    const { done, total } = event;
    if (total === 0) return;
    const label = LABELS[event.phase];
    if (tty) {
      const filled = Math.round((done / total) * BAR_WIDTH);
      stream.write(`\r${label.padEnd(20)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`);
      if (done === total) stream.write('\n');
    } else if (done === 0 || done === total) {
      stream.write(`${label}: ${done}/${total}\n`);
    }
  };
}
