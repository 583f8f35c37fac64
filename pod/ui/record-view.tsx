/** Renders a record load: spinner, error with a retry, or the fields. */
import type { ComponentChildren } from 'preact';
import { ErrorState, Loading } from './states.tsx';
import type { AsyncState } from './use-async.ts';

export function RecordView<T>({
  state,
  reload,
  what,
  children,
}: {
  state: AsyncState<T>;
  reload: () => void;
  what: string;
  children: (value: T) => ComponentChildren;
}) {
  if (state.status === 'loading') return <Loading label={`Loading the ${what}…`} />;
  if (state.status === 'error') {
    return (
      <ErrorState
        title={`Could not load the ${what}`}
        message={state.error.message}
        action={
          <button type="button" onClick={reload}>
            Try again
          </button>
        }
      />
    );
  }
  return <>{children(state.value)}</>;
}

export function Field({ label, value }: { label: string; value: ComponentChildren }) {
  if (value === undefined || value === null || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
