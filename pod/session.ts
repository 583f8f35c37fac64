/**
 * Signs the pod in: the host's member authentication goes to our server, which verifies it with
 * ConnectWise and returns a short-lived token. The token lives in memory only (no storage, no cookie).
 */
import type { SessionResponse } from '../server/wire/session.ts';
import { type ApiClient, createApi, request, type TokenSource } from './api.ts';
import type { HostBridge } from './bridge/types.ts';

export interface PodSession extends SessionResponse {
  api: ApiClient;
  /** The current token and a fresh sign-in, for other clients of our server (the console in a Tab). */
  tokens: TokenSource;
}

export async function startSession(bridge: HostBridge): Promise<PodSession> {
  const signIn = async () =>
    request<SessionResponse>('POST', '/api/session', {
      memberAuthentication: await bridge.getMemberAuthentication(),
      screen: bridge.context.screen,
      recordId: bridge.context.recordId,
    });
  let current = await signIn();
  const tokens: TokenSource = {
    token: () => current.token,
    async renew() {
      current = await signIn();
      return current.token;
    },
  };
  return { ...current, api: createApi(tokens), tokens };
}
