import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { addTranslation, t } from '../../widget/index.js';
import { $, VideoRoom } from './helpers.js';

const text = (el: VideoRoom, sel: string) => $(el, sel)?.textContent?.trim();

describe('<video-room> i18n', () => {
  it('speaks English by default', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="x" name="A" lang="en"></video-room>`);
    expect(text(el, '[part~=join-button]')).to.equal('Join');
    expect($(el, '[part~=base]')!.getAttribute('dir')).to.equal('ltr');
  });

  it('switches to French with lang="fr", aria-labels included', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="x" name="A" lang="fr"></video-room>`);
    await waitUntil(() => text(el, '[part~=join-button]') === 'Rejoindre', 'French Join button');
    expect(text(el, '[part~=title]')).to.equal('Prêt à rejoindre ?');
    expect($(el, '[part~=toggle-mic]')!.getAttribute('aria-label')).to.equal('Micro');
  });

  it('switches to Arabic, laid out right-to-left, with lang="ar"', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="x" name="A" lang="ar"></video-room>`);
    await waitUntil(() => text(el, '[part~=join-button]') === 'انضمام', 'Arabic Join button');
    const base = $(el, '[part~=base]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(base).direction).to.equal('rtl');
  });

  it('follows a lang change at runtime, and the document language when it has none', async () => {
    document.documentElement.lang = 'fr';
    try {
      const el = await fixture<VideoRoom>(html`<video-room code="x" name="A"></video-room>`);
      await waitUntil(() => text(el, '[part~=join-button]') === 'Rejoindre', 'French from <html lang>');
      el.setAttribute('lang', 'en');
      await waitUntil(() => text(el, '[part~=join-button]') === 'Join', 'English after lang change');
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('accepts an added language, falling back to English for missing keys', async () => {
    addTranslation('de', { 'prejoin.join': 'Beitreten' });
    expect(t('prejoin.join', undefined, 'de-AT')).to.equal('Beitreten');
    expect(t('prejoin.title', undefined, 'de')).to.equal('Ready to join?');
    expect(t('room.joined', { name: 'Ada' }, 'en')).to.equal('Ada joined');
    const el = await fixture<VideoRoom>(html`<video-room code="x" name="A" lang="de"></video-room>`);
    expect(text(el, '[part~=join-button]')).to.equal('Beitreten');
  });
});
