/**
 * bench/results.md is shared: `npm run bench` owns the part between its markers and replaces only
 * that, so sections other scripts append (the load test) survive a rerun.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const START = '<!-- bench:start (written by npm run bench; replaced on every run) -->';
export const END = '<!-- bench:end -->';
const TITLE = '# Benchmark results';

export function replaceSection(existing: string, section: string): string {
  const block = `${START}\n${section.trimEnd()}\n${END}`;
  const s = existing.indexOf(START);
  const e = existing.indexOf(END);
  if (s >= 0 && e > s) return `${existing.slice(0, s)}${block}${existing.slice(e + END.length)}`;
  if (existing.startsWith(TITLE)) {
    const rest = existing.slice(TITLE.length).replace(/^\n+/, '');
    return `${TITLE}\n\n${block}\n\n${rest}`.trimEnd() + '\n';
  }
  return `${TITLE}\n\n${block}\n${existing ? `\n${existing}` : ''}`;
}

export function writeSection(path: string, section: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, replaceSection(existsSync(path) ? readFileSync(path, 'utf8') : '', section));
}

/** Markers of a block that one part of the bench writes on its own (`npm run bench -- --only <name>`). */
export function namedMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start (written by npm run bench; replaced on every run) -->`, end: `<!-- bench:${name}:end -->` };
}

/** Replaces the named block, or puts it after the main bench section (else under the title). */
export function replaceNamedSection(existing: string, name: string, section: string): string {
  const { start, end } = namedMarkers(name);
  const block = `${start}\n${section.trimEnd()}\n${end}`;
  const s = existing.indexOf(start);
  const e = existing.indexOf(end);
  if (s >= 0 && e > s) return `${existing.slice(0, s)}${block}${existing.slice(e + end.length)}`;
  const mainEnd = existing.indexOf(END);
  if (mainEnd >= 0) {
    const at = mainEnd + END.length;
    return `${existing.slice(0, at)}\n\n${block}${existing.slice(at)}`;
  }
  return replaceSection(existing, block);
}

export function writeNamedSection(path: string, name: string, section: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, replaceNamedSection(existsSync(path) ? readFileSync(path, 'utf8') : '', name, section));
}

/**
 * Appends `line` to the table under `header` (a `## …` section of appended rows, not replaced), or
 * adds the section at the end with `intro` and the table's head first.
 */
export function appendTableRow(path: string, o: { header: string; intro: string; table: string; line: string }): void {
  mkdirSync(dirname(path), { recursive: true });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `${TITLE}\n`;
  if (!current.includes(o.header)) {
    writeFileSync(path, `${current.replace(/\n*$/, '\n')}\n${o.header}\n\n${o.intro}\n\n${o.table}\n${o.line}\n`);
    return;
  }
  // Rows go at the end of the section's table, wherever other benchmarks append their sections.
  const start = current.indexOf(o.header);
  const tableEnd = current.indexOf('\n\n', current.indexOf(o.table, start) + o.table.length);
  const at = tableEnd === -1 ? current.length : tableEnd;
  writeFileSync(path, `${current.slice(0, at).replace(/\n$/, '')}\n${o.line}${current.slice(at)}${tableEnd === -1 ? '\n' : ''}`);
}
