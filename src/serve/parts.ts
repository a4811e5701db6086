/**
 * Which parts `mechanistic serve` runs besides the web page. Each entry says when it is on
 * (from the configuration) and how to build it once the model and index are loaded.
 * To add a platform, add one entry here.
 */
import type { Part, PartDeps } from './part.ts';
import type { Config } from '../config.ts';
import { discordPartFactory } from './parts/discord.ts';
import { slackPartFactory } from './parts/slack.ts';
import { digestPartFactory } from './parts/digest.ts';

export interface PartFactory {
  name: string;
  enabled(config: Config): boolean;
  create(deps: PartDeps): Part;
}

export const PART_FACTORIES: PartFactory[] = [
  slackPartFactory,
  discordPartFactory,
  digestPartFactory,
];
