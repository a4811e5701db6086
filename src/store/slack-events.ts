/**
 * Slack retries an Events API delivery (same event_id) when it did not see a 200 in 3 seconds.
 * Event ids are remembered here, in the database, so a retry is not answered twice even
 * across a restart. Each process claims events with its boot id: a retry of an event that a
 * previous process claimed but never answered (it died mid-answer) is taken over, not dropped.
 */
import type { Db } from './database.ts';

/** Slack stops retrying after about 5 minutes; a day of ids is plenty. */
const KEEP_EVENTS_MS = 24 * 60 * 60 * 1000;

export type EventClaim = 'new' | 'taken-over' | 'duplicate';

export function claimSlackEvent(
  db: Db,
  e: { eventId: string; workspaceId: string | null; bootId: string; now: Date },
): EventClaim {
  return db.transaction((): EventClaim => {
    const row = db.prepare('SELECT claimed_by, answered_at FROM slack_event WHERE event_id = ?').get(e.eventId) as
      | { claimed_by: string; answered_at: string | null }
      | undefined;
    if (!row) {
      db.prepare('INSERT INTO slack_event (event_id, workspace_id, received_at, claimed_by) VALUES (?, ?, ?, ?)').run(
        e.eventId,
        e.workspaceId,
        e.now.toISOString(),
        e.bootId,
      );
      db.prepare('DELETE FROM slack_event WHERE received_at < ?').run(new Date(e.now.getTime() - KEEP_EVENTS_MS).toISOString());
      return 'new';
    }
    if (row.answered_at !== null || row.claimed_by === e.bootId) return 'duplicate';
    db.prepare('UPDATE slack_event SET claimed_by = ? WHERE event_id = ?').run(e.bootId, e.eventId);
    return 'taken-over';
  }).immediate();
}

export function markSlackEventAnswered(db: Db, eventId: string, now: Date): void {
  db.prepare('UPDATE slack_event SET answered_at = ? WHERE event_id = ?').run(now.toISOString(), eventId);
}
