import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

describe('configuration from the environment', () => {
  it('starts with no configuration at all (embedded PostgreSQL, local LiveKit)', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.LIVEKIT_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ TICKET_SECRET: 'short' })).toThrow(/TICKET_SECRET/);
  });

  it('reads the lifecycle job retry policy (JOBS_RETRY_*), with whole seconds only', () => {
    expect(loadConfig({})).toMatchObject({ JOBS_RETRY_LIMIT: 8, JOBS_RETRY_DELAY_SECONDS: 2, JOBS_RETRY_BACKOFF: true });
    expect(loadConfig({ JOBS_RETRY_DELAY_SECONDS: '1', JOBS_RETRY_BACKOFF: 'false' })).toMatchObject({ JOBS_RETRY_DELAY_SECONDS: 1, JOBS_RETRY_BACKOFF: false });
    expect(() => loadConfig({ JOBS_RETRY_DELAY_SECONDS: '0.5' })).toThrow(/JOBS_RETRY_DELAY_SECONDS: must be a whole number of seconds/);
    expect(() => loadConfig({ JOBS_RETRY_BACKOFF: 'yes' })).toThrow(/JOBS_RETRY_BACKOFF/);
  });

  it('wants the three LIVEKIT_* variables together', () => {
    expect(() => loadConfig({ LIVEKIT_URL: 'wss://lk.example.com' })).toThrow(/LIVEKIT_API_KEY[\s\S]*LIVEKIT_API_SECRET/);
    const c = loadConfig({ LIVEKIT_URL: 'wss://lk.example.com', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    expect(c.LIVEKIT_URL).toBe('wss://lk.example.com');
  });
});
