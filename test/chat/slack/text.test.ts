import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSlackCommand } from '../../../src/chat/slack/command-grammar.ts';
import { escapeSlackText, fitSlackText, plainFromSlack, slackLink } from '../../../src/chat/slack/escape.ts';

test('escapeSlackText escapes the three control characters once and defuses broadcast words', () => {
  assert.equal(escapeSlackText('a & b <c> &amp;'), 'a &amp; b &lt;c&gt; &amp;amp;');
  assert.equal(escapeSlackText('hi @here and @Channel'), 'hi @\u2060here and @\u2060Channel');
  assert.equal(escapeSlackText('mail me@hereford.ac.uk'), 'mail me@hereford.ac.uk');
});

test('fitSlackText never cuts inside an entity or a surrogate pair', () => {
  const escaped = escapeSlackText('<<<<<<<<<<');
  for (let max = 2; max <= escaped.length; max++) {
    const cut = fitSlackText(escaped, max);
    assert.ok(cut.length <= max, `max ${max}: ${cut}`);
    assert.doesNotMatch(cut.replace(/…$/, ''), /&[a-z]*$/, `max ${max}: ${cut}`);
  }
  const emoji = '😀'.repeat(10);
  for (let max = 2; max <= 20; max++) assert.doesNotMatch(fitSlackText(emoji, max), /[\ud800-\udbff]…?$/);
  assert.equal(fitSlackText('short', 10), 'short');
  assert.equal(fitSlackText('mail @hereford', 11), 'mail @her…', 'a cut never makes a broadcast word');
  assert.equal(fitSlackText('see <https://a.org/x|A long title> now', 20), 'see …', 'a cut never leaves link markup open');
});

test('slackLink keeps the link syntax intact whatever the label and URL hold', () => {
  assert.equal(slackLink('https://x.org/a|b>c', 'Tom & <Jerry>'), '<https://x.org/a%7Cb%3Ec|Tom &amp; &lt;Jerry&gt;>');
});

test('plainFromSlack turns Slack markup back into what the user saw', () => {
  assert.equal(plainFromSlack('<@U0BOT> is this  just probing?'), 'is this just probing?');
  assert.equal(plainFromSlack('see <https://arxiv.org/abs/2202.05262>'), 'see https://arxiv.org/abs/2202.05262');
  assert.equal(plainFromSlack('see <https://arxiv.org/abs/2202.05262|arxiv.org/abs/2202.05262>'), 'see https://arxiv.org/abs/2202.05262');
  assert.equal(plainFromSlack('ask <@U1|ana> in <#C1|general>'), 'ask @ana in #general');
  assert.equal(plainFromSlack('a &lt; b &amp;&amp; c &gt; d'), 'a < b && c > d');
  assert.equal(plainFromSlack('&amp;lt;'), '&lt;', 'decoded once');
});

test('plainFromSlack keeps line breaks (at most one blank line) and makes every other run of whitespace one space', () => {
  assert.equal(plainFromSlack('a  b\tc\n\n\n d \u00a0e\u2003f g'), 'a b c\n\nd e f g');
  // A paper pasted into a message keeps its title line and author line.
  assert.equal(plainFromSlack('<@U0BOT> Title of a Paper\r\nAnn Author, Bo Builder\n\nWe patch   heads.'), 'Title of a Paper\nAnn Author, Bo Builder\n\nWe patch heads.');
  // Against the plain rule (each line's whitespace runs → ' ', lines trimmed, blank-line runs → one) on strings mixing
  // every kind of whitespace with letters.
  const rule = (t: string) =>
    t
      .split(/\r\n|[\r\n\u2028\u2029]/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  const pieces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\ufeff', 'x', 'yz', '.'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 500; n++) {
    const text = Array.from({ length: 1 + (next() % 12) }, () => pieces[next() % pieces.length]).join('');
    assert.equal(plainFromSlack(text), rule(text), JSON.stringify(text));
  }
});

test('the first word decides the command; anything else is a question', () => {
  assert.deepEqual(parseSlackCommand('is activation patching new?'), { command: 'ask', argument: 'is activation patching new?', private: false });
  assert.deepEqual(parseSlackCommand('ask concept drift in probing?'), { command: 'ask', argument: 'concept drift in probing?', private: false });
  assert.deepEqual(parseSlackCommand('Concept   probing '), { command: 'concept', argument: 'probing', private: false });
  assert.deepEqual(parseSlackCommand('paper 2202.05262'), { command: 'paper', argument: '2202.05262', private: false });
  assert.deepEqual(parseSlackCommand('term faithful'), { command: 'term', argument: 'faithful', private: false });
  assert.deepEqual(parseSlackCommand('private is this mechanistic?'), { command: 'ask', argument: 'is this mechanistic?', private: true });
  assert.deepEqual(parseSlackCommand('private term faithful'), { command: 'term', argument: 'faithful', private: true });
  assert.deepEqual(parseSlackCommand('digest on'), { command: 'digest', argument: 'on', private: false });
  assert.deepEqual(parseSlackCommand('lineage probing'), { command: 'lineage', argument: 'probing', private: false });
  assert.deepEqual(parseSlackCommand(''), { command: 'help', argument: '', private: false });
  assert.deepEqual(parseSlackCommand('help'), { command: 'help', argument: '', private: false });
  assert.deepEqual(parseSlackCommand('helpful probes?'), { command: 'ask', argument: 'helpful probes?', private: false });
});
