/** In-room controls bar: mic, camera, screen share, hand/reactions/participants, chat, leave. Pure render helper. */
import { html, nothing } from 'lit/html.js';
import type { TranslationKey } from '../i18n/index.js';
import { camIcon, camOffIcon, icon, micIcon, micOffIcon } from './icons.js';

const screenIcon = icon('M20 18a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2H0v2h24v-2h-4ZM4 6h16v10H4V6Z');
const leaveIcon = icon('M12 9c-1.6 0-3.1.3-4.6.7v3.1c0 .4-.2.7-.6.9-1 .5-1.9 1.1-2.6 1.8a1 1 0 0 1-1.4 0L.3 13a1 1 0 0 1 0-1.4C3.3 8.7 7.5 7 12 7s8.7 1.7 11.7 4.6a1 1 0 0 1 0 1.4l-2.5 2.5a1 1 0 0 1-1.4 0c-.8-.7-1.7-1.3-2.6-1.8a1 1 0 0 1-.6-.9V9.7C15.1 9.3 13.6 9 12 9Z');

const chatIcon = icon('M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2Zm0 14H5.2L4 17.2V4h16v12Z');

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** State and actions of the controls bar. */
export interface ControlsProps {
  t: T;
  /** Show mic/camera (false for viewers). */
  canPublish: boolean;
  /** Show the mic / the camera (default `canPublish`): false once a moderator denied it (host controls). */
  canMic?: boolean;
  canCam?: boolean;
  /** Show screen share (meeting allows it and the browser/iframe can). */
  canShare: boolean;
  mic: boolean;
  cam: boolean;
  screen: boolean;
  toggleMic(): void;
  toggleCam(): void;
  toggleScreen(): void;
  leave(): void;
  /** The chat button: panel open, unread count (badge while closed), open/close. */
  chat?: { open: boolean; unread: number; toggle(): void };
  /** The Polls button, rendered by the polls chunk (polls.ts `renderPollsButton`). */
  pollsButton?: unknown;
  /** Raise hand, reactions and participants buttons, rendered (classroom chunk: classroom.ts). */
  classroom?: unknown;
}

const button = (name: string, label: string, pressed: boolean | undefined, icon: unknown, click: () => void) =>
  html`<button
    type="button"
    part="control control-${name}"
    class="round"
    aria-label=${label}
    title=${label}
    aria-pressed=${pressed === undefined ? nothing : String(pressed)}
    @click=${click}
  >
    ${icon}
  </button>`;

/** Chat: a toggle (`aria-pressed` = panel open) with the unread count in its label and in a badge. */
function chatButton(t: T, c: NonNullable<ControlsProps['chat']>) {
  const unread = !c.open && c.unread > 0 ? c.unread : 0;
  const label = unread ? t('chat.openUnread', { count: unread }) : t('chat.open');
  return html`<button type="button" part="control control-chat" class="round" aria-label=${label} title=${label}
    aria-pressed=${String(c.open)} @click=${c.toggle}>
    ${chatIcon}${unread ? html`<span part="chat-badge" class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
  </button>`;
}

/** Render the controls bar (`part="controls"`). Toggles carry `aria-pressed` = on. */
export function renderControls(p: ControlsProps) {
  return html`<div part="controls" class="controls">
    ${p.canMic ?? p.canPublish ? button('mic', p.t('control.microphone'), p.mic, p.mic ? micIcon : micOffIcon, p.toggleMic) : nothing}
    ${p.canCam ?? p.canPublish ? button('camera', p.t('control.camera'), p.cam, p.cam ? camIcon : camOffIcon, p.toggleCam) : nothing}
    ${p.canShare ? button('screen-share', p.t('control.screenShare'), p.screen, screenIcon, p.toggleScreen) : nothing}
    ${p.classroom ?? nothing}
    ${p.chat ? chatButton(p.t, p.chat) : nothing}
    ${p.pollsButton ?? nothing}
    ${button('leave', p.t('control.leave'), undefined, leaveIcon, p.leave)}
  </div>`;
}
