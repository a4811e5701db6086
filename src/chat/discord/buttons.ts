/**
 * The buttons under an answer. A button's custom_id carries the stored answer's row id and the
 * page offset, so a click works after a restart and needs no in-memory state.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import { BUTTON_LABEL_MAX, CUSTOM_ID_MAX } from './limits.ts';

export const BUTTON_ACTIONS = ['more', 'why', 'bib', 'wrong', 'explain'] as const;
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];

export interface ButtonRef {
  action: ButtonAction;
  /** The stored answer's id (src/store). */
  answerId: string;
  /** Offset of the precedents page the button refers to. */
  offset: number;
}

const PREFIX = 'mech';

export function formatCustomId(ref: ButtonRef): string {
  const id = `${PREFIX}:${ref.action}:${ref.answerId}:${ref.offset}`;
  if (id.length > CUSTOM_ID_MAX) throw new Error(`custom_id ${id} is longer than ${CUSTOM_ID_MAX}`);
  return id;
}

/** The button or modal a custom_id names, or null when it is not ours or malformed. */
export function parseCustomId(customId: string): ButtonRef | null {
  const m = /^mech:(more|why|bib|wrong|explain):([A-Za-z0-9_-]{1,40}):(\d{1,6})$/.exec(customId);
  if (!m) return null;
  // Buttons posted before answers were stored carry the old numeric row id; migration 5 kept those rows as d<id>.
  const answerId = /^\d{1,11}$/.test(m[2]!) ? `d${m[2]}` : m[2]!;
  return { action: m[1] as ButtonAction, answerId, offset: Number(m[3]) };
}

/** "More earlier work" pages in place (the message is updated); this one goes back a page. */
export const PREVIOUS_LABEL = 'Previous';

export const BUTTON_LABELS: Record<ButtonAction, string> = {
  more: 'More earlier work',
  why: 'Why these definitions?',
  bib: 'BibTeX',
  wrong: 'Wrong precedent?',
  explain: 'Explain',
};

export function answerButtons(
  answerId: string,
  offset: number,
  nextOffset: number,
  opts: { hasMore: boolean; hasPapers: boolean; explain?: boolean },
): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const button = (action: ButtonAction, at: number, style: ButtonStyle, disabled = false): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    custom_id: formatCustomId({ action, answerId, offset: at }),
    label: BUTTON_LABELS[action].slice(0, BUTTON_LABEL_MAX),
    style: style as APIButtonComponentWithCustomId['style'],
    disabled,
  });
  const previous: APIButtonComponentWithCustomId[] =
    offset > 0
      ? [
          {
            type: ComponentType.Button,
            custom_id: formatCustomId({ action: 'more', answerId, offset: Math.max(0, offset - (nextOffset - offset)) }),
            label: PREVIOUS_LABEL,
            style: ButtonStyle.Secondary as APIButtonComponentWithCustomId['style'],
            disabled: false,
          },
        ]
      : [];
  const buttons = [
    ...previous,
    button('more', nextOffset, ButtonStyle.Primary, !opts.hasMore),
    button('why', offset, ButtonStyle.Secondary),
    button('bib', offset, ButtonStyle.Secondary, !opts.hasPapers),
    button('wrong', offset, ButtonStyle.Danger),
    // Only when an LLM is configured: its explanation of the stored answer, asked after the answer is out.
    ...(opts.explain ? [button('explain', offset, ButtonStyle.Secondary)] : []),
  ];
  // Discord allows at most five buttons in an action row: the rest go on a second row.
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + BUTTONS_PER_ROW) });
  return rows;
}

/** Discord's limit on the buttons of one action row. */
export const BUTTONS_PER_ROW = 5;
