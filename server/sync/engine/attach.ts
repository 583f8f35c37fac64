/**
 * Which engine serves an app's deps. Each entry (Node, Worker) creates its engine from the deps it built and
 * attaches it here; the admin routes find it through `c.var.deps`. A WeakMap keeps Deps free of a field
 * that would have to exist before the engine that needs those deps.
 */
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Engine } from './engine.ts';

const engines = new WeakMap<Deps, Engine>();

export function attachEngine(deps: Deps, engine: Engine): Engine {
  engines.set(deps, engine);
  return engine;
}

/** The attached engine; 503 `sync_engine_unavailable` when this process has none. */
export function engineOf(deps: Deps): Engine {
  const engine = engines.get(deps);
  if (engine) return engine;
  throw new AppError(
    'sync_engine_unavailable',
    'The sync engine is not running in this server process; restart the server.',
    {
      status: 503,
    },
  );
}
