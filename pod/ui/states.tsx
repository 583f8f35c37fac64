/** Loading, error and not-authorised states shared by every screen. */
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
      <strong>{title}</strong>
      {message}
      {action ? <div>{action}</div> : null}
    </div>
  );
}

export function Denied({ message }: { message: string }) {
  return (
    <div class="state denied" role="alert" data-testid="not-authorized">
      <strong>Not authorized</strong>
      {message}
    </div>
  );
}
