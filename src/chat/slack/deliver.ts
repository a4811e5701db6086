/**
 * Where a Slack reply goes, and getting it there: a response_url, a thread (chat.postMessage),
 * or one person (chat.postEphemeral). Web API calls go through Bolt's WebClient, which waits
 * out 429s (Retry-After) and retries 5xx; response_url posts retry the same way.
 */
import type { webApi } from '@slack/bolt';
import { postToResponseUrl, type ResponseUrlOptions } from './response-url.ts';
import type { SlackMessage } from './render-answer.ts';

export type Destination =
  | { kind: 'response_url'; url: string; responseType: 'in_channel' | 'ephemeral' }
  /** A reply in a thread; if the bot may not post there, the reply goes to the asker through `fallbackResponseUrl`. */
  | { kind: 'thread'; channel: string; threadTs: string; fallbackResponseUrl?: string }
  | { kind: 'ephemeral'; channel: string; user: string; threadTs?: string }
  /** A new message in a conversation, not in a thread (a direct message to the bot). */
  | { kind: 'channel'; channel: string };

/** Web API errors meaning "the bot may not post in this conversation". */
const CANNOT_POST_HERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function slackErrorCode(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

export async function deliver(
  client: webApi.WebClient,
  dest: Destination,
  message: SlackMessage,
  responseUrlOptions: ResponseUrlOptions = {},
): Promise<void> {
  switch (dest.kind) {
    case 'response_url':
      await postToResponseUrl(dest.url, { response_type: dest.responseType, replace_original: false, text: message.text, blocks: message.blocks }, responseUrlOptions);
      return;
    case 'thread':
      try {
        await client.chat.postMessage({
          channel: dest.channel,
          thread_ts: dest.threadTs,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (err) {
        const code = slackErrorCode(err);
        if (!dest.fallbackResponseUrl || code === undefined || !CANNOT_POST_HERE.has(code)) throw err;
        const note = 'I am not in this conversation, so only you see this answer. Invite me (`/invite @mechanistic`) to answer in threads.';
        await postToResponseUrl(
          dest.fallbackResponseUrl,
          {
            response_type: 'ephemeral',
            replace_original: false,
            text: message.text,
            blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note, verbatim: true }] }, ...message.blocks].slice(0, 50),
          },
          responseUrlOptions,
        );
      }
      return;
    case 'channel':
      await client.chat.postMessage({ channel: dest.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return;
    case 'ephemeral':
      await client.chat.postEphemeral({
        channel: dest.channel,
        user: dest.user,
        ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}),
        text: message.text,
        blocks: message.blocks,
      });
      return;
  }
}
