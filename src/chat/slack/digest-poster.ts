/**
 * Posts digests to Slack with the Web API: the chart is uploaded first (files.getUploadURLExternal
 * → upload → files.completeUploadExternal, shared nowhere), then one chat.postMessage shows the
 * text and the chart as an image block. The message carries metadata naming the week, which
 * conversations.history returns, so a restarted scheduler can tell whether it already posted.
 */
import { webApi } from '@slack/bolt';
import type { DigestPoster } from '../../digest/poster.ts';
import { digestSlackMessage } from '../../digest/render-slack.ts';
import { digestChartTitle } from '../../digest/chart-spec.ts';

export const SLACK_DIGEST_EVENT_TYPE = 'mechanistic_digest';

export interface SlackPosterOptions {
  token: string;
  /** Web API base, e.g. https://slack.com/api/ (tests point it at a loopback server). */
  apiUrl?: string;
  timeoutMs?: number;
}

function slackError(e: unknown): string | undefined {
  return (e as { data?: { error?: string } }).data?.error;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { iso_week?: string } };
}

export function createSlackPoster(o: SlackPosterOptions): DigestPoster {
  const client = new webApi.WebClient(o.token, {
    slackApiUrl: o.apiUrl ?? 'https://slack.com/api/',
    // The scheduler retries after checking what was posted; a blind client retry could post twice.
    retryConfig: { retries: 0 },
    timeout: o.timeoutMs ?? 30_000,
  });
  return {
    async post(sub, message) {
      const upload = (await client.filesUploadV2({
        file: message.chartPng,
        filename: message.chartFileName,
        title: digestChartTitle(message.digest),
        alt_text: digestChartTitle(message.digest),
      })) as { files?: { files?: { id?: string }[] }[] };
      const fileId = upload.files?.[0]?.files?.[0]?.id;
      const send = (withChart: boolean) => {
        const { text, blocks } = digestSlackMessage(message.digest, withChart ? fileId : undefined);
        return client.chat.postMessage({
          channel: sub.channelId,
          text,
          blocks: blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: SLACK_DIGEST_EVENT_TYPE, event_payload: { iso_week: message.isoWeek } },
        });
      };
      let res;
      let chartShown = fileId !== undefined;
      try {
        res = await send(chartShown);
      } catch (e) {
        // Slack rejects an image block whose file it has not finished processing; nothing was posted,
        // so post the text and share the chart in the thread instead.
        if (!chartShown || slackError(e) !== 'invalid_blocks') throw e;
        chartShown = false;
        res = await send(false);
      }
      if (!res.ts) throw new Error(`Slack accepted the digest for ${sub.channelId} but returned no message ts`);
      if (!chartShown) {
        try {
          await client.filesUploadV2({ channel_id: sub.channelId, thread_ts: res.ts, file: message.chartPng, filename: message.chartFileName });
        } catch {
          // The digest itself is posted; a missing chart must not make the scheduler treat the week as unsent.
        }
      }
      return { messageId: res.ts };
    },

    async findPosted(sub, isoWeek, since) {
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const res = await client.conversations.history({
          channel: sub.channelId,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const hit = ((res.messages ?? []) as HistoryMessage[]).find(
          (m) => m.metadata?.event_type === SLACK_DIGEST_EVENT_TYPE && m.metadata.event_payload?.iso_week === isoWeek,
        );
        if (hit?.ts) return { messageId: hit.ts };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return null;
    },
  };
}
