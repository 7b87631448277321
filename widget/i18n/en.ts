/**
 * English strings for `<video-room>`: the reference table, part one — what the pre-join screen shows (it ships in
 * the first script payload). The camera/microphone problem texts are in `en-media.ts` and the strings needed once
 * the user starts to join in `en-join.ts`, and each in-room feature's in its own (`en-chat.ts`, `en-layout.ts`, `en-polls.ts`,
 * `en-host.ts`, `en-classroom.ts`: lazy chunks). Every key used by the widget is in one of these tables;
 * other tables may be partial (missing keys fall back to English). `{name}`-style placeholders are replaced by
 * `t(key, params)`.
 */
import type coffeeEn from './coffee-en.js';
import type enChat from './en-chat.js';
import type enClassroom from './en-classroom.js';
import type enJoin from './en-join.js';
import type enLayout from './en-layout.js';
import type enMedia from './en-media.js';
import type enPolls from './en-polls.js';
import type enHost from './en-host.js';
import type enWaiting from './en-waiting.js';

const en = {
  'prejoin.title': 'Ready to join?',
  'prejoin.preview': 'Camera preview',
  'prejoin.cameraOff': 'Camera is off',
  'prejoin.microphone': 'Microphone',
  'prejoin.camera': 'Camera',
  'prejoin.name': 'Your name',
  'prejoin.join': 'Join',
  'prejoin.nameRequired': 'Please enter your name.',
  'device.default': 'Default device',
  'device.none': 'None found',
  'device.unnamed': 'Device {n}',
  'media.failed': 'Could not start your camera or microphone.',
  'control.microphone': 'Microphone',
  'control.camera': 'Camera',
  'error.network': 'Could not reach the meeting server. Check your connection and try again.',
};

export type TranslationKey = keyof typeof en | keyof typeof enMedia | keyof typeof enJoin | keyof typeof enWaiting | keyof typeof enChat | keyof typeof enLayout | keyof typeof enPolls | keyof typeof enHost | keyof typeof enClassroom | keyof typeof coffeeEn;
export default en;
