/**
 * Reads one channel's answer log for the chart window and the week's paper scan, composes the digest
 * ("What we asked" and "New this week") and renders its chart: what the scheduler posts and what `preview` shows.
 */
import type { Corpus } from '../core/corpus-schema.ts';
import type { AnswersRepo, PaperScansRepo } from '../store/store.ts';
import { digestChartSpec } from './chart-spec.ts';
import { composeDigest, DEFAULT_DIGEST_LIMITS } from './compose.ts';
import { formatIsoWeek, isoWeekRange, shiftIsoWeek, type IsoWeek } from './iso-week.ts';
import { composeNewThisWeek, type NewThisWeek } from './new-papers.ts';
import { chartFileName, type DigestMessage } from './poster.ts';
import { renderPng } from './render-png.ts';
import { digestMarkdown } from './render-markdown.ts';

/** Where "New this week" comes from. Absent: the digest has the questions' section only. */
export interface DigestPapersSource {
  scans: Pick<PaperScansRepo, 'get' | 'papers' | 'channelSettings'>;
  /** MECHANISTIC_NETWORK=on: off leaves the section out with a notice. */
  network: boolean;
}

export const NETWORK_OFF_NOTICE = 'New papers of the week are left out: fetching papers is turned off here (MECHANISTIC_NETWORK=off).';

/** The channel's "New this week" for the week, and notices for when it is left out. */
export async function channelNewPapers(
  papers: DigestPapersSource,
  corpus: Corpus,
  channel: { platform: string; channelId: string },
  week: IsoWeek,
): Promise<{ section: NewThisWeek | null; notices: string[] }> {
  const settings = await papers.scans.channelSettings(channel.platform, channel.channelId);
  if (!settings.papers) return { section: null, notices: [] };
  if (!papers.network) return { section: null, notices: [NETWORK_OFF_NOTICE] };
  const scan = await papers.scans.get(formatIsoWeek(week));
  if (!scan || scan.state !== 'done') {
    const why = scan?.state === 'failed' ? `the scan of arXiv failed (${scan.error ?? 'no reason recorded'})` : 'the week has not been scanned yet';
    return { section: null, notices: [`New papers of the week are left out: ${why}.`] };
  }
  const kept = await papers.scans.papers(scan.isoWeek);
  return { section: composeNewThisWeek({ corpus, scan, papers: kept, topics: settings.topics }), notices: [] };
}

export async function prepareDigest(
  answers: Pick<AnswersRepo, 'loggedInChannel'>,
  corpus: Corpus,
  channel: { platform: string; channelId: string; tz: string },
  week: IsoWeek,
  papers?: DigestPapersSource,
): Promise<DigestMessage | null> {
  const from = isoWeekRange(shiftIsoWeek(week, 1 - DEFAULT_DIGEST_LIMITS.chartWeeks), channel.tz).start;
  const to = isoWeekRange(week, channel.tz).end;
  const questions = await answers.loggedInChannel(channel.platform, channel.channelId, from, to);
  const fresh = papers ? await channelNewPapers(papers, corpus, channel, week) : { section: null, notices: [] };
  const digest = composeDigest({ corpus, week, tz: channel.tz, questions, newThisWeek: fresh.section, notices: fresh.notices });
  if (!digest) return null;
  const isoWeek = formatIsoWeek(week);
  return {
    isoWeek,
    digest,
    markdown: digestMarkdown(digest),
    chartPng: await renderPng(digestChartSpec(digest)),
    chartFileName: chartFileName(isoWeek),
  };
}
