/**
 * English strings of the host controls (part five of the reference table, see `en.ts`): loaded with the host-controls
 * chunk (host-controls.ts), which registers them with `addDefaults()`.
 */
const enHost = {
  'host.menu': 'Host controls for {name}',
  'host.mute': 'Mute microphone',
  'host.askUnmute': 'Ask to unmute',
  'host.stopCamera': 'Stop camera',
  'host.stopScreen': 'Stop screen share',
  'host.spotlight': 'Spotlight for everyone',
  'host.promote': 'Make moderator',
  'host.demote': 'Remove moderator role',
  'host.allowMicrophone': 'May unmute',
  'host.allowCamera': 'May use camera',
  'host.allowScreenShare': 'May share screen',
  'host.allowChat': 'May chat',
  'host.remove': 'Remove from meeting',
  'host.ban': 'Remove and ban',
  'host.bar': 'Host controls',
  'host.muteAll': 'Mute all',
  'host.lock': 'Lock meeting',
  'host.participantsMay': 'Participants may:',
  'host.allMicrophone': 'Unmute',
  'host.allCamera': 'Camera',
  'host.allScreenShare': 'Share screen',
  'host.allChat': 'Chat',
  'host.locked': 'The meeting is locked: nobody new can join.',
  'host.spotlighted': 'Spotlight',
  'host.askedUnmute': '{name} asks you to unmute.',
  'host.unmute': 'Unmute',
  'host.notNow': 'Not now',
  'host.mutedBy': '{name} muted your microphone.',
  'host.stoppedBy': '{name} stopped your camera or screen share.',
  'host.nowModerator': 'You are now a moderator.',
  'host.noLongerModerator': 'You are no longer a moderator.',
  'host.failed': 'That did not work. Try again.',
};

export default enHost;
