/**
 * English strings for `<video-room>`: the reference table, part one — what the pre-join screen shows (it ships in
 * the first script payload). The strings needed once the user starts to join are in `en-join.ts` (lazy, with the
 * join chunk). Every key used by the widget is in one of the two; other tables may be partial (missing keys fall
 * back to English). `{name}`-style placeholders are replaced by `t(key, params)`.
 */
import type coffeeEn from './coffee-en.js';
import type enChat from './en-chat.js';
import type enJoin from './en-join.js';

const en = {
  'prejoin.title': 'Ready to join?',
  'prejoin.preview': 'Camera preview',
  'prejoin.cameraOff': 'Camera is off',
  'prejoin.microphone': 'Microphone',
  'prejoin.camera': 'Camera',
  'prejoin.name': 'Your name',
  'prejoin.password': 'Meeting password',
  'prejoin.join': 'Join',
  'prejoin.nameRequired': 'Please enter your name.',
  'device.default': 'Default device',
  'device.none': 'None found',
  'device.unnamed': 'Device {n}',
  'media.denied': 'Camera and microphone access is blocked. Allow it in your browser’s site settings, then try again.',
  'media.notFound': 'No camera or microphone was found. You can still join.',
  'media.noCamera': 'No camera was found. You can join with audio only.',
  'media.noMicrophone': 'No microphone was found. You can still join and listen.',
  'media.inUse': 'Your camera or microphone is being used by another application.',
  'media.unavailable': 'Camera and microphone are not available on this page.',
  'media.failed': 'Could not start your camera or microphone.',
  'control.microphone': 'Microphone',
  'control.camera': 'Camera',
  'error.network': 'Could not reach the meeting server. Check your connection and try again.',
};

export type TranslationKey = keyof typeof en | keyof typeof enJoin | keyof typeof enChat | keyof typeof coffeeEn;
export default en;
