/**
 * English strings needed once the user starts to join (joining, waiting room, in-room view, left / ended / error
 * screens). Part two of the reference table (part one, for the pre-join screen, is `en.ts`): loaded with the join
 * chunk, which registers it with `addDefaults()`; the npm entry registers it at once.
 */
const enJoin = {
  'prejoin.password': 'Meeting password',
  'prejoin.noCredentials': 'This room link is incomplete: it has neither a ticket nor a join code.',
  'state.connecting': 'Joining…',
  'waiting.message': 'Waiting for the host to let you in…',
  'waiting.cancel': 'Cancel',
  'control.screenShare': 'Share screen',
  'control.leave': 'Leave',
  'tile.you': '{name} (you)',
  'tile.muted': 'Microphone muted',
  'tile.screenShare': '{name} is presenting',
  'room.reconnecting': 'Connection lost. Reconnecting…',
  'room.enableAudio': 'Click to enable audio',
  'room.joined': '{name} joined',
  'room.left': '{name} left',
  'room.participants': '{count} participants',
  'left.title': 'You left the meeting',
  'left.rejoin': 'Rejoin',
  'ended.roomDeleted': 'The host ended the meeting.',
  'ended.removed': 'You were removed from the meeting.',
  'ended.duplicate': 'You joined this meeting from another window or device.',
  'ended.generic': 'The meeting has ended.',
  'error.retry': 'Try again',
  'error.invalid_ticket': 'This invitation link is not valid.',
  'error.ticket_expired': 'This invitation link has expired. Ask for a new one.',
  'error.meeting_ended': 'This meeting has already ended.',
  'error.meeting_cancelled': 'This meeting was cancelled.',
  'error.wrong_password': 'The meeting password is wrong.',
  'error.not_found': 'No meeting matches this join code.',
  'error.validation_error': 'Some details are missing or invalid.',
  'error.connect_failed': 'Could not connect to the meeting. Try again in a moment.',
  'error.connection_lost': 'The connection to the meeting was lost.',
  'error.server': 'The meeting server had a problem ({status}). Try again in a moment.',
  'error.join_denied': 'The host did not let you in.',
  'error.wait_expired': 'Nobody let you in in time: your request to join has expired.',
  'error.meeting_locked': 'The meeting is locked: nobody new can join now.',
  'error.banned': 'A moderator removed you from this meeting. You cannot join it again.',
};

export default enJoin;
