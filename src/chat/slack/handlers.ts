/**
 * Slack events → core questions, core answers → Slack replies. Every listener acknowledges
 * first (Slack allows 3 seconds), then answers. A failure becomes a short apology with a
 * reference id for the user and a log line with the same id and the error.
 */
import type { AppServices } from '../../app/services.ts';
import { missRatesExcept } from '../../core/references.ts';
import type { App, BlockButtonAction, webApi } from '@slack/bolt';
import { describeStoredQuestion, type AnsweredQuestion, type AnswerOutcome } from '../../app/answer-step.ts';
import type { CheckOutcome } from '../../app/check-step.ts';
import { renderExplanationBlocks } from './render-explanation.ts';
import { pageAnswer } from '../../core/answer.ts';
import { logErrorWithRef, type Logger } from '../../log.ts';
import { nextTurn } from '../../retrieval/main-thread-turns.ts';
import { parseSlackCommand, type ParsedSlackCommand } from './command-grammar.ts';
import { fitBlocksText } from './blocks.ts';
import { deliver, type Destination } from './deliver.ts';
import { plainFromSlack } from './escape.ts';
import {
  buildFeedbackModal,
  FEEDBACK_CALLBACK_ID,
  FEEDBACK_COMMENT,
  FEEDBACK_PAPER,
  feedbackThanksView,
  parseFeedbackContext,
} from './feedback-modal.ts';
import { ANSWER_ACTIONS, parseButtonValue, renderAnswerBlocks, type SlackMessage } from './render-answer.ts';
import { renderCheckBlocks } from './render-check.ts';
import {
  renderApologyBlocks,
  renderBibtexBlocks,
  renderConceptBlocks,
  renderEvidenceBlocks,
  renderHelpBlocks,
  renderNotAvailableBlocks,
  renderNotFound,
  renderPaperBlocks,
  renderTermBlocks,
  renderUsageBlocks,
} from './render-lookups.ts';
import { postToResponseUrl, type ResponseUrlOptions } from './response-url.ts';
import { blockProblems, messageProblems } from './validate-blocks.ts';
import { SLACK_LIMITS } from './limits.ts';
import { HOME_RECENT_ANSWERS, renderHomeView } from './render-home.ts';
import { renderUnfurlBlocks, UNFURL_LINKS_MAX } from './render-unfurl.ts';
import { paperLinkQuestion } from './unfurl.ts';

export const SLASH_COMMAND = '/mechanistic';
export const MESSAGE_SHORTCUT_CALLBACK_ID = 'is_this_mechanistic';

/** Who asked, where: what the answer log and the buttons need. */
export interface AskedIn {
  workspaceId: string | null;
  channelId: string | null;
  userId: string | null;
}

/**
 * Commands another part provides (`/mechanistic digest …`, `/mechanistic lineage …`, built in
 * src/digest): when a hook is absent, the command answers "not available yet".
 */
export interface SlackCommandHooks {
  digest?: (req: AskedIn & { argument: string; client: webApi.WebClient }) => Promise<SlackMessage>;
  lineage?: (req: AskedIn & { argument: string; client: webApi.WebClient }) => Promise<SlackMessage>;
}

export interface SlackHandlerDeps extends AppServices {
  /** Identifies this process in the event-claim table (see store/slack-events.ts). */
  bootId: string;
  /** Precedents per page in Slack (shorter than the CLI's 10: chat messages are read on phones). */
  pageSize: number;
  hooks: SlackCommandHooks;
  responseUrl: ResponseUrlOptions;
  /** Tracks answers in flight, so stop() can wait for them. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

/** What the asker is told when the answer step refuses or gives up (only the asker sees it). */
export function refusalText(outcome: Exclude<AnswerOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'bad_query':
      return `Cannot answer that: ${outcome.message}.`;
    case 'rate_limited':
      return outcome.message;
    case 'timeout':
      return `Sorry, ${outcome.message}.`;
    case 'overloaded':
      return `Sorry, I am ${outcome.message}.`;
  }
}

/** What the asker is told when the check step refuses or gives up (only the asker sees it). */
export function checkRefusalText(outcome: Exclude<CheckOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'bad_input':
      return outcome.code === 'no_references' ? `No references to check: ${outcome.message}.` : `Cannot check that: ${outcome.message}.`;
    case 'rate_limited':
      return outcome.message;
    case 'timeout':
      return `Sorry, ${outcome.message}.`;
  }
}

/** The same destination, narrowed to the asker (a thread reply becomes an ephemeral one in that thread). */
function toAskerOnly(dest: Destination, userId: string | null): Destination {
  if (dest.kind === 'response_url') return { ...dest, responseType: 'ephemeral' };
  if (dest.kind === 'thread' && dest.fallbackResponseUrl) return { kind: 'response_url', url: dest.fallbackResponseUrl, responseType: 'ephemeral' };
  if (dest.kind === 'thread' && userId) return { kind: 'ephemeral', channel: dest.channel, user: userId, threadTs: dest.threadTs };
  return dest;
}

/** Commands whose answer takes longer than a moment (the encoder, a paper source). */
const TAKES_A_MOMENT: ReadonlySet<string> = new Set(['ask', 'check']);
/** The slash command's ack when the answer follows: Slack shows it at once, only to the asker. */
export const LOOKING = { response_type: 'ephemeral' as const, text: 'Looking… the answer follows in a moment.' };
/** What a slash command is acknowledged with: LOOKING when an answer follows, else an empty 200. */
function commandAck(parsed: ParsedSlackCommand): typeof LOOKING | undefined {
  return TAKES_A_MOMENT.has(parsed.command) && parsed.argument !== '' ? LOOKING : undefined;
}

/**
 * For the HTTP receiver (src/serve/parts/slack-receiver.ts): the ack of a `/mechanistic` command,
 * which it sends before Bolt runs (the listener's own ack is then a no-op); undefined for other payloads.
 */
export function slashCommandAckAtOnce(body: Record<string, unknown>): { response: typeof LOOKING | undefined } | undefined {
  if (body.command !== SLASH_COMMAND || typeof body.text !== 'string') return undefined;
  return { response: commandAck(parseSlackCommand(plainFromSlack(body.text))) };
}
/**
 * For a slash command acked at once (slashCommandAckAtOnce) that Bolt then failed on before any listener
 * ran (e.g. the bot's token was revoked): the asker saw only "Looking…", so an apology with a reference id
 * goes to the command's response_url (from the signed request), which needs no token.
 */
export function apologizeAfterAck(log: Logger, responseUrl: ResponseUrlOptions = {}) {
  return async (body: Record<string, unknown>, err: Error): Promise<void> => {
    if (body.command !== SLASH_COMMAND || typeof body.response_url !== 'string') return;
    const referenceId = logErrorWithRef(log.child({ platform: 'slack' }), err, { what: 'slash command' }, 'could not process an acknowledged command');
    const message = renderApologyBlocks(referenceId);
    await postToResponseUrl(body.response_url, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }, responseUrl);
  };
}

/** The reaction on a mention or a direct message while it is being answered; removed when the answer lands. */
export const WORKING_REACTION = 'hourglass_flowing_sand';

const noWorking = async (): Promise<void> => {};

export function registerSlackHandlers(app: App, d: SlackHandlerDeps): void {
  const log = d.log.child({ platform: 'slack' });

  /**
   * Puts the working reaction on the asker's message; the returned function takes it off. A reaction
   * that cannot be added (no reactions:write, an archived channel) is only logged: the answer matters.
   */
  async function showWorking(client: webApi.WebClient, channel: string, ts: string): Promise<() => Promise<void>> {
    try {
      await client.reactions.add({ channel, timestamp: ts, name: WORKING_REACTION });
    } catch (err) {
      log.warn({ err, channel }, 'could not add the working reaction');
      return noWorking;
    }
    return async () => {
      try {
        await client.reactions.remove({ channel, timestamp: ts, name: WORKING_REACTION });
      } catch (err) {
        log.warn({ err, channel }, 'could not remove the working reaction');
      }
    };
  }

  /** Produces a reply and delivers it; on any failure the user gets an apology with a reference id. */
  async function reply(
    client: webApi.WebClient,
    to: Destination,
    what: string,
    produce: () => Promise<SlackMessage> | SlackMessage,
    userId: string | null = null,
  ): Promise<void> {
    let message: SlackMessage;
    let dest = to;
    let referenceId: string | null = null;
    try {
      message = await produce();
      message = { ...message, blocks: fitBlocksText(message.blocks) };
      if (message.onlyToAsker) dest = toAskerOnly(to, userId);
      const problems = messageProblems(message);
      if (problems.length > 0) throw new Error(`rendered message breaks Slack's limits: ${problems.slice(0, 5).join('; ')}`);
    } catch (err) {
      referenceId = logErrorWithRef(log, err, { what }, 'could not answer');
      message = renderApologyBlocks(referenceId);
      dest = toAskerOnly(to, userId);
    }
    try {
      await deliver(client, dest, message, d.responseUrl);
      return;
    } catch (err) {
      if (referenceId) log.error({ err, ref: referenceId, what, destination: dest.kind }, 'could not deliver the reply');
      else referenceId = logErrorWithRef(log, err, { what, destination: dest.kind }, 'could not deliver the reply');
    }
    // The reply itself was refused (e.g. invalid_blocks): a short apology may still get through.
    try {
      await deliver(client, toAskerOnly(to, userId), renderApologyBlocks(referenceId), d.responseUrl);
    } catch (err) {
      log.error({ err, ref: referenceId, what }, 'could not deliver the apology either');
    }
  }

  /** A new question: through the answer step (limits, timeout, storing), then its first page. */
  async function answerNewQuestion(text: string, asked: AskedIn): Promise<SlackMessage> {
    const outcome = await d.answers.ask(text, { platform: 'slack', ...asked });
    if (!outcome.ok) return { ...renderUsageBlocks(refusalText(outcome)), onlyToAsker: true };
    // Rendering is a unit of main-thread work of its own (see main-thread-turns.ts).
    await nextTurn();
    return renderPage(outcome.stored, 0);
  }

  /**
   * A check through the one check step; a refusal is a short note only the asker sees. From a stored answer's
   * button (`answerId`), the check stored for that answer is shown again, not made again.
   */
  async function runCheck(text: string, asked: AskedIn, answerId?: string): Promise<SlackMessage> {
    if (!d.checks) return { ...renderNotAvailableBlocks(`${SLASH_COMMAND} check`), onlyToAsker: true };
    const outcome = await d.checks.check({ text }, { origin: { platform: 'slack', ...asked }, ...(answerId ? { answerId } : {}) });
    if (!outcome.ok) return { ...renderUsageBlocks(checkRefusalText(outcome)), onlyToAsker: true };
    return renderCheckBlocks(outcome.check, { missRates: missRatesExcept(d.mechanistic.missRates, outcome.check.paper?.id) });
  }

  /** One page of a stored answer, with its buttons. */
  function renderPage(stored: AnsweredQuestion, offset: number): SlackMessage {
    return renderAnswerBlocks(pageAnswer(stored.answer, offset, d.pageSize), {
      questionRef: stored.id === '' ? null : stored.id,
      offset,
      pageSize: d.pageSize,
      explain: d.explain?.enabled ?? false,
    });
  }

  async function runCommand(parsed: ParsedSlackCommand, asked: AskedIn, client: webApi.WebClient): Promise<SlackMessage> {
    const arg = parsed.argument;
    const needs = (usage: string): SlackMessage => ({
      ...renderUsageBlocks(`${SLASH_COMMAND} ${parsed.command} needs ${usage}. Try ${SLASH_COMMAND} help.`),
      onlyToAsker: true,
    });
    switch (parsed.command) {
      case 'help':
        return renderHelpBlocks(SLASH_COMMAND);
      case 'ask':
        return arg ? answerNewQuestion(arg, asked) : needs('a question, a title, an abstract or an arXiv/ACL link');
      case 'concept': {
        if (!arg) return needs('a concept name, e.g. probing');
        const found = d.mechanistic.concept(arg);
        return found.found ? renderConceptBlocks(found.value) : renderNotFound('concept', arg, found);
      }
      case 'paper': {
        if (!arg) return needs('an arXiv id, an ACL Anthology id or a title');
        const found = d.mechanistic.paper(arg);
        return found.found ? renderPaperBlocks(found.value) : renderNotFound('paper', arg, found);
      }
      case 'term': {
        if (!arg) return needs('a word, e.g. faithful');
        const found = d.mechanistic.term(arg);
        return found.found ? renderTermBlocks(found.value) : renderNotFound('term', arg, found);
      }
      case 'digest':
        return d.hooks.digest ? d.hooks.digest({ ...asked, argument: arg, client }) : renderNotAvailableBlocks(`${SLASH_COMMAND} digest`);
      case 'check':
        return arg ? runCheck(arg, asked) : needs("a paper's link or id, e.g. https://arxiv.org/abs/2202.05262");
      case 'lineage':
        return d.hooks.lineage ? d.hooks.lineage({ ...asked, argument: arg, client }) : renderNotAvailableBlocks(`${SLASH_COMMAND} lineage`);
      case 'unfurl':
        return unfurlSetting(arg.toLowerCase(), asked);
    }
  }

  /** `/mechanistic unfurl on|off` (and without a word, whether it is on): paper-link cards in this channel. */
  async function unfurlSetting(word: string, asked: AskedIn): Promise<SlackMessage> {
    if (!asked.channelId) return { ...renderUsageBlocks('Unfurling is set per channel: run this in a channel.'), onlyToAsker: true };
    if (word === 'on' || word === 'off') {
      await d.store.unfurls.set({ platform: 'slack', workspaceId: asked.workspaceId, channelId: asked.channelId, enabled: word === 'on', by: asked.userId }, d.now());
      return renderUsageBlocks(
        word === 'on'
          ? 'Paper links posted here (arXiv, ACL Anthology, OpenReview, DOI) now get a card: the four senses and the earliest work on their concepts.'
          : `Paper links posted here are no longer unfurled. Turn it back on with ${SLASH_COMMAND} unfurl on.`,
      );
    }
    if (word !== '') return { ...renderUsageBlocks(`${SLASH_COMMAND} unfurl takes on or off, not "${word}".`), onlyToAsker: true };
    const on = await d.store.unfurls.enabled('slack', asked.channelId);
    return { ...renderUsageBlocks(`Paper links posted here are ${on ? '' : 'not '}unfurled (${SLASH_COMMAND} unfurl ${on ? 'off' : 'on'} to change it).`), onlyToAsker: true };
  }

  app.command(SLASH_COMMAND, async ({ command, ack, client }) => {
    const parsed = parseSlackCommand(plainFromSlack(command.text));
    // A question or a check takes a moment: the ack itself says so, to the asker only, at no extra request.
    // (Over HTTP the receiver has sent this ack already, before Bolt ran: see slashCommandAckAtOnce.)
    await ack(commandAck(parsed));
    // Everything after the ack waits for a turn of the main thread (main-thread-turns.ts), so other
    // requests already read (a burst of commands) are acknowledged before this one's store writes.
    await nextTurn();
    // One invocation (its trigger id) delivered to several instances is answered by one of them.
    const invocation = command.trigger_id ? `command:${command.trigger_id}` : null;
    if (invocation && (await d.store.slackEvents.claim({ eventId: invocation, workspaceId: command.team_id, bootId: d.bootId, now: d.now() })) === 'duplicate') {
      log.info({ eventId: invocation }, 'command already answered or in flight: skipped');
      return;
    }
    const shared = !parsed.private && parsed.command !== 'help';
    const dest: Destination = { kind: 'response_url', url: command.response_url, responseType: shared ? 'in_channel' : 'ephemeral' };
    const asked: AskedIn = { workspaceId: command.team_id, channelId: command.channel_id, userId: command.user_id };
    await d.track(reply(client, dest, `command ${parsed.command}`, () => runCommand(parsed, asked, client), command.user_id));
    if (invocation) await d.store.slackEvents.markAnswered(invocation, d.now());
  });

  app.event('app_mention', async ({ event, body, client }) => {
    if (typeof event.channel !== 'string' || typeof event.ts !== 'string') return;
    const eventId = await claimEvent(body);
    if (eventId === false) return;
    const workspaceId = (body as { team_id?: string }).team_id ?? null;
    const parsed = parseSlackCommand(plainFromSlack(event.text ?? ''));
    const threadTs = event.thread_ts ?? event.ts;
    const user = event.user ?? null;
    const dest: Destination =
      parsed.private && user
        ? { kind: 'ephemeral', channel: event.channel, user, threadTs }
        : { kind: 'thread', channel: event.channel, threadTs };
    const asked: AskedIn = { workspaceId, channelId: event.channel, userId: user };
    const working = TAKES_A_MOMENT.has(parsed.command) ? await showWorking(client, event.channel, event.ts) : noWorking;
    await d.track(reply(client, dest, `mention ${parsed.command}`, () => runCommand(parsed, asked, client), user));
    await working();
    if (eventId) await d.store.slackEvents.markAnswered(eventId, d.now());
  });

  app.shortcut({ callback_id: MESSAGE_SHORTCUT_CALLBACK_ID, type: 'message_action' }, async ({ shortcut, ack, client }) => {
    await ack();
    await nextTurn();
    const text = plainFromSlack(shortcut.message.text ?? '');
    const asked: AskedIn = { workspaceId: shortcut.team?.id ?? shortcut.user.team_id ?? null, channelId: shortcut.channel.id, userId: shortcut.user.id };
    if (text === '') {
      const dest: Destination = { kind: 'response_url', url: shortcut.response_url, responseType: 'ephemeral' };
      await d.track(reply(client, dest, 'shortcut', () => renderUsageBlocks('That message has no text to ask about.')));
      return;
    }
    const dest: Destination = {
      kind: 'thread',
      channel: shortcut.channel.id,
      threadTs: (shortcut.message.thread_ts as string | undefined) ?? shortcut.message.ts,
      fallbackResponseUrl: shortcut.response_url,
    };
    const working = await showWorking(client, shortcut.channel.id, shortcut.message.ts);
    await d.track(reply(client, dest, 'shortcut', () => answerNewQuestion(text, asked), shortcut.user.id));
    await working();
  });

  /** The stored answer behind a button, or a message saying it has expired. */
  async function answerOf(action: BlockButtonAction): Promise<{ stored: AnsweredQuestion; offset: number } | SlackMessage> {
    const value = parseButtonValue(action.actions[0]?.value ?? '');
    const stored = value ? await d.answers.stored(value.questionRef) : null;
    if (!value || !stored) return renderUsageBlocks(`This answer is too old for its buttons: ask again with ${SLASH_COMMAND}.`);
    return { stored, offset: value.offset };
  }

  function toAsker(body: BlockButtonAction): Destination {
    return { kind: 'response_url', url: body.response_url, responseType: 'ephemeral' };
  }

  app.action<BlockButtonAction>(ANSWER_ACTIONS.more, async ({ ack, body, client }) => {
    await ack();
    const container = body.container as { is_ephemeral?: boolean; thread_ts?: string; message_ts?: string };
    const messageTs = body.message?.ts ?? container.message_ts;
    const dest: Destination =
      container.is_ephemeral || !body.channel || !messageTs
        ? toAsker(body)
        : {
            kind: 'thread',
            channel: body.channel.id,
            threadTs: (body.message?.thread_ts as string | undefined) ?? container.thread_ts ?? messageTs,
            fallbackResponseUrl: body.response_url,
          };
    await d.track(
      reply(client, dest, 'more', async () => {
        const q = await answerOf(body);
        return 'text' in q ? { ...q, onlyToAsker: true } : renderPage(q.stored, q.offset);
      }, body.user.id),
    );
  });

  app.action<BlockButtonAction>(ANSWER_ACTIONS.why, async ({ ack, body, client }) => {
    await ack();
    await d.track(
      reply(client, toAsker(body), 'why', async () => {
        const q = await answerOf(body);
        return 'text' in q ? q : renderEvidenceBlocks(q.stored.answer);
      }),
    );
  });

  app.action<BlockButtonAction>(ANSWER_ACTIONS.bibtex, async ({ ack, body, client }) => {
    await ack();
    await d.track(
      reply(client, toAsker(body), 'bibtex', async () => {
        const q = await answerOf(body);
        if ('text' in q) return q;
        const { precedents } = pageAnswer(q.stored.answer, q.offset, d.pageSize);
        return renderBibtexBlocks(d.mechanistic.bibtex(precedents), precedents.length);
      }),
    );
  });

  // "Check its references": the check of the paper the stored answer is about, only to the one who clicked.
  app.action<BlockButtonAction>(ANSWER_ACTIONS.check, async ({ ack, body, client }) => {
    await ack();
    const asked: AskedIn = { workspaceId: body.team?.id ?? body.user.team_id ?? null, channelId: body.channel?.id ?? null, userId: body.user.id };
    await d.track(
      reply(client, toAsker(body), 'check', async () => {
        const q = await answerOf(body);
        if ('text' in q) return q;
        const paper = q.stored.answer.paper;
        if (!paper) return renderUsageBlocks('This answer is not about one paper, so there are no references to check.');
        return runCheck(paper.url || paper.id, asked, q.stored.id || undefined);
      }),
    );
  });

  // "Explain": the LLM's explanation of the stored answer, only to the one who clicked; the answer was out long before.
  app.action<BlockButtonAction>(ANSWER_ACTIONS.explain, async ({ ack, body, client }) => {
    await ack();
    await d.track(
      reply(client, toAsker(body), 'explain', async () => {
        const value = parseButtonValue(body.actions[0]?.value ?? '');
        if (!value || !d.explain) return renderUsageBlocks('Explanations are not available here.');
        const outcome = await d.explain.explain(value.questionRef);
        if (outcome.ok) return renderExplanationBlocks(outcome.explanation, outcome.answer);
        return renderUsageBlocks(`No explanation: ${outcome.notice}.`);
      }),
    );
  });

  app.action<BlockButtonAction>(ANSWER_ACTIONS.wrong, async ({ ack, body, client }) => {
    await ack();
    const work = (async () => {
      try {
        const q = await answerOf(body);
        if ('text' in q) return await reply(client, toAsker(body), 'wrong', () => q);
        const { precedents } = pageAnswer(q.stored.answer, q.offset, d.pageSize);
        const view = buildFeedbackModal(q.stored.answer.query, precedents, { questionRef: q.stored.id, channelId: body.channel?.id ?? null });
        await client.views.open({ trigger_id: body.trigger_id, view });
      } catch (err) {
        const referenceId = logErrorWithRef(log, err, { what: 'wrong' }, 'could not open the feedback form');
        await reply(client, toAsker(body), 'wrong', () => renderApologyBlocks(referenceId));
      }
    })();
    await d.track(work);
  });

  app.view(FEEDBACK_CALLBACK_ID, async ({ ack, body, view }) => {
    const values = view.state.values;
    const comment = (values[FEEDBACK_COMMENT.block]?.[FEEDBACK_COMMENT.action]?.value ?? '').trim();
    if (comment === '') {
      await ack({ response_action: 'errors', errors: { [FEEDBACK_COMMENT.block]: 'Please say what is wrong, or what should be cited instead.' } });
      return;
    }
    const paperId = values[FEEDBACK_PAPER.block]?.[FEEDBACK_PAPER.action]?.selected_option?.value ?? null;
    const ctx = parseFeedbackContext(view.private_metadata);
    try {
      const stored = ctx ? await d.store.answers.get(ctx.questionRef) : null;
      await d.store.feedback.record({
        platform: 'slack',
        workspaceId: body.team?.id ?? body.user.team_id ?? null,
        channelId: ctx?.channelId ?? null,
        userId: body.user.id,
        query: stored ? describeStoredQuestion(stored) : '(answer no longer stored)',
        answerId: stored?.id ?? null,
        paperId,
        comment,
        createdAt: d.now(),
      });
    } catch (err) {
      const referenceId = logErrorWithRef(log, err, { what: 'feedback' }, 'could not store feedback');
      await ack({ response_action: 'errors', errors: { [FEEDBACK_COMMENT.block]: `Sorry, this could not be saved (reference ${referenceId}). Please try again later.` } });
      return;
    }
    await ack({ response_action: 'update', view: feedbackThanksView() });
  });

  /** An Events API delivery claimed for this process: false when it is a retry already answered or in flight. */
  async function claimEvent(body: unknown): Promise<string | null | false> {
    const eventId = (body as { event_id?: string }).event_id;
    if (!eventId) return null;
    const claim = await d.store.slackEvents.claim({ eventId, workspaceId: (body as { team_id?: string }).team_id ?? null, bootId: d.bootId, now: d.now() });
    if (claim !== 'duplicate') return eventId;
    log.info({ eventId }, 'retried event already answered or in flight: skipped');
    return false;
  }

  // A direct message to the bot is a question (or a command word), answered in the conversation.
  app.event('message', async ({ event, body, client }) => {
    const m = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; ts: string; thread_ts?: string };
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id !== undefined || !m.user) return;
    const eventId = await claimEvent(body);
    if (eventId === false) return;
    const parsed = parseSlackCommand(plainFromSlack(m.text ?? ''));
    const dest: Destination = m.thread_ts ? { kind: 'thread', channel: m.channel, threadTs: m.thread_ts } : { kind: 'channel', channel: m.channel };
    const asked: AskedIn = { workspaceId: (body as { team_id?: string }).team_id ?? null, channelId: m.channel, userId: m.user };
    const working = TAKES_A_MOMENT.has(parsed.command) ? await showWorking(client, m.channel, m.ts) : noWorking;
    await d.track(reply(client, dest, `dm ${parsed.command}`, () => runCommand(parsed, asked, client), m.user));
    await working();
    if (eventId) await d.store.slackEvents.markAnswered(eventId, d.now());
  });

  // The App Home tab: what the bot does, the commands, this workspace's digest channels, the user's latest answers.
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const workspaceId = (body as { team_id?: string }).team_id ?? null;
    const work = (async () => {
      try {
        const [subscriptions, recent] = await Promise.all([
          d.store.digest.listSubscriptions(),
          workspaceId ? d.store.answers.recentOfUser('slack', workspaceId, event.user, HOME_RECENT_ANSWERS) : Promise.resolve([]),
        ]);
        const digestChannels = subscriptions.filter((sub) => sub.platform === 'slack' && sub.workspaceId === workspaceId);
        const view = renderHomeView({ command: SLASH_COMMAND, digestChannels, recent });
        const problems = blockProblems(view.blocks, SLACK_LIMITS.homeBlocks);
        if (problems.length > 0) throw new Error(`rendered Home tab breaks Slack's limits: ${problems.slice(0, 5).join('; ')}`);
        await client.views.publish({ user_id: event.user, view });
      } catch (err) {
        logErrorWithRef(log, err, { what: 'app home' }, 'could not publish the Home tab');
      }
    })();
    await d.track(work);
  });

  // A paper link posted in a channel: a card with the four senses and the earliest work (chat.unfurl).
  app.event('link_shared', async ({ event, body, client }) => {
    const eventId = await claimEvent(body);
    if (eventId === false) return;
    const work = (async () => {
      try {
        const workspaceId = (body as { team_id?: string }).team_id ?? null;
        if (!(await d.store.unfurls.enabled('slack', event.channel))) return;
        const asked: AskedIn = { workspaceId, channelId: event.channel, userId: event.user ?? null };
        const unfurls: Record<string, { blocks: ReturnType<typeof renderUnfurlBlocks> }> = {};
        const links = event.links.flatMap((l) => {
          const question = paperLinkQuestion(l.url);
          return question ? [{ url: l.url, question }] : [];
        });
        for (const link of links.slice(0, UNFURL_LINKS_MAX)) {
          const outcome = await d.answers.ask(link.question, { platform: 'slack', ...asked });
          // A link that could not be read (or was refused) keeps Slack's own preview: no card about nothing.
          if (!outcome.ok || !outcome.stored.answer.paper) continue;
          unfurls[link.url] = { blocks: renderUnfurlBlocks(outcome.stored.answer, outcome.stored.id === '' ? null : outcome.stored.id) };
        }
        if (Object.keys(unfurls).length === 0) return;
        const where = event.unfurl_id && event.source ? { unfurl_id: event.unfurl_id, source: event.source } : { channel: event.channel, ts: event.message_ts };
        await client.chat.unfurl({ ...where, unfurls } as unknown as Parameters<typeof client.chat.unfurl>[0]);
      } catch (err) {
        logErrorWithRef(log, err, { what: 'unfurl' }, 'could not unfurl a paper link');
      }
    })();
    await d.track(work);
    if (eventId) await d.store.slackEvents.markAnswered(eventId, d.now());
  });

  const forget = (reason: string) => async ({ body }: { body: { team_id?: string } }) => {
    if (!body.team_id) return;
    const deleted = await d.store.workspaces.deleteData('slack', body.team_id);
    log.info({ workspaceId: body.team_id, reason, deleted }, 'deleted the workspace data');
  };
  app.event('app_uninstalled', forget('app_uninstalled'));
  app.event('tokens_revoked', forget('tokens_revoked'));
}
