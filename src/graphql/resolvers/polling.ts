import { auditAdminAction } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';

export const pollingResolvers = {
  Mutation: {
    async pollNow(_: unknown, { system }: { system: string }, context: GatewayContext) {
      if (system !== 'shipping') throw badUserInput(`Only "shipping" is polled; the other systems push or are read live`, 'system');
      const outcome = await context.services.poller.poll('admin');
      await auditAdminAction(context, {
        action: 'poll.now',
        targetType: 'System',
        targetId: system,
        details: outcome.kind === 'polled' ? { found: outcome.found.length, cursorAfter: outcome.cursorAfter } : { busy: true },
      });
      if (outcome.kind === 'busy') {
        return { system, ran: false, found: 0, trackingCodes: [], cursorBefore: null, cursorAfter: null, more: false };
      }
      return {
        system,
        ran: true,
        found: outcome.found.length,
        trackingCodes: outcome.found.map((tracker) => tracker.trackingCode),
        cursorBefore: outcome.cursorBefore,
        cursorAfter: outcome.cursorAfter,
        more: outcome.more,
      };
    },
  },
};
