/**
 * Registers the application commands with Discord through discord.js's REST client (which
 * queues requests and waits out 429s). To one guild they appear at once; globally they can
 * take a while to reach every server.
 */
import { REST, Routes } from 'discord.js';
import { commandBodies } from './commands.ts';

export interface RegisterOptions {
  token: string;
  appId: string;
  /** Register to this guild only (fast, for testing); otherwise globally. */
  guildId?: string;
  /** REST API base, for a local stand-in of Discord (tests). */
  api?: string;
}

export async function registerCommands(opts: RegisterOptions): Promise<{ names: string[]; scope: string }> {
  const rest = new REST({ version: '10', ...(opts.api ? { api: opts.api } : {}) }).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.appId, opts.guildId) : Routes.applicationCommands(opts.appId);
  const registered = (await rest.put(route, { body: commandBodies() })) as { name: string }[];
  return {
    names: registered.map((c) => c.name),
    scope: opts.guildId ? `to guild ${opts.guildId}` : 'globally',
  };
}
