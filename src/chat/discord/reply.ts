/**
 * Sending pages: to an interaction (edit the deferred reply, then follow-ups while the token
 * lives) or as replies to a message.
 */
import { MessageFlags, type Message, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../log.ts';
import { INTERACTION_TOKEN_LIFETIME_MS } from './limits.ts';
import type { Page } from './page.ts';

/** A picture to attach to the first page, e.g. a lineage timeline or a digest chart. */
export interface Attachment {
  name: string;
  data: Buffer;
}

export async function sendInteractionPages(
  interaction: RepliableInteraction,
  pages: readonly Page[],
  opts: {
    ephemeral: boolean;
    now: () => Date;
    /**
     * When this process received the interaction, by `now`. The token's 15 minutes are counted from
     * here, not from the id's timestamp: that is Discord's clock, and a skewed local clock would drop
     * follow-ups silently (or send them after the token died).
     */
    receivedAt: number;
    log: Logger;
    attachment?: Attachment;
    suppressEmbeds?: boolean;
  },
): Promise<void> {
  const [first, ...rest] = pages;
  if (!first) return;
  await interaction.editReply({
    content: first.content ?? '',
    embeds: first.embeds,
    components: first.components,
    allowedMentions: first.allowedMentions,
    files: opts.attachment ? [{ attachment: opts.attachment.data, name: opts.attachment.name }] : [],
    ...(opts.suppressEmbeds ? { flags: MessageFlags.SuppressEmbeds } : {}),
  });
  for (const p of rest) {
    if (opts.now().getTime() - opts.receivedAt >= INTERACTION_TOKEN_LIFETIME_MS) {
      opts.log.warn({ interactionId: interaction.id, unsent: rest.length }, 'discord: interaction token expired before all pages were sent');
      return;
    }
    const flags = (opts.ephemeral ? MessageFlags.Ephemeral : 0) | (opts.suppressEmbeds ? MessageFlags.SuppressEmbeds : 0);
    await interaction.followUp({ ...p, flags });
  }
}

export async function sendMessagePages(message: Message, pages: readonly Page[]): Promise<void> {
  const [first, ...rest] = pages;
  if (!first) return;
  let previous = await message.reply(first);
  for (const p of rest) previous = await previous.reply(p);
}
