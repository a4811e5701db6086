/**
 * `npm run discord:register`: registers /mechanistic and "Is this mechanistic?" for DISCORD_APP_ID,
 * to DISCORD_GUILD_ID when set (appears at once) or globally.
 */
import 'dotenv/config';
import { registerCommands } from '../src/chat/discord/register.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`discord:register: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
    console.error('discord:register: set DISCORD_TOKEN (Developer Portal → Bot → Reset Token) and DISCORD_APP_ID (General Information → Application ID), in the environment or .env');
    return 2;
  }
  try {
    const { names, scope } = await registerCommands({ token: config.DISCORD_TOKEN, appId: config.DISCORD_APP_ID, guildId: config.DISCORD_GUILD_ID });
    console.log(`registered ${names.map((n) => `"${n}"`).join(' and ')} ${scope}`);
    if (!config.DISCORD_GUILD_ID) console.log('global commands can take a few minutes to show up; set DISCORD_GUILD_ID to register to one server at once');
    return 0;
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 401) console.error('discord:register: Discord rejected DISCORD_TOKEN (401): copy the bot token again from the Developer Portal → Bot');
    else if (status === 403 || status === 404) console.error(`discord:register: Discord refused (${status}): check DISCORD_APP_ID, and that the bot is in DISCORD_GUILD_ID with the applications.commands scope`);
    else console.error(`discord:register: ${(e as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
