/**
 * `/mechanistic digest` and `/mechanistic lineage` in Discord, over the digest part's chat
 * commands (src/digest/chat-commands.ts). Who may change a channel's digest: members with
 * Manage Channels there, plus MECHANISTIC_DIGEST_ALLOW. Discord does not tell us the user's time
 * zone, so `on` uses the `timezone` option or UTC.
 */
import type { Config } from '../../config.ts';
import type { Corpus } from '../../core/corpus-schema.ts';
import { digestChatCommand, lineageChatCommand } from '../../digest/chat-commands.ts';
import type { Store } from '../../store/store.ts';
import type { DiscordHooks } from './handlers.ts';

export interface DigestHookDeps {
  store: Store;
  corpus: Corpus;
  config: Pick<Config, 'MECHANISTIC_DIGEST_ALLOW'> & Partial<Pick<Config, 'MECHANISTIC_NETWORK'>>;
  now: () => Date;
}

export function digestHooks(d: DigestHookDeps): DiscordHooks {
  return {
    digest: (req) =>
      digestChatCommand(
        {
          store: d.store,
          corpus: d.corpus,
          now: d.now(),
          platform: 'discord',
          workspaceId: req.workspaceId,
          channelId: req.channelId,
          userId: req.userId,
          userCanManage: req.canManageChannel,
          allowList: d.config.MECHANISTIC_DIGEST_ALLOW,
          network: d.config.MECHANISTIC_NETWORK === 'on',
        },
        req.action,
      ),
    lineage: (concept) => lineageChatCommand(d.corpus, concept),
  };
}
