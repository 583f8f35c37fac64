/** Loading, error and not-authorised states shared by every screen: a heading, then what to do. */
import type { ComponentChildren } from 'preact';

export function Loading({ label }: { label: string }) {
  return (
    <div class="state" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ title, message, action }: { title: string; message: string; action?: ComponentChildren }) {
  return (
    <div class="state error" role="alert">
      <h2>{title}</h2>
      <p>{message}</p>
      {action ? <div>{action}</div> : null}
    </div>
  );
}

/** A refused sign-in: `title` says what happened, `message` why and what to do next. */
export function Denied({ title, message }: { title: string; message: string }) {
  return (
    <div class="state denied" role="alert" data-testid="not-authorized">
      <h2>{title}</h2>
      <p>{message}</p>
    </div>
  );
}
