/**
 * The stand-in backend of the browser tests (web-test-runner middleware, same origin as the test pages): the join
 * route (join.ts), the host side of the waiting room (waiting-room.ts), the chat a widget in the room reads (chat.ts),
 * the polls API (polls.ts), the raised-hand API (hands.ts) and the coffee API of `<coffee-chat>` (coffee.ts), each documented in its file. `GET /__stand-in/requests` returns what the widget sent (wait polls,
 * waiting-room and coffee calls, with their Authorization header and body); `POST /__stand-in/reset` starts over.
 */
import { chatStandIn } from './chat.js';
import { coffeeStandIn, resetCoffee } from './coffee.js';
import { handsStandIn, resetHands } from './hands.js';
import { recorded, reply, type Context, type Middleware, type Recorded } from './http.js';
import { joinStandIn, resetJoin } from './join.js';
import { pollsStandIn, resetPolls } from './polls.js';
import { resetWaitingRoom, waitingRoomStandIn } from './waiting-room.js';

/** Everything back to its first state, and the log emptied. */
function resetStandIns(): void {
  recorded.length = 0;
  resetJoin();
  resetWaitingRoom();
  resetCoffee();
  resetPolls();
  resetHands();
}
resetStandIns();

/** Koa middleware: `/__stand-in/requests` and `/__stand-in/reset`. */
async function controlStandIn(ctx: Context, next: () => Promise<unknown>): Promise<unknown> {
  if (ctx.path === '/__stand-in/requests') return reply<Recorded[]>(ctx, 200, recorded);
  if (ctx.path !== '/__stand-in/reset') return next();
  resetStandIns();
  return reply<Record<string, never>>(ctx, 200, {});
}

/** The stand-ins, for web-test-runner's `middleware`. */
export const standIns: Middleware[] = [controlStandIn, joinStandIn, waitingRoomStandIn, chatStandIn, coffeeStandIn, pollsStandIn, handsStandIn];
