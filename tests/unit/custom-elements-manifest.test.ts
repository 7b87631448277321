// The widget's Custom Elements Manifest (dist/npm/custom-elements.json, written by `npm run build:widget` from the
// elements' JSDoc with @custom-elements-manifest/analyzer): IDEs and Storybook read <video-room>'s API from it, so a
// lost @attr/@event/@csspart/@cssproperty line, or a lost tag name, must fail here.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { customElements?: string };

type Named = { name: string; fieldName?: string };
type Declaration = { kind: string; name: string; tagName?: string; customElement?: boolean; attributes?: Named[]; events?: Named[]; cssParts?: Named[]; cssProperties?: Named[]; members?: Named[] };

function videoRoom(): Declaration {
  const file = new URL(pkg.customElements ?? 'missing', root);
  if (!existsSync(file)) throw new Error(`${pkg.customElements} is missing: run \`npm run build:widget\` (npm test does)`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { modules: { declarations?: Declaration[] }[] };
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName === 'video-room');
  expect(found, 'one <video-room> declaration with its tag name').toHaveLength(1);
  return found[0]!;
}

describe('custom-elements.json', () => {
  it('is shipped in the npm build and named by package.json customElements', () => {
    expect(pkg.customElements).toBe('dist/npm/custom-elements.json');
  });

  it('lists <video-room>’s attributes with their properties, and its events', () => {
    const el = videoRoom();
    expect(el.name).toBe('VideoRoom');
    const attrs = Object.fromEntries((el.attributes ?? []).map((a) => [a.name, a.fieldName]));
    expect(attrs).toMatchObject({
      'server-url': 'serverUrl',
      ticket: 'ticket',
      code: 'code',
      password: 'password',
      name: 'name',
      preload: 'preload',
      lang: 'lang',
      state: 'state',
      'participant-count': 'participantCount',
    });
    // Read by the in-room chunk as attributes (no property in the first payload).
    expect((el.attributes ?? []).map((a) => a.name)).toEqual(expect.arrayContaining(['layout', 'shortcuts', 'poor-connection-delay']));
    expect((el.events ?? []).map((e) => e.name).sort()).toEqual([
      'vr-ask-unmute',
      'vr-bandwidth-change',
      'vr-chat-message',
      'vr-error',
      'vr-hand-lowered',
      'vr-hand-raised',
      'vr-host-action',
      'vr-join',
      'vr-leave',
      'vr-lock-change',
      'vr-mute-change',
      'vr-participant-join',
      'vr-participant-leave',
      'vr-poll-answered',
      'vr-poll-closed',
      'vr-poll-launched',
      'vr-poll-results',
      'vr-reaction',
      'vr-role-change',
      'vr-spotlight-change',
      'vr-state-change',
      'vr-waiting-change',
    ].sort());
    const members = (el.members ?? []).map((m) => m.name);
    expect(members).toEqual(expect.arrayContaining(['join', 'leave', 'room', 'participantRole', 'define']));
  });

  it('lists <video-room>’s CSS parts and custom properties', () => {
    const el = videoRoom();
    const parts = (el.cssParts ?? []).map((p) => p.name);
    expect(parts).toEqual(expect.arrayContaining(['base', 'prejoin', 'join-button', 'grid', 'tile', 'controls', 'control', 'waiting-list', 'main-stage', 'view-bar', 'bandwidth-notice', 'shortcuts-dialog', 'poll-panel', 'poll-badge', 'tile-hand', 'participants-panel', 'reactions-menu']));
    const props = (el.cssProperties ?? []).map((p) => p.name);
    expect(props).toEqual(expect.arrayContaining(['--vr-background', '--vr-accent', '--vr-radius', '--vr-tile-min-width']));
  });
});
