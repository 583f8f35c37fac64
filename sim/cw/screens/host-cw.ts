/**
 * The host side of ConnectWise's Hosted API, as ConnectWise plays it: answers `ready` with the
 * MessageFrameID, sends `onLoad`, answers `getMemberAuthentication`, acts on refresh/dirty/open, and
 * waits — without a timeout, like ConnectWise — for the pod to acknowledge `beforeSave`.
 */
import type { HostPageConfig } from './host-config.ts';

export interface HostUi {
  log(line: string): void;
  setDirty(dirty: boolean): void;
  refresh(): void;
  open(screen: string, id: number, newTab: boolean): void;
}

export interface HostSide {
  /** Resolves with the pod's verdict; never times out (a missing ack hangs the save, as in ConnectWise). */
  beforeSave(): Promise<{ ok: boolean; errors: string[] }>;
}

export function playCwHost(frame: HTMLIFrameElement, config: HostPageConfig, ui: HostUi): HostSide {
  let nextEventId = 1;
  const pendingEvents = new Map<string, (ack: { result?: string; errors?: string[] }) => void>();
  const send = (message: object) => frame.contentWindow?.postMessage(JSON.stringify(message), config.podOrigin);

  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== config.podOrigin || typeof event.data !== 'string')
      return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(event.data);
    } catch {
      ui.log('ignored a message that is not JSON');
      return;
    }
    if (message.message === 'ready') {
      ui.log('pod ready');
      send({ MessageFrameID: config.frameId });
      const id = String(nextEventId++);
      pendingEvents.set(id, () => ui.log('pod acknowledged onLoad'));
      send({
        event: 'onLoad',
        _id: id,
        data: { screenObject: { screen: config.screen, id: config.recordId, hostedAs: config.hostedAs } },
      });
      return;
    }
    if (message.frameID !== config.frameId) {
      ui.log(`ignored a message for frame ${String(message.frameID)}`);
      return;
    }
    if (typeof message.event === 'string') {
      const done = pendingEvents.get(String(message._id));
      pendingEvents.delete(String(message._id));
      done?.({ result: String(message.result), errors: (message.errors as string[] | undefined) ?? [] });
      return;
    }
    const args = (message.args ?? {}) as Record<string, unknown>;
    switch (message.hosted_request) {
      case 'getMemberAuthentication':
        ui.log('pod asked for member authentication');
        send({ response: 'getmemberauthentication', data: config.memberAuthentication });
        break;
      case 'refreshScreen':
        ui.refresh();
        break;
      case 'setDirty':
        ui.setDirty(Boolean(args.dirty));
        break;
      case 'openScreen':
        ui.open(String(args.screen), Number(args.id), args.newTab !== false);
        break;
      default:
        // ConnectWise silently ignores what it does not know (e.g. the old `request` key).
        ui.log(`ignored ${JSON.stringify(message).slice(0, 80)}`);
    }
  });

  return {
    beforeSave() {
      const id = String(nextEventId++);
      return new Promise((resolve) => {
        pendingEvents.set(id, (ack) => resolve({ ok: ack.result === 'success', errors: ack.errors ?? [] }));
        send({ event: 'beforeSave', _id: id, data: {} });
      });
    },
  };
}
