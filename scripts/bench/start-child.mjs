// One fresh process of the benchmark's "start" rows (scripts/bench/start.ts), on the compiled code
// (dist/), so nothing but Node and dist/ is timed. Plain JavaScript. Prints one JSON line.
//   node start-child.mjs load <corpus dir>   loadCorpus alone (the snapshot when it matches, else the YAML)
//   node start-child.mjs open <corpus dir>   the service with lexical search only, up to its first answer
//   node start-child.mjs ask <question>      `mechanistic ask <question> --json` as the bin runs it (the CLI's
//                                            bundle with its code cache), but without the early encoder thread
//                                            (the encoder on the main thread)
const [mode, dir] = process.argv.slice(2);
if (mode === 'ask') {
  const { loadCli, saveCliCodeCache } = await import('../../dist/cli/load-bundle.js');
  process.exitCode = await loadCli().cli.main(['ask', dir, '--json']);
  saveCliCodeCache();
}
/** CPU time of this process so far (user + system, all threads), in ms: steadier than wall time on a busy machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
if (mode === 'load') {
  const { loadCorpus } = await import('../../dist/corpus/load.js');
  const t1 = performance.now();
  const corpus = loadCorpus(dir);
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ papers: corpus.papers.size, concepts: corpus.concepts.size, importMs: t1 - t0, loadMs: t2 - t1, cpuMs: cpuMs() })}\n`);
} else if (mode === 'open') {
  const [{ openMechanistic }, { loadConfig }] = await Promise.all([import('../../dist/app.js'), import('../../dist/config.js')]);
  const t1 = performance.now();
  const m = await openMechanistic(loadConfig({}), { corpusDir: dir, dense: false });
  const t2 = performance.now();
  await m.ask({ text: 'we did causal tracing on the MLPs', limit: 10, offset: 0 });
  const t3 = performance.now();
  process.stdout.write(`${JSON.stringify({ importMs: t1 - t0, openMs: t2 - t1, askMs: t3 - t2, cpuMs: cpuMs() })}\n`);
}
