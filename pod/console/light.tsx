/** A status light: colour plus the word, so it never relies on colour alone. */
import { LIGHT_WORDS, type Light } from './format.ts';

export function LightBadge({ state, label }: { state: Light; label?: string }) {
  return (
    <span class={`light light-${state}`} data-light={state}>
      <span class="light-dot" aria-hidden="true" />
      {label ? `${label}: ` : ''}
      {LIGHT_WORDS[state]} ({state})
    </span>
  );
}
