/**
 * Script-tag entry: `<script type="module" src="https://HOST/widget/coffee-chat.js"></script>` registers
 * `<coffee-chat>`. The element then talks to HOST by default (`server-url`). `<video-room>` (for the chat itself) is
 * a lazy chunk, loaded on the first Join.
 */
import { CoffeeChat } from './coffee-chat/coffee-chat.js';

CoffeeChat.define();

export { CoffeeChat };
export { addTranslation, loadLanguage } from './i18n/index.js';
