/** Requests as Slack sends them: real payload shapes, signed with the v0 scheme (HMAC-SHA256). */
import { createHmac } from 'node:crypto';

export const TEAM = 'T0TEST';
export const CHANNEL = 'C0READING';
export const USER = 'U0ASKER';

export function sign(secret: string, timestampS: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampS}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestampS?: number;
  signature?: string | null;
  headers?: Record<string, string>;
}

export async function sendSigned(url: string, body: string, contentType: string, opts: SendOptions): Promise<{ status: number; text: string }> {
  const ts = opts.timestampS ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), ...opts.headers };
  const signature = opts.signature === undefined ? sign(opts.secret, ts, body) : opts.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

let invocations = 0;

/** The fields Slack sends for a slash command, as HTTP form fields and as a Socket Mode payload (each with its own trigger id, as Slack gives). */
export function slashCommandFields(text: string, responseUrl: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'readinggroup',
    channel_id: CHANNEL,
    channel_name: 'interp-reading',
    user_id: USER,
    user_name: 'ana',
    command: '/mechanistic',
    text,
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `1337.${++invocations}.abcd`,
    ...over,
  };
}

export function slashCommandBody(text: string, responseUrl: string, over: Record<string, string> = {}): string {
  return new URLSearchParams(slashCommandFields(text, responseUrl, over)).toString();
}

export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function appMentionEvent(opts: { eventId: string; text: string; ts: string; threadTs?: string; team?: string }): string {
  const team = opts.team ?? TEAM;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0TEST',
    event: {
      type: 'app_mention',
      user: USER,
      text: opts.text,
      ts: opts.ts,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
      channel: CHANNEL,
      event_ts: opts.ts,
    },
    type: 'event_callback',
    event_id: opts.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: team, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${opts.eventId}`,
  });
}

export function teamEvent(type: 'app_uninstalled' | 'tokens_revoked', team: string, eventId: string): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0TEST',
    event: type === 'tokens_revoked' ? { type, tokens: { oauth: [], bot: ['U0BOT'] }, event_ts: '1700000000.1' } : { type, event_ts: '1700000000.1' },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
  });
}

export function messageShortcut(opts: { text: string; ts: string; threadTs?: string; responseUrl: string }): object {
  return {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: '1700000100.000200',
    team: { id: TEAM, domain: 'readinggroup' },
    user: { id: USER, username: 'ana', name: 'ana', team_id: TEAM },
    channel: { id: CHANNEL, name: 'interp-reading' },
    is_enterprise_install: false,
    callback_id: 'is_this_mechanistic',
    trigger_id: '1337.43.efgh',
    response_url: opts.responseUrl,
    message_ts: opts.ts,
    message: { type: 'message', user: 'U0OTHER', ts: opts.ts, text: opts.text, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) },
  };
}

export function blockAction(opts: {
  actionId: string;
  value: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
  ephemeral?: boolean;
}): object {
  return {
    type: 'block_actions',
    user: { id: USER, username: 'ana', name: 'ana', team_id: TEAM },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: opts.messageTs, channel_id: CHANNEL, is_ephemeral: opts.ephemeral ?? false, ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) },
    trigger_id: '1337.44.ijkl',
    team: { id: TEAM, domain: 'readinggroup' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: CHANNEL, name: 'interp-reading' },
    message: { type: 'message', subtype: 'bot_message', text: 'answer', ts: opts.messageTs, bot_id: 'B0BOT', ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}) },
    state: { values: {} },
    response_url: opts.responseUrl,
    actions: [{ action_id: opts.actionId, block_id: 'mechanistic_answer_actions', text: { type: 'plain_text', text: 'x', emoji: false }, value: opts.value, type: 'button', action_ts: '1700000200.000300' }],
  };
}

export function viewSubmission(opts: { privateMetadata: string; paperId: string | null; comment: string }): object {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'readinggroup' },
    user: { id: USER, username: 'ana', name: 'ana', team_id: TEAM },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    trigger_id: '1337.45.mnop',
    view: {
      id: 'V0TEST',
      team_id: TEAM,
      type: 'modal',
      callback_id: 'mechanistic_feedback',
      private_metadata: opts.privateMetadata,
      title: { type: 'plain_text', text: 'Wrong precedent?' },
      blocks: [],
      state: {
        values: {
          feedback_paper: { paper: { type: 'static_select', selected_option: opts.paperId ? { text: { type: 'plain_text', text: 'p' }, value: opts.paperId } : null } },
          feedback_comment: { comment: { type: 'plain_text_input', value: opts.comment } },
        },
      },
      hash: '1700000300.abc',
      app_id: 'A0TEST',
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}
