/**
 * `/mechanistic digest …` and `/mechanistic lineage …` in Slack, over the digest part's chat
 * commands (src/digest/chat-commands.ts): who may change the digest comes from `users.info`
 * (workspace admins and owners, plus MECHANISTIC_DIGEST_ALLOW); pictures are uploaded with
 * files.uploadV2 (shared nowhere) and shown as an image block.
 */
import type { webApi } from '@slack/bolt';
import type { Config } from '../../config.ts';
import type { Corpus } from '../../core/corpus-schema.ts';
import { digestChatCommand, lineageChatCommand, parseDigestArgs, type ChatReply } from '../../digest/chat-commands.ts';
import { markdownToMrkdwn } from '../../digest/render-slack.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/store.ts';
import { longSections, type KnownBlock } from './blocks.ts';
import { slackText } from './escape.ts';
import type { SlackCommandHooks } from './handlers.ts';
import { SLACK_LIMITS } from './limits.ts';
import type { SlackMessage } from './render-answer.ts';

export interface DigestHookDeps {
  store: Store;
  corpus: Corpus;
  config: Pick<Config, 'MECHANISTIC_DIGEST_ALLOW'> & Partial<Pick<Config, 'MECHANISTIC_NETWORK'>>;
  now: () => Date;
  log: Logger;
}

async function toSlack(reply: ChatReply, client: webApi.WebClient): Promise<SlackMessage> {
  const mrkdwn = markdownToMrkdwn(reply.text);
  const blocks: KnownBlock[] = longSections(mrkdwn);
  if (reply.png) {
    const upload = (await client.filesUploadV2({
      file: reply.png.data,
      filename: reply.png.name,
      title: reply.png.name,
    })) as { files?: { files?: { id?: string }[] }[] };
    const fileId = upload.files?.[0]?.files?.[0]?.id;
    if (fileId) {
      blocks.push({ type: 'image', slack_file: { id: fileId }, alt_text: slackText(reply.text.split('\n')[0] ?? reply.png.name, SLACK_LIMITS.altText) });
    }
  }
  return {
    text: slackText(reply.text.split('\n')[0] ?? 'mechanistic', SLACK_LIMITS.messageText),
    blocks: blocks.slice(0, SLACK_LIMITS.messageBlocks),
    onlyToAsker: reply.ephemeral,
  };
}

export function digestHooks(d: DigestHookDeps): SlackCommandHooks {
  return {
    async digest({ workspaceId, channelId, userId, argument, client }) {
      const action = parseDigestArgs(argument);
      if ('error' in action) return toSlack({ text: action.error, ephemeral: true }, client);
      if (!channelId || !userId) return toSlack({ text: 'The digest is set per channel: run this in the channel.', ephemeral: true }, client);
      let userCanManage = false;
      let tz: string | undefined;
      try {
        const info = await client.users.info({ user: userId });
        userCanManage = Boolean(info.user?.is_admin || info.user?.is_owner);
        tz = info.user?.tz;
      } catch (err) {
        // Without users.info the asker counts as a regular member: the allow-list still applies.
        d.log.warn({ err, platform: 'slack' }, 'users.info failed; treating the asker as a regular member');
      }
      const reply = await digestChatCommand(
        {
          store: d.store,
          corpus: d.corpus,
          now: d.now(),
          platform: 'slack',
          workspaceId,
          channelId,
          userId,
          userCanManage,
          allowList: d.config.MECHANISTIC_DIGEST_ALLOW,
          network: d.config.MECHANISTIC_NETWORK === 'on',
          ...(tz ? { defaultTz: tz } : {}),
        },
        action,
      );
      return toSlack(reply, client);
    },
    async lineage({ argument, client }) {
      return toSlack(await lineageChatCommand(d.corpus, argument), client);
    },
  };
}
