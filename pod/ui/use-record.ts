/** Loads the ConnectWise record the pod sits on, through our server (never directly from ConnectWise). */
import type { RecordSummary } from '../../server/wire/session.ts';
import type { ScreenProps } from '../screens/screen-props.ts';
import { useAsync } from './use-async.ts';

export function useRecord<S extends RecordSummary['screen']>({ session, context }: ScreenProps, screen: S) {
  return useAsync(
    () =>
      session.api.get<Extract<RecordSummary, { screen: S }>>(
        `/api/pod/record?screen=${encodeURIComponent(screen)}&id=${context.recordId ?? ''}`,
      ),
    [context.recordId],
  );
}
