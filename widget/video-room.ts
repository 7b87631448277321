/**
 * Script-tag entry: `<script type="module" src="https://HOST/widget/video-room.js"></script>` registers
 * `<video-room>`. The element then talks to HOST by default (`server-url`).
 */
import { VideoRoom } from './video-room/video-room.js';

VideoRoom.define();

export { VideoRoom };
export { addTranslation, loadLanguage } from './i18n/index.js';
