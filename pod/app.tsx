/**
 * The pod shell: connect to the host → sign in with the member's ConnectWise authentication →
 * render the screen the host says we are on. Every failure ends in a state that says what to do.
 */
import type { ComponentType } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { connectHost } from './bridge/connect.ts';
import { BridgeError, type HostBridge, normaliseScreen } from './bridge/types.ts';
import { screens } from './screens/index.ts';
import type { ScreenProps } from './screens/screen-props.ts';
import { type PodSession, startSession } from './session.ts';
import { DENIED_TITLES } from './ui/denied-titles.ts';
import { Denied, ErrorState, Loading } from './ui/states.tsx';

export interface PodConfig {
  allowedHostOrigins: string[];
  version: string;
}

type Phase =
  | { name: 'connecting' }
  | { name: 'signing-in' }
  | { name: 'ready'; bridge: HostBridge; session: PodSession; Screen: ComponentType<ScreenProps> | null }
  | { name: 'denied'; title: string; message: string }
  | { name: 'failed'; title: string; message: string };

export function App({ config }: { config: PodConfig }) {
  const [phase, setPhase] = useState<Phase>({ name: 'connecting' });

  // A layout effect, not useEffect: Preact runs useEffect after a paint (requestAnimationFrame), which a pod
  // in a hidden or background frame may not get for 100 ms; every step of the start-up would wait for it.
  useLayoutEffect(() => {
    let bridge: HostBridge | undefined;
    let live = true;
    (async () => {
      // Fetch the screen's code while the host handshake and sign-in run.
      const screenModule = screens[normaliseScreen(new URL(location.href).searchParams.get('screen'))]?.load();
      screenModule?.catch(() => undefined);
      bridge = await connectHost({ allowedOrigins: config.allowedHostOrigins });
      // Start-up milestones, read by bench/first-price-breakdown.ts.
      performance.mark('tds:connected');
      // Nothing in the pod blocks a ConnectWise save yet; answering keeps the host's save from hanging.
      bridge.on('beforeSave', () => ({ ok: true }));
      if (live) setPhase({ name: 'signing-in' });
      const session = await startSession(bridge);
      performance.mark('tds:signed-in');
      const entry = screens[bridge.context.screen];
      const Screen = entry ? (await entry.load()).default : null;
      if (live) setPhase({ name: 'ready', bridge, session, Screen });
    })().catch((error: Error) => {
      if (!live) return;
      const code = (error as BridgeError | ApiError).code;
      const deniedTitle = DENIED_TITLES[code];
      if (deniedTitle) setPhase({ name: 'denied', title: deniedTitle, message: error.message });
      else if (error instanceof BridgeError)
        setPhase({ name: 'failed', title: 'Cannot reach the ConnectWise screen', message: error.message });
      else if (error instanceof ApiError)
        setPhase({ name: 'failed', title: 'Cannot sign in to tds-bridge', message: error.message });
      else setPhase({ name: 'failed', title: 'The pod stopped', message: error.message });
    });
    return () => {
      live = false;
      bridge?.destroy();
    };
  }, [config]);

  document.body.dataset.podState = phase.name;
  if (phase.name === 'connecting') return <Loading label="Connecting to ConnectWise…" />;
  if (phase.name === 'signing-in') return <Loading label="Signing you in…" />;
  if (phase.name === 'denied') return <Denied title={phase.title} message={phase.message} />;
  if (phase.name === 'failed') return <ErrorState title={phase.title} message={phase.message} />;

  const { bridge, session, Screen } = phase;
  // ConnectWise titles the pod panel itself (the hosted setup's description); we only say who is signed in.
  return (
    <>
      <span class="pod-member" data-testid="pod-member" title={`Signed in as ${session.member.name}`}>
        {session.member.name}
      </span>
      {Screen ? (
        <Screen bridge={bridge} context={bridge.context} session={session} />
      ) : (
        <ErrorState
          title="No tds-bridge view for this screen"
          message={`tds-bridge has views for opportunities, purchase orders and tickets; this pod is on "${bridge.context.screen || 'an unknown screen'}". Check the [cw_screen] token in the pod's Hosted API URL.`}
        />
      )}
    </>
  );
}
