/**
 * The LTI tool's server-rendered pages with hostile values from the platform (a resource link title, roster names,
 * an error the platform sends back): shown as text, never as markup.
 */
import { describe, expect, it } from 'vitest';
import { syncRoster } from '../../lti/nrps.js';
import { LIS } from '../support/lms-emulator.js';
import { ltiLaunch, ltiLaunchPage, useLtiEnvironment } from '../support/lti-flow.js';
import { HOSTILE, expectOnlyAsText } from '../support/html-page.js';

const env = useLtiEnvironment();

describe.each(HOSTILE)('LTI pages with a hostile value $value', (h) => {
  const n = HOSTILE.indexOf(h);

  it('the attendance page shows a resource link title and roster names like it as text', async () => {
    const { s, emu } = env;
    const contextId = `course-hostile-${n}`;
    emu.members[contextId] = [{ user_id: `m${n}`, name: h.value, roles: [LIS.learner] }];
    const t = await ltiLaunch(s, emu, { sub: `prof${n}`, name: 'Prof P', roles: [LIS.instructor], contextId, resourceLinkId: `link-${n}`, resourceTitle: h.value });
    expect(t.status).toBe(200);
    expect(t.body.meeting.title).toBe(h.value);
    const [rl] = await s.deps.sql<{ id: string }[]>`SELECT id FROM lti_resource_links WHERE resource_link_id = ${`link-${n}`}`;
    expect((await syncRoster(s.deps, rl!.id)).members).toBe(1);

    const res = await fetch(`${s.baseUrl}/lti/session/attendance`, { method: 'POST', headers: { authorization: `Bearer ${t.body.session}`, accept: 'text/html' } });
    expect(res.status).toBe(200);
    const p = expectOnlyAsText(await res.text(), h, 0);
    expect(p.text(p.elements('h1')[0]!)).toBe(`Attendance: ${h.value}`);
    expect(p.elements('td').map(p.text)).toContain(h.value);
  });

  it('an error the platform sends back to the launch is shown as text', async () => {
    const page = await ltiLaunchPage(env.s, { error: 'access_denied', error_description: h.value });
    expect(page.status).toBe(400);
    const p = expectOnlyAsText(page.html, h, 0);
    expect(p.text(p.byId('error')!)).toBe(`The platform refused the sign-in: ${h.value}`);
  });
});
