/**
 * Resources that live as long as a run does in this process (upstream clients holding an OAuth token, an open
 * price-file download). A template keeps them in `ctx.scope` between steps; the engine closes them when the
 * run ends in any state (success, failure, cancel, lost lease) or this process stops working on it. Losing
 * them is harmless (per-process cache): the next step, here or in another process, builds them again and
 * resumes from the checkpoint.
 */
export interface RunScope {
  /** The value kept under `key` for this run, created on first use; `close` runs when the run ends. */
  get<T>(key: string, create: () => Promise<T> | T, close?: (value: T) => Promise<void> | void): Promise<T>;
  /** Closes and forgets one value now (e.g. a download that moved on to another file). */
  drop(key: string): Promise<void>;
}

interface Slot {
  value: Promise<unknown>;
  close?: (value: unknown) => Promise<void> | void;
}

class Scope implements RunScope {
  readonly #slots = new Map<string, Slot>();

  get<T>(key: string, create: () => Promise<T> | T, close?: (value: T) => Promise<void> | void): Promise<T> {
    const found = this.#slots.get(key);
    if (found) return found.value as Promise<T>;
    const value = Promise.resolve().then(create);
    // A failed creation is not kept: the next step tries again.
    value.catch(() => this.#slots.delete(key));
    this.#slots.set(key, { value, close: close as Slot['close'] });
    return value;
  }

  async drop(key: string): Promise<void> {
    const slot = this.#slots.get(key);
    this.#slots.delete(key);
    if (!slot) return;
    const value = await slot.value.catch(() => undefined);
    if (value !== undefined) await Promise.resolve(slot.close?.(value)).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((key) => this.drop(key)));
  }
}

/** The scopes of runs this engine has worked on; one per engine, never shared between processes. */
export class RunScopes {
  readonly #scopes = new Map<number, Scope>();

  for(runId: number): RunScope {
    let scope = this.#scopes.get(runId);
    if (!scope) {
      scope = new Scope();
      this.#scopes.set(runId, scope);
    }
    return scope;
  }

  /** Run ids holding a scope. */
  runIds(): number[] {
    return [...this.#scopes.keys()];
  }

  async end(runId: number): Promise<void> {
    const scope = this.#scopes.get(runId);
    this.#scopes.delete(runId);
    await scope?.closeAll();
  }

  async endAll(): Promise<void> {
    await Promise.all(this.runIds().map((id) => this.end(id)));
  }
}
