/**
 * The application commands: `/mechanistic` with its subcommands (shared/CONVENTIONS.md) and the
 * message command "Is this mechanistic?". Built with discord.js's builders, which check names,
 * descriptions and lengths before anything is registered.
 */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../core/input.ts';

/** Discord caps a string option at 6,000 characters; the core's own limit applies below that. */
const QUERY_OPTION_MAX = Math.min(6000, MAX_QUESTION_CHARS);

export const COMMAND_NAME = 'mechanistic';
export const MESSAGE_COMMAND_NAME = 'Is this mechanistic?';
export const DIGEST_ACTIONS = [
  { name: 'on: post a weekly digest here', value: 'on' },
  { name: 'off: stop the weekly digest', value: 'off' },
  { name: 'preview: show last week’s digest (only to you)', value: 'preview' },
  { name: 'status: is it on, and when', value: 'status' },
  { name: 'keep-text on: keep the text of questions asked here', value: 'keep-text-on' },
  { name: 'keep-text off: keep only concepts and papers', value: 'keep-text-off' },
  { name: 'papers on: show new interpretability papers of the week', value: 'papers-on' },
  { name: 'papers off: show only what this channel asked', value: 'papers-off' },
  { name: 'topics: keep new papers on these concepts (topics:, or all)', value: 'topics' },
] as const;

/**
 * Installable to a server (0) and to a user (1), so people can use it where the bot is not a member;
 * usable in servers (0), the DM with the bot (1) and group DMs and other DMs (2). Where the bot is not
 * in the channel, answers still arrive through the interaction; the digest explains it needs a server.
 */
export const INTEGRATION_TYPES = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];
export const CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];

export function slashCommand(): SlashCommandBuilder {
  const command = new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription('Is this paper or method “mechanistic”, and what earlier work did it build on?')
    .setIntegrationTypes(...INTEGRATION_TYPES)
    .setContexts(...CONTEXTS);
  command.addSubcommand((s) =>
    s
      .setName('ask')
      .setDescription('Ask about a question, a method, a title and abstract, or a paper link')
      .addStringOption((o) =>
        o.setName('query').setDescription('Text or a paper URL / arXiv id').setRequired(true).setMaxLength(QUERY_OPTION_MAX),
      )
      .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer')),
  );
  command.addSubcommand((s) =>
    s
      .setName('concept')
      .setDescription('One idea in both vocabularies, with its earlier NLP-interpretability work')
      .addStringOption((o) => o.setName('name').setDescription('Concept, e.g. activation patching').setRequired(true).setAutocomplete(true)),
  );
  command.addSubcommand((s) =>
    s
      .setName('paper')
      .setDescription('One corpus paper: facts, community, concepts, BibTeX')
      .addStringOption((o) => o.setName('query').setDescription('Corpus id, arXiv id, URL or title').setRequired(true).setMaxLength(500)),
  );
  command.addSubcommand((s) =>
    s
      .setName('term')
      .setDescription('A contested word: faithful, plausible, feature, illusion…')
      .addStringOption((o) => o.setName('word').setDescription('The word').setRequired(true).setMaxLength(100)),
  );
  command.addSubcommand((s) =>
    s
      .setName('check')
      .setDescription('Which earlier NLP-interpretability work a paper cites (✓) and misses (✗)')
      .addStringOption((o) => o.setName('link').setDescription('arXiv / ACL / DOI link or id of the paper').setRequired(true).setMaxLength(500)),
  );
  command.addSubcommand((s) => s.setName('help').setDescription('What this bot does, with examples'));
  command.addSubcommand((s) =>
    s
      .setName('digest')
      .setDescription('Weekly digest of this channel’s questions')
      .addStringOption((o) =>
        o
          .setName('action')
          .setDescription('Turn it on or off, preview it, or see its status')
          .setRequired(true)
          .addChoices(...DIGEST_ACTIONS),
      )
      .addStringOption((o) => o.setName('timezone').setDescription('With on: IANA time zone, e.g. Europe/Berlin (default UTC)').setMaxLength(64))
      .addStringOption((o) => o.setName('at').setDescription('With on: day and time, e.g. mon 09:00').setMaxLength(32))
      .addStringOption((o) => o.setName('week').setDescription('With preview: ISO week, e.g. 2026-W47').setMaxLength(10))
      .addStringOption((o) => o.setName('topics').setDescription('With topics: concept ids, e.g. probing activation-patching, or all').setMaxLength(300)),
  );
  command.addSubcommand((s) =>
    s
      .setName('lineage')
      .setDescription('A timeline picture of a concept')
      .addStringOption((o) => o.setName('concept').setDescription('Concept').setRequired(true).setAutocomplete(true)),
  );
  return command;
}

export function messageCommand(): ContextMenuCommandBuilder {
  return new ContextMenuCommandBuilder()
    .setName(MESSAGE_COMMAND_NAME)
    .setType(ApplicationCommandType.Message)
    .setIntegrationTypes(...INTEGRATION_TYPES)
    .setContexts(...CONTEXTS);
}

/** The JSON bodies `npm run discord:register` sends. */
export function commandBodies(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [slashCommand().toJSON(), messageCommand().toJSON()];
}
