/**
 * Discord events → core calls → pages. Every handler defers first (Discord allows 3 seconds),
 * answers by editing the deferred reply, and turns a failure into an apology with a reference id.
 */
import type { AppServices } from '../../app/services.ts';
import { missRatesExcept } from '../../core/references.ts';
import { randomBytes } from 'node:crypto';
import {
  ActionRowBuilder,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  type Interaction,
  type Message,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { describeStoredQuestion, type AnsweredQuestion, type AnswerOutcome } from '../../app/answer-step.ts';
import type { CheckOutcome } from '../../app/check-step.ts';
import { renderExplanation } from './render-explanation.ts';
import { pageAnswer } from '../../core/answer.ts';
import type { DigestAction } from '../../digest/chat-commands.ts';
import { nextTurn } from '../../retrieval/main-thread-turns.ts';
import { parseTopics } from '../../digest/topics.ts';
import { formatCustomId, parseCustomId, type ButtonRef } from './buttons.ts';
import { COMMAND_NAME, MESSAGE_COMMAND_NAME } from './commands.ts';
import { ANSWER_EXPIRED, NO_MESSAGE_TEXT, NOT_AVAILABLE_YET, apology, checkQuery } from './input.ts';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX, INTERACTION_TOKEN_LIFETIME_MS } from './limits.ts';
import { textPages, type Page } from './page.ts';
import { renderAnswer, renderMoreEarlierWork, renderWhyDefinitions } from './render-answer.ts';
import { renderCheck } from './render-check.ts';
import { renderBibtex, renderConcept, renderHelp, renderNotFound, renderPaper, renderTerm } from './render-lookup.ts';
import { sendInteractionPages, sendMessagePages, type Attachment } from './reply.ts';

/** Precedents (and related works) per page in chat: enough to be useful, short enough to read. */
export const PAGE_SIZE = 5;

/** What a digest or lineage command answers: Markdown, maybe a picture, and who should see it. */
export interface HookReply {
  text: string;
  png?: Attachment;
  ephemeral: boolean;
}

/**
 * `/mechanistic digest` and `/mechanistic lineage`, provided by the digest part (see digest-hooks.ts).
 * When one is absent, the subcommand answers that it is not available yet.
 */
export interface DiscordHooks {
  digest?: (req: {
    action: DigestAction;
    workspaceId: string | null;
    channelId: string;
    userId: string;
    /** Whether the member has Manage Channels here (true in DMs with the bot). */
    canManageChannel: boolean;
  }) => Promise<HookReply>;
  lineage?: (concept: string) => Promise<HookReply>;
}

export interface HandlerContext extends AppServices {
  /** Channel ids where mentions are answered (DISCORD_MENTION_CHANNELS). */
  mentionChannels: ReadonlySet<string>;
  hooks: DiscordHooks;
}

export interface Origin {
  workspaceId: string | null;
  channelId: string | null;
  userId: string;
}

function referenceId(): string {
  return randomBytes(4).toString('hex');
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}

/** What the asker is told when the answer step refuses or gives up (only the asker sees it). */
function refusalText(outcome: Exclude<AnswerOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'rate_limited':
      return outcome.message;
    case 'timeout':
      return sentence(`sorry, ${outcome.message}`);
    case 'overloaded':
      return sentence(`sorry, I am ${outcome.message}`);
    case 'bad_query':
      return sentence(outcome.message);
  }
}

/** What the asker is told when the check step refuses or gives up (only the asker sees it). */
function checkRefusalText(outcome: Exclude<CheckOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'rate_limited':
      return outcome.message;
    case 'timeout':
      return sentence(`sorry, ${outcome.message}`);
    case 'bad_input':
      return outcome.code === 'no_references' ? sentence(`no references to check: ${outcome.message}`) : sentence(`cannot check that: ${outcome.message}`);
  }
}

export function createHandlers(ctx: HandlerContext) {
  const { mechanistic, store, log, now } = ctx;
  /** When each interaction reached this process (by `now`): its token's lifetime is counted from here. */
  const receivedAt = new WeakMap<Interaction, number>();
  const receiptOf = (i: Interaction): number => receivedAt.get(i) ?? now().getTime();
  const withinTokenLifetime = (i: Interaction): boolean => now().getTime() - receiptOf(i) < INTERACTION_TOKEN_LIFETIME_MS;

  /** One page of a stored answer; the first page is the answer, later ones "More earlier work". */
  function answerPages(stored: AnsweredQuestion, offset: number): Page[] {
    const view = { answerId: stored.id === '' ? null : stored.id, offset, pageSize: PAGE_SIZE, explain: ctx.explain?.enabled ?? false };
    const page = pageAnswer(stored.answer, offset, PAGE_SIZE);
    return offset === 0 ? renderAnswer(page, view) : renderMoreEarlierWork(page, view);
  }

  /** A new question from an interaction: refused privately at once, or deferred and answered. */
  async function askFromInteraction(i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, raw: string, ephemeral: boolean) {
    const pre = checkQuery(raw);
    if (!pre.ok) {
      await i.reply({ ...textPages(pre.message)[0]!, flags: MessageFlags.Ephemeral });
      return;
    }
    const outcome = await ctx.answers.ask(pre.text, { platform: 'discord', ...originOf(i) }, {
      admitted: async () => {
        await i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      },
    });
    if (outcome.ok) {
      // Rendering is a unit of main-thread work of its own (see main-thread-turns.ts).
      await nextTurn();
      return send(i, answerPages(outcome.stored, 0), ephemeral);
    }
    const note = refusalText(outcome);
    // Refused before deferring (over a limit, busy): the first reply, private. Refused later (a timeout):
    // the public placeholder is replaced by a private note.
    if (!i.deferred) return void (await i.reply({ ...textPages(note)[0]!, flags: MessageFlags.Ephemeral }));
    return sendHookReply(i, { text: note, ephemeral: true }, ephemeral);
  }

  /** `/mechanistic check link:`: refused privately at once, or deferred (publicly) and checked; a later refusal is private. */
  async function checkFromInteraction(i: ChatInputCommandInteraction, raw: string) {
    const pre = checkQuery(raw);
    if (!pre.ok) return void (await i.reply({ ...textPages(pre.message)[0]!, flags: MessageFlags.Ephemeral }));
    if (!ctx.checks) return void (await i.reply({ ...textPages(NOT_AVAILABLE_YET('check'))[0]!, flags: MessageFlags.Ephemeral }));
    const outcome = await ctx.checks.check({ text: pre.text }, {
      origin: { platform: 'discord', ...originOf(i) },
      admitted: async () => {
        await i.deferReply();
      },
    });
    if (outcome.ok) return send(i, renderCheck(outcome.check, { missRates: missRatesExcept(mechanistic.missRates, outcome.check.paper?.id) }), false);
    const note = checkRefusalText(outcome);
    if (!i.deferred) return void (await i.reply({ ...textPages(note)[0]!, flags: MessageFlags.Ephemeral }));
    return sendHookReply(i, { text: note, ephemeral: true }, false);
  }

  async function fail(interaction: Interaction, e: unknown): Promise<void> {
    const ref = referenceId();
    log.error({ err: e, ref, interactionId: interaction.id, type: interaction.type }, 'discord: interaction failed');
    if (!interaction.isRepliable()) return;
    const body = { content: apology(ref), embeds: [], components: [], allowedMentions: { parse: [] as [] } };
    try {
      if (interaction.deferred || interaction.replied) await interaction.editReply(body);
      else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
    } catch (sendError) {
      log.error({ err: sendError, ref }, 'discord: could not send the apology');
    }
  }

  function originOf(i: RepliableInteraction): Origin {
    return { workspaceId: i.guildId, channelId: i.channelId, userId: i.user.id };
  }

  async function send(i: RepliableInteraction, pages: Page[], ephemeral: boolean, attachment?: Attachment) {
    await sendInteractionPages(i, pages, { ephemeral, now, receivedAt: receiptOf(i), log, attachment });
  }

  /** A digest or lineage reply; when it must be private but the deferral was public, it replaces the public placeholder. */
  async function sendHookReply(i: RepliableInteraction, reply: HookReply, deferredEphemeral: boolean) {
    const pages = textPages(reply.text);
    if (reply.ephemeral && !deferredEphemeral) {
      await i.deleteReply();
      for (const [n, p] of pages.entries()) {
        await i.followUp({ ...p, files: n === 0 && reply.png ? [{ attachment: reply.png.data, name: reply.png.name }] : [], flags: MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds });
      }
      return;
    }
    await sendInteractionPages(i, pages, { ephemeral: deferredEphemeral, now, receivedAt: receiptOf(i), log, attachment: reply.png, suppressEmbeds: true });
  }

  async function onSlash(i: ChatInputCommandInteraction): Promise<void> {
    const sub = i.options.getSubcommand();
    const digestAction = sub === 'digest' ? i.options.getString('action', true) : null;
    // Private: help, asks marked private, and digest actions that change nothing for the channel.
    const ephemeral =
      sub === 'help' ||
      (sub === 'ask' && i.options.getBoolean('private') === true) ||
      (digestAction !== null && !['on', 'off', 'keep-text-on', 'keep-text-off', 'papers-on', 'papers-off', 'topics'].includes(digestAction));
    if (sub === 'ask') return askFromInteraction(i, i.options.getString('query') ?? '', ephemeral);
    if (sub === 'check') return checkFromInteraction(i, i.options.getString('link') ?? '');
    await i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    switch (sub) {
      case 'concept': {
        const found = mechanistic.concept(i.options.getString('name', true));
        return send(i, found.found ? renderConcept(found.value) : renderNotFound(found), ephemeral);
      }
      case 'paper': {
        const found = mechanistic.paper(i.options.getString('query', true));
        return send(i, found.found ? renderPaper(found.value) : renderNotFound(found), ephemeral);
      }
      case 'term': {
        const found = mechanistic.term(i.options.getString('word', true));
        return send(i, found.found ? renderTerm(found.value) : renderNotFound(found), ephemeral);
      }
      case 'help':
        return send(i, renderHelp(), ephemeral);
      case 'digest': {
        if (!ctx.hooks.digest) return send(i, textPages(NOT_AVAILABLE_YET('digest')), ephemeral);
        if (!i.channelId) return send(i, textPages('The digest is set per channel: run this in a channel.'), ephemeral);
        if (!botCanPostIn(i)) return send(i, textPages(DIGEST_NEEDS_SERVER), ephemeral);
        const reply = await ctx.hooks.digest({
          action: digestActionOf(digestAction ?? '', i.options.getString('timezone'), i.options.getString('at'), i.options.getString('week'), i.options.getString('topics')),
          workspaceId: i.guildId,
          channelId: i.channelId,
          userId: i.user.id,
          canManageChannel: i.guildId === null || (i.memberPermissions?.has('ManageChannels') ?? false),
        });
        return sendHookReply(i, reply, ephemeral);
      }
      case 'lineage': {
        if (!ctx.hooks.lineage) return send(i, textPages(NOT_AVAILABLE_YET('lineage')), ephemeral);
        return sendHookReply(i, await ctx.hooks.lineage(i.options.getString('concept', true)), ephemeral);
      }
      default:
        return send(i, textPages(`Unknown subcommand \`${sub}\`: see \`/mechanistic help\`.`), ephemeral);
    }
  }

  async function onMessageCommand(i: MessageContextMenuCommandInteraction): Promise<void> {
    const m = i.targetMessage;
    const text = [m.content, ...m.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.url ?? ''])].join('\n').trim();
    if (text === '') {
      await i.reply({ ...textPages(NO_MESSAGE_TEXT)[0]!, flags: MessageFlags.Ephemeral });
      return;
    }
    return askFromInteraction(i, text, false);
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const typed = String(i.options.getFocused()).toLowerCase().trim();
    const choices = mechanistic
      .conceptNames()
      .filter((c) => typed === '' || c.name.toLowerCase().includes(typed) || c.id.includes(typed))
      .slice(0, AUTOCOMPLETE_CHOICES_MAX)
      .map((c) => ({ name: c.name.slice(0, CHOICE_NAME_MAX), value: c.id.slice(0, CHOICE_NAME_MAX) }));
    await i.respond(choices);
  }

  async function onButton(i: ButtonInteraction, ref: ButtonRef): Promise<void> {
    if (ref.action === 'wrong') {
      // The modal must open within Discord's 3 s: only the store is read, nothing is answered.
      if (!(await store.answers.get(ref.answerId))) {
        await i.reply({ content: ANSWER_EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
        return;
      }
      await i.showModal(wrongPrecedentModal(ref));
      return;
    }
    if (ref.action === 'more') return pageInPlace(i, ref);
    const ephemeral = true;
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const stored = await ctx.answers.stored(ref.answerId);
    if (!stored) return send(i, textPages(ANSWER_EXPIRED), ephemeral);
    if (ref.action === 'why') return send(i, renderWhyDefinitions(stored.answer), ephemeral);
    if (ref.action === 'explain') {
      const outcome = ctx.explain ? await ctx.explain.explain(stored.id) : null;
      if (outcome?.ok) return send(i, renderExplanation(outcome.explanation, outcome.answer), ephemeral);
      return send(i, textPages(outcome ? sentence(`no explanation: ${outcome.notice}`) : 'Explanations are not available here.'), ephemeral);
    }
    const page = pageAnswer(stored.answer, ref.offset, PAGE_SIZE);
    const refs = [...(page.paper ? [page.paper] : []), ...page.precedents];
    return send(i, renderBibtex(refs.length > 0 ? mechanistic.bibtex(refs) : ''), ephemeral);
  }

  /**
   * "More earlier work" and "Previous": the answer's message is updated in place (callback type 7,
   * UPDATE_MESSAGE) with the page asked for, read from the store within Discord's 3 seconds. Pages that
   * do not fit one message follow, as the message was (public or only to the asker).
   */
  async function pageInPlace(i: ButtonInteraction, ref: ButtonRef): Promise<void> {
    const stored = await ctx.answers.stored(ref.answerId);
    if (!stored) return void (await i.reply({ content: ANSWER_EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }));
    const [first, ...rest] = answerPages(stored, ref.offset);
    await i.update({ content: first!.content ?? '', embeds: first!.embeds, components: first!.components, allowedMentions: first!.allowedMentions });
    const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
    for (const p of rest) {
      if (!withinTokenLifetime(i)) return;
      await i.followUp(ephemeral ? { ...p, flags: MessageFlags.Ephemeral } : p);
    }
  }

  async function onWrongPrecedent(i: ModalSubmitInteraction, ref: ButtonRef): Promise<void> {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const stored = await ctx.answers.stored(ref.answerId);
    if (!stored) return send(i, textPages(ANSWER_EXPIRED), true);
    const which = i.fields.getTextInputValue('paper').trim();
    const comment = i.fields.getTextInputValue('comment').trim();
    let paperId: string | null = null;
    let note = '';
    if (/^\d+$/.test(which) && Number(which) >= 1) {
      // Precedents are numbered from 1 across pages of the stored answer.
      paperId = stored.answer.precedents[Number(which) - 1]?.id ?? null;
      if (!paperId) note = `(no precedent number ${which}) `;
    } else if (which !== '') {
      paperId = mechanistic.corpus.papers.has(which) ? which : null;
      if (!paperId) note = `(precedent given as "${which}") `;
    }
    await store.feedback.record({
      platform: 'discord',
      workspaceId: i.guildId,
      channelId: i.channelId,
      userId: i.user.id,
      query: describeStoredQuestion(stored),
      answerId: stored.id,
      paperId,
      comment: note + comment,
      createdAt: now(),
    });
    return send(i, textPages('Thank you: your note is stored for the curators who review the precedents.'), true);
  }

  async function onInteraction(i: Interaction): Promise<void> {
    receivedAt.set(i, now().getTime());
    try {
      if (i.isAutocomplete()) return await onAutocomplete(i);
      if (i.isChatInputCommand() && i.commandName === COMMAND_NAME) return await onSlash(i);
      if (i.isMessageContextMenuCommand() && i.commandName === MESSAGE_COMMAND_NAME) return await onMessageCommand(i);
      if (i.isButton()) {
        const ref = parseCustomId(i.customId);
        if (ref) return await onButton(i, ref);
      }
      if (i.isModalSubmit()) {
        const ref = parseCustomId(i.customId);
        if (ref?.action === 'wrong') return await onWrongPrecedent(i, ref);
      }
    } catch (e) {
      await fail(i, e);
    }
  }

  /** The bot's own role: Discord's autocomplete often offers it instead of the bot user. */
  function myRoleIds(message: Message, botId: string): string[] {
    return [...message.mentions.roles.values()].filter((r) => r.tags?.botId === botId).map((r) => r.id);
  }

  function asksMe(message: Message, botId: string): boolean {
    if (message.author.bot) return false;
    if (!message.mentions.users.has(botId) && myRoleIds(message, botId).length === 0) return false;
    const channel = message.channel;
    const parentId = channel.isThread() ? channel.parentId : null;
    return ctx.mentionChannels.has(message.channelId) || (parentId !== null && ctx.mentionChannels.has(parentId));
  }

  async function onMessage(message: Message, botId: string): Promise<void> {
    if (!asksMe(message, botId)) return;
    try {
      let text = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
      for (const roleId of myRoleIds(message, botId)) text = text.replaceAll(`<@&${roleId}>`, ' ');
      text = text.trim();
      // "@bot" alone in reply to a message asks about that message (needs the Message Content intent).
      if (text === '' && message.reference?.messageId) {
        const referenced = await message.fetchReference();
        text = referenced.content.trim();
      }
      const pre = checkQuery(text);
      if (!pre.ok) return await sendMessagePages(message, textPages(pre.message));
      if ('sendTyping' in message.channel) await message.channel.sendTyping().catch(() => undefined);
      const outcome = await ctx.answers.ask(pre.text, { platform: 'discord', workspaceId: message.guildId, channelId: message.channelId, userId: message.author.id });
      await sendMessagePages(message, outcome.ok ? answerPages(outcome.stored, 0) : textPages(refusalText(outcome)));
    } catch (e) {
      const ref = referenceId();
      log.error({ err: e, ref, messageId: message.id }, 'discord: mention failed');
      await message.reply({ content: apology(ref), allowedMentions: { parse: [], repliedUser: false } }).catch(() => undefined);
    }
  }

  async function onGuildDelete(guild: Guild): Promise<void> {
    try {
      const deleted = await store.workspaces.deleteData('discord', guild.id, [...guild.channels.cache.keys()]);
      log.info({ guildId: guild.id, deleted }, 'discord: removed from a server; its stored data is deleted');
    } catch (err) {
      log.error({ err, guildId: guild.id }, 'discord: could not delete the data of a server the bot left');
    }
  }

  return { onInteraction, onMessage, onGuildDelete };
}

export const DIGEST_NEEDS_SERVER =
  'The weekly digest is posted by the bot itself, so it needs the bot in a server channel: add the bot to the server, then run this there.';

/**
 * Whether the bot itself can post where the interaction came from: a server that installed the app
 * (not only a user who did), or the DM with the bot. A user install in a group DM or another server
 * can answer through the interaction, but cannot post a digest later.
 */
export function botCanPostIn(i: RepliableInteraction): boolean {
  if (i.context === InteractionContextType.PrivateChannel) return false;
  if (i.guildId === null) return true;
  return i.authorizingIntegrationOwners[ApplicationIntegrationType.GuildInstall] !== undefined;
}

/** The digest subcommand's options as the digest part's action. */
export function digestActionOf(action: string, timezone: string | null, at: string | null, week: string | null, topics: string | null = null): DigestAction {
  switch (action) {
    case 'on':
      return { action: 'on', ...(timezone ? { tz: timezone } : {}), ...(at ? { at } : {}) };
    case 'off':
      return { action: 'off' };
    case 'preview':
      return { action: 'preview', ...(week ? { week } : {}) };
    case 'keep-text-on':
    case 'keep-text-off':
      return { action: 'keep-text', keep: action === 'keep-text-on' };
    case 'papers-on':
    case 'papers-off':
      return { action: 'papers', on: action === 'papers-on' };
    case 'topics':
      return { action: 'topics', topics: parseTopics(topics ?? '') };
    default:
      return { action: 'status' };
  }
}

export function wrongPrecedentModal(ref: ButtonRef): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(formatCustomId({ ...ref, action: 'wrong' }))
    .setTitle('Wrong precedent?')
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('paper')
          .setLabel('Which one? Its number in the answer')
          .setStyle(TextInputStyle.Short)
          .setRequired(false)
          .setMaxLength(100),
      ),
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('comment')
          .setLabel('What is wrong, or what should be there?')
          .setStyle(TextInputStyle.Paragraph)
          .setRequired(true)
          .setMaxLength(1000),
      ),
    );
}
