/**
 * English strings for `<video-room>`: the reference table, part one — what the pre-join screen shows (it ships in
 * the first script payload). The camera/microphone problem texts are in `en-media.ts` and the strings needed once
 * the user starts to join in `en-join.ts`, the chat's in `en-chat.ts`, hands/reactions/participants' in `en-classroom.ts` (all lazy chunks). Every key used by the widget is in one of the five;
 * other tables may be partial (missing keys fall back to English). `{name}`-style placeholders are replaced by
 * `t(key, params)`.
 */
import type coffeeEn from './coffee-en.js';
import type enChat from './en-chat.js';
import type enClassroom from './en-classroom.js';
import type enJoin from './en-join.js';
import type enMedia from './en-media.js';

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

export type TranslationKey = keyof typeof en | keyof typeof enMedia | keyof typeof enJoin | keyof typeof enChat | keyof typeof enClassroom | keyof typeof coffeeEn;
export default en;
