/**
 * The coffee demo portal's backend (/demo/api/coffee/*): "Start over with new people" (a fresh pair) leaves only
 * the new Ada and Sam in each other's "People to meet".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ demo: true });
});
afterAll(() => s?.close());

async function demo(path: string, body: unknown) {
  const r = await s.api('POST', `/demo/api/coffee/${path}`, body, null);
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
}
async function peopleToMeet(pair: string, as: 'ada' | 'sam') {
  const { ticket } = await demo('tickets', { pair, as });
  const r = await s.api('GET', '/api/v1/coffee/me/suggestions', undefined, ticket);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.map((i: { userId: string; displayName: string }) => `${i.userId} ${i.displayName}`);
}

describe('coffee demo: start over', () => {
  it('a new pair sees only each other, not the demo people of earlier starts', async () => {
    await demo('seed', { pair: 'first' });
    expect(await peopleToMeet('first', 'ada')).toEqual(['demo-sam-first Sam (student)']);
    await demo('seed', {}); // the default pair, as a first visit without ?pair= seeds it
    await demo('seed', { pair: 'second' });
    expect(await peopleToMeet('second', 'ada')).toEqual(['demo-sam-second Sam (student)']);
    expect(await peopleToMeet('second', 'sam')).toEqual(['demo-ada-second Ada (alumna)']);
    // the earlier pair still sees only its own partner (their tabs keep working)
    expect(await peopleToMeet('first', 'sam')).toEqual(['demo-ada-first Ada (alumna)']);
  });

  it('seeding one pair twice at once answers 200 both times', async () => {
    const [a, b] = await Promise.all([s.api('POST', '/demo/api/coffee/seed', { pair: 'race' }, null), s.api('POST', '/demo/api/coffee/seed', { pair: 'race' }, null)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await peopleToMeet('race', 'ada')).toEqual(['demo-sam-race Sam (student)']);
  });
});
