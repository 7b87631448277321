/**
 * The LiveKit deployment this server talks to: its WebSocket URL for browsers, its API for the server.
 */
import { RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';

export interface LiveKitDeployment {
  /** ws(s):// URL given to browsers. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

export interface LiveKit extends LiveKitDeployment {
  rooms: RoomServiceClient;
  /**
   * Verifies and parses signed webhook deliveries: livekit-server-sdk's own receiver (JWT signed with the API
   * secret, `iss` = API key, `sha256` claim = the body's hash). It is not the fastest part of ingest (async
   * WebCrypto digest, a jose key per call), but webhook authentication is kept to the SDK that defines it.
   */
  webhooks: WebhookReceiver;
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
    webhooks: new WebhookReceiver(d.apiKey, d.apiSecret),
  };
}

/**
 * LiveKit RoomService DeleteRoom: disconnects everyone in `roomName`. A room that does not exist (nobody joined, or
 * it already closed) is fine. @throws any other LiveKit failure (unreachable, refused)
 */
export async function deleteRoomIfAny(livekit: Pick<LiveKit, 'rooms'>, roomName: string): Promise<void> {
  try {
    await livekit.rooms.deleteRoom(roomName);
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404 || /not.?found/i.test(String((e as Error).message))) return;
    throw e;
  }
}
