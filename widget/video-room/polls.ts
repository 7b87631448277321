/**
 * The in-room polls' own lazy chunk: loaded while the room connects (in parallel with the in-room chunk), so neither
 * the first payload nor what a page needs to be in the room grows with it.
 */
export { PollsController } from './polls.controller.js';
export { renderPollPanel, renderPollsButton } from './poll-panel.js';
export { default as pollStyles } from './poll-panel.styles.js';
