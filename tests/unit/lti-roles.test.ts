import { describe, expect, it } from 'vitest';
import { roomRoleFor } from '../../lti/roles.js';

const m = (r: string) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${r}`;

describe('LIS roles → room roles', () => {
  it('teachers host, TAs moderate, learners participate, mentors watch', () => {
    expect(roomRoleFor([m('Instructor')])).toBe('host');
    expect(roomRoleFor(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'])).toBe('host');
    expect(roomRoleFor(['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator'])).toBe('host');
    expect(roomRoleFor([m('Instructor#TeachingAssistant')])).toBe('moderator');
    expect(roomRoleFor([m('Learner')])).toBe('participant');
    expect(roomRoleFor([m('Mentor')])).toBe('viewer');
    expect(roomRoleFor([])).toBe('viewer');
  });
  it('the most privileged role wins, whatever the order', () => {
    expect(roomRoleFor([m('Learner'), m('Instructor')])).toBe('host');
    expect(roomRoleFor([m('Instructor#TeachingAssistant'), m('Learner')])).toBe('moderator');
    expect(roomRoleFor(['Learner'])).toBe('participant'); // deprecated short form
  });
  it('an institutional Instructor who is a Learner in this course stays a participant', () => {
    expect(roomRoleFor(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor', m('Learner')])).toBe('participant');
  });
  it('only whole role names count: a custom role that merely ends in "Administrator" or contains "TeachingAssistant" grants nothing', () => {
    expect(roomRoleFor(['https://lms.example.edu/roles/NotAnAdministrator'])).toBe('viewer');
    expect(roomRoleFor(['https://lms.example.edu/roles#TeachingAssistantApplicant'])).toBe('viewer');
    expect(roomRoleFor(['https://lms.example.edu/roles#ContentDeveloperTrainee'])).toBe('viewer');
    expect(roomRoleFor([m('Administrator')])).toBe('host');
    expect(roomRoleFor(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])).toBe('moderator');
    expect(roomRoleFor(['urn:lti:role:ims/lis/Instructor'])).toBe('host');
  });
});
