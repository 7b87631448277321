/**
 * npm entry of the widget: the `<video-room>` and `<coffee-chat>` element classes (not registered: call
 * `VideoRoom.define()` / `CoffeeChat.define()`), their typed events, and the i18n helpers.
 *
 * ```ts
 * import { CoffeeChat, VideoRoom, addTranslation } from 'video-rooms/widget';
 * VideoRoom.define();
 * CoffeeChat.define();
 * ```
 */
import enChat from './i18n/en-chat.js';
import enClassroom from './i18n/en-classroom.js';
import enJoin from './i18n/en-join.js';
import enLayout from './i18n/en-layout.js';
import enMedia from './i18n/en-media.js';
import enPolls from './i18n/en-polls.js';
import enWaiting from './i18n/en-waiting.js';
import { addDefaults } from './i18n/index.js';

// `t()` knows every English string at once here (the script-tag build loads the camera/microphone problem texts when
// one is shown, and the join strings with the join chunk).
addDefaults(enMedia);
addDefaults(enJoin);
addDefaults(enWaiting);
addDefaults(enChat);
addDefaults(enLayout);
addDefaults(enPolls);
addDefaults(enClassroom);

export { VideoRoom } from './video-room/video-room.js';
export { CoffeeChat } from './coffee-chat/coffee-chat.js';
export * from './events.js';
export { addTranslation, documentLanguage, isRtl, loadLanguage, resolveLanguage, t } from './i18n/index.js';
export type { TranslationKey, TranslationTable } from './i18n/index.js';
export type { CoffeeProfile, CoffeeRequest, CoffeeSuggestion } from './coffee-chat/api.js';
export { loadCoffeeLanguage } from './i18n/coffee.js';
export type { JoinAnswer, JoinRequest, MeetingSettings, WaitingAnswer } from './video-room/join-api.js';
