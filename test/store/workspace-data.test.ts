import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../src/store/database.ts';
import { recordFeedback } from '../../src/store/feedback.ts';
import { deleteWorkspaceData } from '../../src/store/workspace-data.ts';

test('deleteWorkspaceData removes one workspace’s rows from every table, and rows of its channels, and nothing else', () => {
  const db = openDatabase(':memory:');
  db.exec(`CREATE TABLE per_channel (platform TEXT, channel_id TEXT, note TEXT)`);
  const fb = (workspaceId: string, channelId: string, platform: 'discord' | 'slack' = 'discord') =>
    recordFeedback(db, { platform, workspaceId, channelId, userId: 'u', query: 'q', paperId: null, comment: 'c', createdAt: new Date() });
  fb('G1', 'C1');
  fb('G2', 'C2');
  fb('G1', 'C9', 'slack');
  db.prepare('INSERT INTO per_channel VALUES (?, ?, ?)').run('discord', 'C1', 'named by G1’s feedback');
  db.prepare('INSERT INTO per_channel VALUES (?, ?, ?)').run('discord', 'C3', 'passed in as a G1 channel');
  db.prepare('INSERT INTO per_channel VALUES (?, ?, ?)').run('discord', 'C2', 'G2’s');

  const deleted = deleteWorkspaceData(db, 'discord', 'G1', ['C3']);
  assert.equal(deleted.feedback, 1);
  assert.equal(deleted.per_channel, 2);
  assert.deepEqual(db.prepare('SELECT workspace_id, platform FROM feedback ORDER BY id').all(), [
    { workspace_id: 'G2', platform: 'discord' },
    { workspace_id: 'G1', platform: 'slack' },
  ]);
  assert.deepEqual(db.prepare('SELECT channel_id FROM per_channel').pluck().all(), ['C2']);
});
