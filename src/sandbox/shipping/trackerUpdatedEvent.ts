import { randomChars } from '../data/ids.js';
import type { EasyPostTracker, TrackerStatus } from '../data/SandboxData.js';
import { isoSeconds } from '../data/time.js';

/** EasyPost's Event object for a tracker that changed: `description` names the event, `result` is the tracker. */
export interface EasyPostEvent {
  id: string;
  object: 'Event';
  mode: 'test';
  description: 'tracker.updated';
  previous_attributes: { status: TrackerStatus };
  result: EasyPostTracker;
  status: 'pending';
  created_at: string;
  updated_at: string;
}

export function trackerUpdatedEvent(tracker: EasyPostTracker, previousStatus: TrackerStatus, nowMs: number): EasyPostEvent {
  const at = isoSeconds(nowMs);
  return {
    id: `evt_${randomChars(32, '0123456789abcdef')}`, object: 'Event', mode: 'test', description: 'tracker.updated',
    previous_attributes: { status: previousStatus }, result: tracker, status: 'pending', created_at: at, updated_at: at,
  };
}
