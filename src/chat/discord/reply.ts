/**
 * Sending pages: to an interaction (edit the deferred reply, then follow-ups while the token
 * lives) or as replies to a message.
 */
import { MessageFlags, type Message, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../log.ts';
import { INTERACTION_TOKEN_LIFETIME_MS } from './limits.ts';
import type { Page } from './page.ts';

export interface Lineage {
  /** A PNG to attach, e.g. a lineage chart. */
  png?: Uint8Array;
  fileName?: string;
}

function files(extra?: Lineage) {
  return extra?.png ? [{ attachment: Buffer.from(extra.png), name: extra.fileName ?? 'image.png' }] : [];
}

export async function sendInteractionPages(
  interaction: RepliableInteraction,
  pages: readonly Page[],
  opts: { ephemeral: boolean; now: () => Date; log: Logger; attachment?: Lineage },
): Promise<void> {
  const [first, ...rest] = pages;
  if (!first) return;
  await interaction.editReply({
    content: first.content ?? '',
    embeds: first.embeds,
    components: first.components,
    allowedMentions: first.allowedMentions,
    files: files(opts.attachment),
  });
  for (const p of rest) {
    if (opts.now().getTime() - interaction.createdTimestamp >= INTERACTION_TOKEN_LIFETIME_MS) {
      opts.log.warn({ interactionId: interaction.id, unsent: rest.length }, 'discord: interaction token expired before all pages were sent');
      return;
    }
    await interaction.followUp({ ...p, flags: opts.ephemeral ? MessageFlags.Ephemeral : undefined });
  }
}

export async function sendMessagePages(message: Message, pages: readonly Page[]): Promise<void> {
  const [first, ...rest] = pages;
  if (!first) return;
  let previous = await message.reply(first);
  for (const p of rest) previous = await previous.reply(p);
}
