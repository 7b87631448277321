/**
 * English strings of the room's layouts, low-bandwidth modes and keyboard shortcuts (part four of the reference
 * table, see `en.ts`): loaded with the view-tools chunk (`view-tools.ts`), which registers them with `addDefaults()`; the npm entry
 * registers them at once.
 */
const enLayout = {
  'view.toolbar': 'View',
  'view.previousPage': 'Previous page',
  'view.nextPage': 'Next page',
  'view.page': 'Page {page} of {pages}',
  'view.speaker': 'Speaker view',
  'view.selfView': 'Show my own video',
  'bandwidth.label': 'Video quality',
  'bandwidth.normal': 'Full video',
  'bandwidth.data-saver': 'Data saver',
  'bandwidth.audio-only': 'Audio only',
  'bandwidth.on.data-saver': 'Data saver is on: you see only the active speaker and screen shares, in low quality.',
  'bandwidth.on.audio-only': 'Audio only is on: no video is sent or received.',
  'bandwidth.auto.data-saver': 'Your connection is poor: switched to data saver (only the active speaker and screen shares, in low quality).',
  'bandwidth.auto.audio-only': 'Your connection is still poor: switched to audio only (no video sent or received).',
  'bandwidth.restore': 'Back to full video',
  'shortcuts.open': 'Keyboard shortcuts',
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.mic': 'Turn the microphone on or off',
  'shortcuts.camera': 'Turn the camera on or off',
  'shortcuts.hand': 'Raise or lower your hand',
  'shortcuts.chat': 'Open or close the chat',
  'shortcuts.leave': 'Leave the meeting',
  'shortcuts.help': 'Show this list',
  'shortcuts.typing': 'Shortcuts do nothing while you type in a field.',
  'shortcuts.close': 'Close',
  'shortcuts.micOn': 'Microphone on',
  'shortcuts.micOff': 'Microphone off',
  'shortcuts.cameraOn': 'Camera on',
  'shortcuts.cameraOff': 'Camera off',
};

export default enLayout;
