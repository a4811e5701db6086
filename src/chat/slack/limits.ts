/**
 * Slack's Block Kit limits (docs.slack.dev, "Blocks" and "Composition objects" reference).
 * Slack rejects a whole message with `invalid_blocks` when any one is exceeded, so the
 * renderers fit everything to these before anything is sent.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal view, and in the App Home tab. */
  modalBlocks: 100,
  homeBlocks: 100,
  /** `text` of a section block. */
  sectionText: 3000,
  /** `fields` of a section block, and the length of each. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** plain_text of a header block. */
  headerText: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Any text object not listed more strictly, e.g. a context element. */
  textObject: 3000,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** A button's plain_text label, value and url. */
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  /** action_id and block_id. */
  actionId: 255,
  blockId: 255,
  /** A modal's title, submit and close labels. */
  modalTitle: 24,
  modalButton: 24,
  /** A modal's private_metadata. */
  privateMetadata: 3000,
  /** Options of a static_select, and each option's text and value. */
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  /** An input block's label and a plain_text_input's placeholder and max_length. */
  inputLabel: 2000,
  placeholder: 150,
  plainTextInputMax: 3000,
  /** An image block's alt_text. */
  altText: 2000,
  /** The top-level `text` of a message; Slack truncates longer ones, and it is the notification text. */
  messageText: 3000,
  /**
   * All text of a message's blocks together. Undocumented: Slack answers `msg_blocks_too_long`
   * from about 13,200 characters, less with more blocks (slackapi/bolt-js#2509); kept well below.
   */
  messageBlocksText: 12_000,
} as const;

/** What a phone shows of a notification is short: the question in it is cut to this. */
export const NOTIFICATION_QUESTION_MAX = 300;
