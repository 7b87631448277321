/**
 * The LiveKit deployment this server talks to: its WebSocket URL for browsers, its API for the server.
 */
import { RoomServiceClient } from 'livekit-server-sdk';
import { createWebhookVerifier, type WebhookVerifier } from './webhooks.js';

export interface LiveKitDeployment {
  /** ws(s):// URL given to browsers. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

export interface LiveKit extends LiveKitDeployment {
  rooms: RoomServiceClient;
  /** Verifies and parses signed webhook deliveries (server/livekit/webhooks.ts). */
  webhooks: WebhookVerifier;
}

/** ws→http for the Twirp API, http→ws for browsers. */
export function createLiveKit(d: LiveKitDeployment): LiveKit {
  const wsUrl = d.url.replace(/^http/, 'ws');
  const httpUrl = d.url.replace(/^ws/, 'http');
  return {
    url: wsUrl,
    apiKey: d.apiKey,
    apiSecret: d.apiSecret,
    rooms: new RoomServiceClient(httpUrl, d.apiKey, d.apiSecret),
    webhooks: createWebhookVerifier(d.apiKey, d.apiSecret),
  };
}
