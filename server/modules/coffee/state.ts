/**
 * The coffee-request state machine (pure).
 *
 *   pending ──accept──▶ accepted ──feedback met──▶ completed
 *      │                    └──────feedback not met──▶ no_show
 *      ├──decline──▶ declined
 *      └──expire (time passes; sweep)──▶ expired
 *
 * declined, expired, completed and no_show are final.
 */
import { AppError } from '../../errors.js';
import type { RequestStatus } from './store.js';

export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  pending: ['accepted', 'declined', 'expired'],
  accepted: ['completed', 'no_show'],
  declined: [],
  expired: [],
  completed: [],
  no_show: [],
};

/** True when `from → to` is a legal step. */
export const canTransition = (from: RequestStatus, to: RequestStatus) => TRANSITIONS[from].includes(to);

/**
 * @throws AppError 409 `invalid_state` naming the current state, e.g. "This request is expired; it cannot be accepted"
 */
export function assertTransition(from: RequestStatus, to: RequestStatus, verb: string): void {
  if (!canTransition(from, to)) {
    throw new AppError(409, 'invalid_state', `This request is ${from}; it cannot be ${verb}`, 'status');
  }
}
