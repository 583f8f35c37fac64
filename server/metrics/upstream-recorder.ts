/**
 * Writes upstream calls to `upstream_calls` in batches: a sync makes thousands of calls and must not
 * pay one database round trip for each.
 */
import type { Db } from '../../db/client.ts';
import { upstreamCalls } from '../../db/schema/index.ts';
import type { UpstreamCall, UpstreamRecorder } from '../connectors/upstream.ts';

const BATCH = 200;
const FLUSH_MS = 1_000;

export class DbUpstreamRecorder implements UpstreamRecorder {
  #buffer: UpstreamCall[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  record(call: UpstreamCall): void {
    this.#buffer.push(call);
    if (this.#buffer.length >= BATCH) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Resolves when everything recorded so far is in the database. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const rows = this.#buffer;
    this.#buffer = [];
    if (rows.length > 0) {
      this.#writing = this.#writing
        .then(() =>
          this.db
            .insert(upstreamCalls)
            .values(rows)
            .then(() => undefined),
        )
        .catch((error: Error) => console.error(`could not record ${rows.length} upstream calls: ${error.message}`));
    }
    return this.#writing;
  }
}
