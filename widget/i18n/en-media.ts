/**
 * English camera and microphone problem texts: shown under the pre-join preview when getUserMedia fails, and
 * announced in the room. Part three of the reference table (see `en.ts`): a lazy chunk, since a page whose preview
 * works never shows them — `loadMediaTexts()` fetches it when a problem is to be shown, the join chunk and the npm
 * entry register it at once. (`media.failed`, shown when this chunk cannot be loaded, stays in `en.ts`.)
 */
const enMedia = {
  'media.denied': 'Camera and microphone access is blocked. Allow it in your browser’s site settings, then try again.',
  'media.notFound': 'No camera or microphone was found. You can still join.',
  'media.noCamera': 'No camera was found. You can join with audio only.',
  'media.noMicrophone': 'No microphone was found. You can still join and listen.',
  'media.inUse': 'Your camera or microphone is being used by another application.',
  'media.unavailable': 'Camera and microphone are not available on this page.',
};

export default enMedia;
