/**
 * English strings of raised hands, reactions and the participants panel (part four of the reference table, see
 * `en.ts`): loaded with the classroom chunk, which registers them with `addDefaults()`; the npm entry registers them
 * at once.
 */
const enClassroom = {
  'hands.raise': 'Raise hand',
  'hands.position': 'Hand raised, number {position} in the queue',
  'hands.raisedBy': '{name} raised their hand, number {position} in the queue',
  'hands.youRaised': 'You raised your hand, number {position} in the queue',
  'hands.loweredFor': "{name}'s hand is lowered",
  'hands.youLowered': 'You lowered your hand',
  'hands.loweredByModerator': 'A moderator lowered your hand',
  'hands.lowerFor': "Lower {name}'s hand",
  'hands.lowerAll': 'Lower all hands',
  'hands.failed': 'Your hand could not be changed. Try again.',
  'reactions.open': 'Reactions',
  'reactions.thumbsUp': 'Thumbs up',
  'reactions.clap': 'Applause',
  'reactions.laugh': 'Laughter',
  'reactions.surprised': 'Surprise',
  'reactions.heart': 'Heart',
  'reactions.party': 'Celebration',
  'participants.open': 'Participants ({count})',
  'participants.openHands': 'Participants ({count}), raised hands: {hands}',
  'participants.title': 'Participants ({count})',
  'participants.close': 'Close participants',
  'participants.gone': 'Left the room',
  'participants.role.host': 'Host',
  'participants.role.moderator': 'Moderator',
  'participants.role.participant': 'Participant',
  'participants.role.viewer': 'Viewer',
  'participants.micOn': 'Microphone on',
  'participants.micOff': 'Microphone off',
  'participants.camOn': 'Camera on',
  'participants.camOff': 'Camera off',
  'participants.quality.excellent': 'Connection: excellent',
  'participants.quality.good': 'Connection: good',
  'participants.quality.poor': 'Connection: poor',
  'participants.quality.lost': 'Connection: lost',
  'participants.quality.unknown': 'Connection: unknown',
};

export default enClassroom;
