/**
 * English strings of the in-room chat (part three of the reference table, see `en.ts`): loaded with the in-room
 * chunk, which registers them with `addDefaults()`; the npm entry registers them at once.
 */
const enChat = {
  'chat.open': 'Chat',
  'chat.openUnread': 'Chat ({count} unread)',
  'chat.title': 'Chat',
  'chat.close': 'Close chat',
  'chat.messages': 'Messages',
  'chat.empty': 'No messages yet.',
  'chat.older': 'Show earlier messages',
  'chat.to': 'To',
  'chat.everyone': 'Everyone',
  'chat.input': 'Message',
  'chat.send': 'Send',
  'chat.you': 'You',
  'chat.privateTo': 'Privately to {name}',
  'chat.privateFrom': 'Privately',
  'chat.delete': 'Delete message from {name}',
  'chat.disableFor': 'Turn off chat for {name}',
  'chat.enableFor': 'Turn on chat for {name}',
  'chat.allowAll': 'Chat for everyone',
  'chat.off': 'A moderator turned chat off.',
  'chat.offForYou': 'A moderator turned your chat off.',
  'chat.sendFailed': 'Your message was not sent. Try again.',
  'chat.newMessage': 'New message from {name}: {text}',
};

export default enChat;
