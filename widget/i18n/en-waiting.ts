/**
 * English strings of the host side of the waiting room (the list of guests waiting to be let in, and their arrival
 * announced): loaded with the waiting-room chunk (`waiting-room.ts`, hosts and moderators of a meeting with a waiting
 * room only), which registers them with `addDefaults()`; the npm entry registers them at once. See `en.ts`.
 */
const enWaiting = {
  'waitingRoom.title': 'Waiting to join ({count})',
  'waitingRoom.admit': 'Admit',
  'waitingRoom.deny': 'Deny',
  'waitingRoom.admitName': 'Admit {name}',
  'waitingRoom.denyName': 'Deny {name}',
  'waitingRoom.arrived': '{name} is waiting to join',
};

export default enWaiting;
