/**
 * slack/manifest.yaml against the rules of Slack's published manifest schema (slackapi/manifest-schema,
 * schemas/manifest.schema.1.0.0.json: the schema for manifests without `_metadata`), restated here as a
 * small structural validator: allowed keys per object, required keys, types, lengths, item counts,
 * patterns. The schema file is not available offline, so the rules the manifest touches are written out;
 * the second test shows each rule refusing a broken copy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

type Rule =
  | { type: 'object'; keys: Record<string, Rule>; required?: string[] }
  | { type: 'array'; items: Rule; min?: number; max?: number; unique?: boolean }
  | { type: 'string'; min?: number; max?: number; pattern?: RegExp }
  | { type: 'boolean' };

const str = (min?: number, max?: number, pattern?: RegExp): Rule => ({ type: 'string', min, max, pattern });
const bool: Rule = { type: 'boolean' };
const HTTP = /^https?:\/\//;
const DOMAIN = /^(?![.-])([-a-z0-9.])+([a-z0-9])$/;
const scopeList: Rule = { type: 'array', items: str(undefined, 50), max: 255 };

/** The parts of the v1 manifest schema a bot like this one uses. */
const MANIFEST: Rule = {
  type: 'object',
  required: ['display_information'],
  keys: {
    _metadata: { type: 'object', keys: {} },
    display_information: {
      type: 'object',
      required: ['name'],
      keys: { name: str(1, 35), description: str(1, 140), background_color: str(4, 7, /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/), long_description: str(175, 4000) },
    },
    features: {
      type: 'object',
      keys: {
        app_home: { type: 'object', keys: { home_tab_enabled: bool, messages_tab_enabled: bool, messages_tab_read_only_enabled: bool } },
        bot_user: { type: 'object', required: ['display_name'], keys: { display_name: str(1, 80), always_online: bool } },
        shortcuts: {
          type: 'array',
          min: 1,
          max: 10,
          items: { type: 'object', required: ['name', 'type', 'callback_id', 'description'], keys: { name: str(1, 24), type: str(1, 7, /^(message|global)$/), callback_id: str(1, 255), description: str(1, 150) } },
        },
        slash_commands: {
          type: 'array',
          min: 1,
          max: 50,
          items: {
            type: 'object',
            required: ['command', 'description'],
            keys: { command: str(2, 32, /^\//), url: str(undefined, 3000, HTTP), description: str(1, 2000), usage_hint: str(1, 1000), should_escape: bool },
          },
        },
        unfurl_domains: { type: 'array', min: 1, max: 5, unique: true, items: str(undefined, 255, DOMAIN) },
      },
    },
    oauth_config: {
      type: 'object',
      keys: {
        redirect_urls: { type: 'array', unique: true, max: 1000, items: str(undefined, 2500) },
        scopes: { type: 'object', keys: { user: scopeList, bot: scopeList, user_optional: scopeList, bot_optional: scopeList } },
        token_management_enabled: bool,
        pkce_enabled: bool,
      },
    },
    settings: {
      type: 'object',
      keys: {
        event_subscriptions: {
          type: 'object',
          keys: {
            request_url: str(undefined, 3500, HTTP),
            bot_events: { type: 'array', max: 100, unique: true, items: str(undefined, 50) },
            user_events: { type: 'array', max: 100, unique: true, items: str(undefined, 50) },
          },
        },
        interactivity: { type: 'object', required: ['is_enabled'], keys: { is_enabled: bool, request_url: str(undefined, 3500, HTTP), message_menu_options_url: str(undefined, 3500, HTTP) } },
        incoming_webhooks: { type: 'object', keys: { incoming_webhooks_enabled: bool } },
        org_deploy_enabled: bool,
        socket_mode_enabled: bool,
        token_rotation_enabled: bool,
        is_hosted: bool,
      },
    },
  },
};

/** One line per violation, with the path to it. */
function validate(value: unknown, rule: Rule, path = 'manifest'): string[] {
  switch (rule.type) {
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected true or false`];
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected a string`];
      const out: string[] = [];
      if (rule.min !== undefined && value.length < rule.min) out.push(`${path}: ${value.length} characters, at least ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max) out.push(`${path}: ${value.length} characters, at most ${rule.max}`);
      if (rule.pattern && !rule.pattern.test(value)) out.push(`${path}: ${JSON.stringify(value)} does not match ${rule.pattern}`);
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: expected a list`];
      const out: string[] = [];
      if (rule.min !== undefined && value.length < rule.min) out.push(`${path}: ${value.length} items, at least ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max) out.push(`${path}: ${value.length} items, at most ${rule.max}`);
      if (rule.unique && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) out.push(`${path}: items repeat`);
      return [...out, ...value.flatMap((v, i) => validate(v, rule.items, `${path}[${i}]`))];
    }
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
      const o = value as Record<string, unknown>;
      return [
        ...(rule.required ?? []).filter((k) => !(k in o)).map((k) => `${path}.${k}: required`),
        ...Object.entries(o).flatMap(([k, v]) => (k in rule.keys ? validate(v, rule.keys[k]!, `${path}.${k}`) : [`${path}.${k}: not a manifest key`])),
      ];
    }
  }
}

const manifest = parse(readFileSync(fileURLToPath(new URL('../../../slack/manifest.yaml', import.meta.url)), 'utf8')) as Record<string, any>;

test("slack/manifest.yaml follows Slack's manifest schema", () => {
  assert.deepEqual(validate(manifest, MANIFEST), []);
  assert.deepEqual(manifest.features.unfurl_domains, ['arxiv.org', 'aclanthology.org', 'openreview.net', 'doi.org', 'huggingface.co']);
});

test('the validator refuses what Slack refuses', () => {
  const broken = (edit: (m: Record<string, any>) => void): string[] => {
    const copy = structuredClone(manifest);
    edit(copy);
    return validate(copy, MANIFEST);
  };
  assert.match(broken((m) => (m.display_information.name = 'x'.repeat(36))).join(), /name: 36 characters, at most 35/);
  assert.match(broken((m) => (m.display_information.long_description = 'too short')).join(), /long_description: 9 characters, at least 175/);
  assert.match(broken((m) => m.features.unfurl_domains.push('semanticscholar.org')).join(), /unfurl_domains: 6 items, at most 5/);
  assert.match(broken((m) => (m.features.unfurl_domains[0] = 'https://arxiv.org')).join(), /does not match/);
  assert.match(broken((m) => (m.features.unfurl_domains[1] = 'arxiv.org')).join(), /items repeat/);
  assert.match(broken((m) => (m.features.shortcuts[0].name = 'Is this paper mechanistic, really?')).join(), /shortcuts\[0\]\.name/);
  assert.match(broken((m) => (m.features.slash_commands[0].command = 'mechanistic')).join(), /command: "mechanistic" does not match/);
  assert.match(broken((m) => m.settings.event_subscriptions.bot_events.push('app_mention')).join(), /bot_events: items repeat/);
  assert.match(broken((m) => delete m.settings.interactivity.is_enabled).join(), /interactivity\.is_enabled: required/);
  assert.match(broken((m) => (m.features.app_home.home_tab = true)).join(), /app_home\.home_tab: not a manifest key/);
  assert.match(broken((m) => (m.settings.socket_mode_enabled = 'no')).join(), /socket_mode_enabled: expected true or false/);
});
