/**
 * The in-room chat's own lazy chunk: loaded while the room connects (in parallel with the in-room chunk), so neither
 * the first payload nor what a page needs to be in the room grows with it.
 */
export { ChatController } from './chat.controller.js';
export { renderChatPanel, linkify } from './chat-panel.js';
export { default as chatStyles } from './chat-panel.styles.js';
