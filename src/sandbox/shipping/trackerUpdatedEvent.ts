import { randomChars } from '../data/ids.js';
import type { EasyPostTracker, TrackerStatus } from '../data/SandboxData.js';
import { isoSeconds } from '../data/time.js';

/** EasyPost's Event object for a tracker that changed: `description` names the event, `result` is the tracker. */
export interface EasyPostEvent {
  id: string;
  object: 'Event';
  mode: 'test';
  description: 'tracker.updated';
  /** The attributes the update changed, with their old values (none for a scan that left the status as it was). */
  previous_attributes: { status?: TrackerStatus };
  result: EasyPostTracker;
  status: 'pending';
  created_at: string;
  updated_at: string;
}

export function trackerUpdatedEvent(tracker: EasyPostTracker, previousAttributes: EasyPostEvent['previous_attributes'], nowMs: number): EasyPostEvent {
  const at = isoSeconds(nowMs);
  return {
    id: `evt_${randomChars(32, '0123456789abcdef')}`, object: 'Event', mode: 'test', description: 'tracker.updated',
    previous_attributes: previousAttributes, result: tracker, status: 'pending', created_at: at, updated_at: at,
  };
}
