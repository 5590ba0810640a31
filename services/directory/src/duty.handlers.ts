import type { Bus, RpcHandler } from '@sapa/bus';
import { serveHandlers } from './serve-handlers.js';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  dutyChangedSubject,
  newId,
} from '@sapa/contracts';
import { dutyProblems, rosterOf, swapProblems } from '@sapa/domain';
import type { Logger } from '@sapa/platform';
import type { DirectoryStore } from './directory.store.js';
import type { DutyStore } from './duty.store.js';

/** The duty commands of the directory. */
export type DutyRpc =
  | 'directory.get-duty'
  | 'directory.update-duty'
  | 'directory.request-swap'
  | 'directory.decide-swap';

export type DutyHandlers = { readonly [N in DutyRpc]: RpcHandler<N> };

/**
 * Builds the handlers. Unknown sites are NotFoundError; every change is announced on
 * `dutyChangedSubject(siteId)` so presence re-reads the settings at once.
 */
export function createDutyHandlers(options: {
  readonly sites: DirectoryStore;
  readonly duty: DutyStore;
  readonly publish: (subject: string, payload: unknown) => void;
  readonly logger: Logger;
  readonly now?: () => number;
}): DutyHandlers {
  const { sites, duty, publish } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger.child({ module: 'duty' });
  const changed = (siteId: string) => publish(dutyChangedSubject(siteId), { siteId });

  return {
    'directory.get-duty': async ({ siteId }) => {
      const site = await sites.getSite(siteId);
      return { duty: await duty.get(siteId, site.timeZone) };
    },
    'directory.update-duty': async ({ siteId, duty: next }, context) => {
      await sites.getSite(siteId);
      const problems = dutyProblems(next);
      if (problems.length > 0)
        throw new ValidationError(`invalid duty settings: ${problems.join('; ')}`);
      await duty.save(siteId, next);
      logger.info({ siteId, correlationId: context.correlationId }, 'duty settings saved');
      changed(siteId);
      return { duty: await duty.get(siteId) };
    },
    'directory.request-swap': async (request, context) => {
      await sites.getSite(request.siteId);
      const current = await duty.get(request.siteId);
      const problems = swapProblems(rosterOf(current), request);
      if (problems.length > 0) throw new ValidationError(`swap refused: ${problems.join('; ')}`);
      const swap = {
        swapId: newId(),
        date: request.date,
        fromAgentId: request.fromAgentId,
        toAgentId: request.toAgentId,
        ...(request.returnDate === undefined ? {} : { returnDate: request.returnDate }),
        status: 'requested' as const,
        requestedBy: request.requestedBy,
        requestedAt: now(),
      };
      if (!(await duty.addSwap(request.siteId, swap)))
        throw new ConflictError('swap id taken, retry');
      logger.info(
        { siteId: request.siteId, swapId: swap.swapId, correlationId: context.correlationId },
        'swap requested',
      );
      changed(request.siteId);
      return { swap };
    },
    'directory.decide-swap': async ({ siteId, swapId, approve, decidedBy }, context) => {
      const decided = await duty.decideSwap(siteId, swapId, {
        status: approve ? 'approved' : 'rejected',
        decidedBy,
        decidedAt: now(),
      });
      if (!decided) {
        const existing = await duty.getSwap(siteId, swapId);
        if (!existing) throw new NotFoundError('no such swap');
        throw new ConflictError(`swap already ${existing.status}`);
      }
      logger.info(
        { siteId, swapId, approve, correlationId: context.correlationId },
        'swap decided',
      );
      changed(siteId);
      return { swap: decided };
    },
  };
}

/** Serves the duty commands (queue group `directory` unless `queue` is given). */
export const serveDuty = (bus: Bus, handlers: DutyHandlers, options?: { queue?: string }) =>
  serveHandlers(bus, handlers, options);
