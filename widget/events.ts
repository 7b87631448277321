/**
 * Typed events fired by `<video-room>` (`vr-*`) and `<coffee-chat>` (`cc-*`). All bubble and are composed (they cross
 * shadow roots). Each class exposes its data as typed fields, and the same data as `detail` for code written against
 * `CustomEvent`. One module per part that fires them (so each lazy chunk carries only its own classes):
 * `events/room.ts` (joining and the room), `events/classroom.ts` (in-room features), `events/coffee-chat.ts`.
 */
export * from './events/base.js';
export * from './events/room.js';
export * from './events/classroom.js';
export * from './events/coffee-chat.js';
