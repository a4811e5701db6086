/**
 * Writes docs/digest.md, docs/digest-example.png and docs/lineage-example.png: the README's
 * example digest and lineage picture, built from the shipped corpus and a made-up reading group's
 * eight weeks of questions (only concept and precedent ids, as the answer log keeps them).
 * The "New this week" example is a real scan: the scanner (src/digest/scan.ts) run on the real arXiv listing entries
 * of test/fixtures/sources/arxiv-listing-2026-W34.json, served by the tests' loopback arXiv fake (no network), and on
 * BlackboxNLP 2019's week (2019-W32) read from the ACL Anthology XML in ../shared/data/acl-anthology (CC BY 4.0).
 * Run: node --import tsx scripts/digest-example.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../src/corpus/load.ts';
import { lineageChartSpec } from '../src/digest/chart-spec.ts';
import { isoWeekRange, shiftIsoWeek } from '../src/digest/iso-week.ts';
import { buildLineage, lineageText } from '../src/digest/lineage.ts';
import { prepareDigest } from '../src/digest/prepare.ts';
import { renderPng } from '../src/digest/render-png.ts';
import type { Answer } from '../src/core/types.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { mechanisticOver } from '../src/app.ts';
import { sourceCacheOf } from '../src/app/resolve-paper.ts';
import { loadMissRates } from '../src/corpus/missed.ts';
import { DEFAULT_CORPUS_DIR } from '../src/corpus/load.ts';
import { PaperResolver } from '../src/core/paper-resolver.ts';
import { PaperScanner } from '../src/digest/scan.ts';
import { createLogger } from '../src/log.ts';
import { createRetriever } from '../src/retrieval/retriever.ts';
import { createSources } from '../src/sources/index.ts';
import { loadListingFixture, startFakeArxivListing } from '../test/digest/helpers/fake-arxiv-listing.ts';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const WEEK = { year: 2026, week: 47 };
const TZ = 'Europe/Berlin';
const LINEAGE_CONCEPT = 'activation-patching';

// Questions per week, oldest first (weeks 40–47): [concept id, how many].
const PLAN: [string, number][][] = [
  [['probing', 2], ['logit-lens', 1]],
  [['probing', 3], ['sparse-autoencoders', 1]],
  [['sparse-autoencoders', 2], ['activation-patching', 1]],
  [['activation-patching', 2], ['circuits', 2]],
  [['circuits', 3], ['induction-heads', 1]],
  [['sparse-autoencoders', 2], ['steering-vectors', 2], ['probing', 1]],
  [['activation-patching', 1], ['steering-vectors', 1]],
  [['activation-patching', 4], ['probing', 2], ['steering-vectors', 2], ['sparse-autoencoders', 1]],
];

const corpus = loadCorpus();
const dir = mkdtempSync(join(tmpdir(), 'mechanistic-digest-example-'));
try {
  const store = openSqliteStore(join(dir, 'mechanistic.db'));
  const verdict = { applies: null, confidence: 0, evidence: [] };
  const origin = { platform: 'slack' as const, workspaceId: 'T-EXAMPLE', channelId: 'C-READING', userId: null };
  for (const [i, week] of PLAN.entries()) {
    const start = isoWeekRange(shiftIsoWeek(WEEK, i - PLAN.length + 1), TZ).start.getTime();
    let n = 0;
    for (const [conceptId, count] of week) {
      const concept = corpus.concepts.get(conceptId);
      if (!concept) throw new Error(`the example names concept "${conceptId}", which the corpus does not have`);
      for (let k = 0; k < count; k++) {
        const askedAt = new Date(start + (n++ * 17 + 10) * 3_600_000);
        // Only what the digest reads is filled in: the concept and the precedents shown.
        const answer: Answer = {
          query: '',
          paper: null,
          notices: [],
          definitions: { narrowTechnical: verdict, broadTechnical: verdict, narrowCultural: verdict, broadCultural: verdict },
          concepts: [{ id: conceptId, name: concept.name, aliases: [], score: 1 }],
          precedents: concept.precedents.slice(0, 2 + (k % 2)).map((p) => {
            const paper = corpus.papers.get(p.id)!;
            return { id: p.id, title: paper.title, authors: paper.authors, year: paper.year, venue: paper.venue, url: paper.url, community: paper.community, why: p.why, score: 1 };
          }),
          related: [],
        };
        await store.answers.save({ origin, createdAt: askedAt, answer, queryText: null });
      }
    }
  }
  const message = await prepareDigest(store.answers, corpus, { platform: 'slack', channelId: 'C-READING', tz: TZ }, WEEK);
  if (!message) throw new Error('the example week composed to nothing');

  // "New this week": a real scan of a real listing week (2026-W34), through a loopback arXiv (Semantic Scholar unreachable).
  const arxiv = await startFakeArxivListing(loadListingFixture());
  const nowhere = 'http://127.0.0.1:9';
  const sources = createSources({ network: true, arxivApiUrl: arxiv.apiUrl, s2ApiUrl: `${nowhere}/graph/v1`, crossrefApiUrl: nowhere, openreviewApiUrl: nowhere, anthologyUrl: nowhere, timeoutMs: 5000, ttlDays: 30, minIntervalMs: { arxiv: 0, 'semantic-scholar': 0 } });
  const mechanistic = mechanisticOver(corpus, { corpus, resolver: new PaperResolver(corpus), retriever: createRetriever({ corpus }) }, 'none (lexical only)', loadMissRates(DEFAULT_CORPUS_DIR));
  const PAPER_WEEK = { year: 2026, week: 34 };
  const scanner = new PaperScanner({ store, mechanistic, sources, cache: sourceCacheOf(store.sourceCache), categories: ['cs.CL'], now: () => new Date('2026-08-24T08:00:00Z'), log: createLogger('silent') });
  const run = await scanner.scan(PAPER_WEEK);
  await arxiv.close();
  if (run.outcome !== 'scanned') throw new Error(`the example scan ended ${run.outcome}`);
  const papers = await prepareDigest(store.answers, corpus, { platform: 'slack', channelId: 'C-QUIET', tz: 'UTC' }, PAPER_WEEK, { scans: store.paperScans, network: true });
  if (!papers?.digest.newThisWeek) throw new Error('the example scan kept no paper');
  // The Anthology half: BlackboxNLP 2019's week, from the shared Anthology XML (the arXiv fake lists nothing then).
  const arxivAgain = await startFakeArxivListing(loadListingFixture());
  const ANTHOLOGY_WEEK = { year: 2019, week: 32 };
  const anthologyScanner = new PaperScanner({
    store,
    mechanistic,
    sources: createSources({ ...sources.settings, arxivApiUrl: arxivAgain.apiUrl }),
    cache: sourceCacheOf(store.sourceCache),
    categories: ['cs.CL'],
    anthologyDataDir: fileURLToPath(new URL('../../shared/data/acl-anthology/', import.meta.url)),
    now: () => new Date('2019-08-12T08:00:00Z'),
    log: createLogger('silent'),
  });
  const anthologyRun = await anthologyScanner.scan(ANTHOLOGY_WEEK);
  await arxivAgain.close();
  if (anthologyRun.outcome !== 'scanned' || anthologyRun.scan?.volumes.length === 0) throw new Error(`the example Anthology scan ended ${anthologyRun.outcome} with no volume`);
  const anthologyPapers = await prepareDigest(store.answers, corpus, { platform: 'slack', channelId: 'C-QUIET', tz: 'UTC' }, ANTHOLOGY_WEEK, { scans: store.paperScans, network: true });
  await store.close();
  if (!anthologyPapers?.digest.newThisWeek) throw new Error('the example Anthology scan kept no paper');
  writeFileSync(join(DOCS, 'digest-example.png'), message.chartPng);

  const concept = corpus.concepts.get(LINEAGE_CONCEPT)!;
  const lineage = buildLineage(corpus, concept);
  writeFileSync(join(DOCS, 'lineage-example.png'), await renderPng(lineageChartSpec(lineage)));

  const doc = `<!-- Generated by scripts/digest-example.ts from the shipped corpus; do not edit by hand. -->
# The weekly digest and lineage pictures

Once a week (by default Monday 09:00 in the channel's time zone) the bot posts to each subscribed
channel what the channel asked about in the last complete ISO week: the concepts asked about most,
and under each the earlier NLP-interpretability work it rediscovers, earliest first, with a chart of
the last eight weeks. A week with no questions posts nothing. Each channel gets each week exactly
once, across restarts, crashes and several running instances.

Turn it on in a channel with \`/mechanistic digest on [Europe/Berlin] [mon 09:00]\` (Slack workspace
admins and owners, Discord members who can manage the channel, or users listed in
\`MECHANISTIC_DIGEST_ALLOW\`), or from the command line:

\`\`\`
mechanistic digest subscribe --platform slack --channel C0123456 --tz Europe/Berlin --at "mon 09:00"
mechanistic digest preview --channel C0123456 --week 2026-W47 --out w47.png
mechanistic digest stats --days 30
\`\`\`

The bot keeps only the concepts and papers of each answer, not the question text, unless a channel
opts in with \`/mechanistic digest keep-text on\`; \`MECHANISTIC_RETENTION_DAYS\` deletes older answers.

## Example

A reading group's week ${message.isoWeek}, as \`mechanistic digest preview\` prints it (the questions are made up):

${message.markdown}

![Concepts asked per week, eight weeks](digest-example.png)

## New this week

The digest also shows the week's new interpretability papers on arXiv and what they rediscover. Once a week, for
all channels together, the bot lists the papers submitted in the ISO week to \`MECHANISTIC_DIGEST_ARXIV_CATEGORIES\`
(default cs.CL, cs.LG, cs.AI), reads each title and abstract the way it answers a question (concepts, the four
senses), keeps those it judges interpretability work with at least one recognized concept (a concept offered only as
the closest guess does not count: a paper is not said to rediscover a guess's precedents) and whose own words, or the
shipped interpretability model, read as interpretability research (concepts alone are not enough: the concept
classifier ranks concepts for any text), and for each finds the NLP-interpretability precedents of its
concepts that came before it and, when Semantic Scholar has its reference list, which of them it cites. The papers
that rediscover the most earlier work come first (precedents not cited, each counted at its concept's score over the
paper's main concept's, so a faint second reading adds little; most often missed by MI papers first). The
filter's measured precision is in [eval/digest-scan.md](../eval/digest-scan.md).

A channel that asked nothing in ${papers.isoWeek} still gets the section (here a real scan of that week's cs.CL
entries from our test fixture; Semantic Scholar was not reachable, so whether each paper cites its precedents is
unknown). A week with neither questions nor new papers posts nothing.

${papers.markdown}

Per channel: \`/mechanistic digest papers on|off\` (on by default) and \`/mechanistic digest topics probing
activation-patching\` (only papers on these concepts; \`digest topics all\` for every concept; Discord:
\`/mechanistic digest action:topics topics:probing\`), or from the command line:

\`\`\`
mechanistic digest scan --week 2026-W34          # the scan by hand (the scheduler runs it before the week's first post)
mechanistic digest papers --platform slack --channel C0123456 off
mechanistic digest topics --platform slack --channel C0123456 probing activation-patching
\`\`\`

The scan asks arXiv one page of 200 entries every 3 seconds, one request at a time (its terms of use), retries a 503
once, asks an empty page inside the listing once more (arXiv's known hiccup), and keeps every page in the source
cache, so a scan taken over after a crash never asks arXiv for a page again and analyses only the papers not yet
stored. The 3 seconds and the one-at-a-time line are the process's, per host: the scan and the answers' arXiv
lookups wait in the same line. The week's row in the store is the claim: one scan per week across schedulers and
instances. With \`MECHANISTIC_NETWORK=off\` the section is left out with a notice.

### ACL Anthology volumes

With \`MECHANISTIC_ANTHOLOGY_DATA_DIR\` set to a copy of the ACL Anthology's \`data/xml\` files (a checkout of
acl-org/acl-anthology, or any folder of its XML files; searched recursively), the scan also reads the papers of the
BlackboxNLP, ACL, EMNLP, NAACL and TACL volumes published in the week (not tutorial abstracts or other workshops),
through the same filter and precedents as the arXiv papers, stored in the same week's scan. The Anthology has no
listing API, so nothing is fetched for this; unset, the scan reads arXiv only. The Anthology gives no publication
day, so a volume's week is:

1. the ISO week of its event's first day, when the XML has the event's dates (an \`<event>\` with \`<dates>\` in the
   volume's file or naming it as colocated: BlackboxNLP 2023 is in the week of EMNLP 2023's "December 6–10, 2023",
   2023-W49);
2. otherwise the ISO week that starts on the first Monday of its month (BlackboxNLP 2019, "August 2019": 2019-W32);
3. a volume with only a year (TACL's yearly volumes) is in no week.

The section then links each paper's Anthology page, names its venue, and credits the Anthology under CC BY 4.0.
Here BlackboxNLP 2019's week, scanned from the Anthology XML in \`../shared/data/acl-anthology\`:

${anthologyPapers.markdown}

## Lineage

\`mechanistic lineage <concept> --out picture.png\` (and \`/mechanistic lineage <concept>\` in Slack and
Discord) places a concept's NLPI precedents and the MI works on it by year and community:

\`\`\`
${lineageText(lineage)}
\`\`\`

![Timeline of ${concept.name}](lineage-example.png)

## Running it

\`mechanistic serve\` runs the scheduler whenever a Slack or Discord bot token is set. It checks every
minute; after a restart it posts a run it missed, if no newer run has come due since.

- **Exactly once.** Before sending, the scheduler records its intent in the store; one row per platform,
  channel and ISO week, so of two instances sharing the database only one wins. After sending it
  marks the row sent. If the process dies in between, another scheduler waits ten minutes, then looks
  in the channel for the week's post (Slack: message metadata; Discord: the chart's file name) and
  posts only if it is not there.
- **Slack scopes:** \`chat:write\`, \`files:write\`, and \`channels:history\` (\`groups:history\` for private
  channels) to check what was posted; \`users:read\` to tell admins and owners. Invite the bot to the channel.
- **Discord permissions** in the channel: View Channel, Send Messages, Attach Files, Read Message History.
- **Fonts:** chart text needs a system font (Debian: \`fonts-dejavu-core\`); \`serve\` warns at start if none is found.
- **Settings:** \`MECHANISTIC_DIGEST_ALLOW\` (comma-separated user ids who may turn the digest on or off
  besides admins), \`MECHANISTIC_RETENTION_DAYS\` (delete answers older than this; unset keeps them).
`;
  writeFileSync(join(DOCS, 'digest.md'), doc);
  process.stdout.write(`wrote docs/digest.md, docs/digest-example.png, docs/lineage-example.png\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
