/** The host side over Penpal, for hosts other than ConnectWise (and our own demo pages). */
import { connect, WindowMessenger } from 'penpal';
import type { HostMethods, PodMethods } from '../../../pod/bridge/penpal-api.ts';
import type { HostPageConfig } from './host-config.ts';
import type { HostSide, HostUi } from './host-cw.ts';

export function playPenpalHost(frame: HTMLIFrameElement, config: HostPageConfig, ui: HostUi): HostSide {
  const screen = { screen: config.screen, recordId: config.recordId, hostedAs: config.hostedAs };
  const methods: HostMethods = {
    getContext: () => screen,
    getMemberAuthentication: () => {
      ui.log('pod asked for member authentication');
      return config.memberAuthentication;
    },
    refreshScreen: () => ui.refresh(),
    setDirty: (dirty) => ui.setDirty(dirty),
    openScreen: (args) => ui.open(args.screen, args.id, args.newTab !== false),
  };
  const connection = connect<PodMethods>({
    messenger: new WindowMessenger({ remoteWindow: frame.contentWindow as Window, allowedOrigins: [config.podOrigin] }),
    methods,
  });
  const pod = connection.promise.then(async (remote) => {
    ui.log('pod ready');
    await remote.onLoad(screen);
    ui.log('pod acknowledged onLoad');
    return remote;
  });
  return {
    async beforeSave() {
      const verdict = await (await pod).beforeSave();
      return verdict.ok ? { ok: true, errors: [] } : { ok: false, errors: verdict.errors };
    },
  };
}
