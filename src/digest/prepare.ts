/**
 * Reads one channel's answer log for the chart window, composes the digest and renders its chart:
 * what the scheduler posts and what `preview` shows.
 */
import type { Corpus } from '../core/corpus-schema.ts';
import type { AnswersRepo } from '../store/store.ts';
import { digestChartSpec } from './chart-spec.ts';
import { composeDigest, DEFAULT_DIGEST_LIMITS } from './compose.ts';
import { formatIsoWeek, isoWeekRange, shiftIsoWeek, type IsoWeek } from './iso-week.ts';
import { chartFileName, type DigestMessage } from './poster.ts';
import { renderPng } from './render-png.ts';
import { digestMarkdown } from './render-markdown.ts';

export async function prepareDigest(
  answers: Pick<AnswersRepo, 'loggedInChannel'>,
  corpus: Corpus,
  channel: { platform: string; channelId: string; tz: string },
  week: IsoWeek,
): Promise<DigestMessage | null> {
  const from = isoWeekRange(shiftIsoWeek(week, 1 - DEFAULT_DIGEST_LIMITS.chartWeeks), channel.tz).start;
  const to = isoWeekRange(week, channel.tz).end;
  const questions = await answers.loggedInChannel(channel.platform, channel.channelId, from, to);
  const digest = composeDigest({ corpus, week, tz: channel.tz, questions });
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
