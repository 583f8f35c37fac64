/**
 * The simulators' mutable state: JSON documents per collection, held in memory for synchronous access
 * and written through to their own libSQL database (`data/sim.db` under `npm start`, `:memory:` in tests),
 * so the sandbox survives restarts and stays consistent with what the product remembers.
 */
import { type Client, createClient } from '@libsql/client';

type Key = string | number;

export class SimCollection<T> {
  readonly #docs = new Map<string, T>();
  constructor(
    readonly name: string,
    private readonly store: SimStore,
  ) {}

  get(id: Key): T | undefined {
    return this.#docs.get(String(id));
  }
  has(id: Key): boolean {
    return this.#docs.has(String(id));
  }
  set(id: Key, doc: T): T {
    this.#docs.set(String(id), doc);
    this.store.markDirty(this.name, String(id));
    return doc;
  }
  delete(id: Key): boolean {
    const existed = this.#docs.delete(String(id));
    if (existed) this.store.markDirty(this.name, String(id));
    return existed;
  }
  values(): IterableIterator<T> {
    return this.#docs.values();
  }
  get size(): number {
    return this.#docs.size;
  }
  /** Next numeric id for the collection (persisted, never reused). */
  nextId(): number {
    const key = `seq:${this.name}`;
    const next = Number(this.store.getMeta(key) ?? '0') + 1;
    this.store.setMeta(key, String(next));
    return next;
  }
  /** @internal used by SimStore when loading and flushing */
  raw(): Map<string, T> {
    return this.#docs;
  }
}

export class SimStore {
  readonly #collections = new Map<string, SimCollection<unknown>>();
  readonly #meta = new Map<string, string>();
  readonly #dirty = new Map<string, Set<string>>();
  readonly #dirtyMeta = new Set<string>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  private constructor(private readonly client: Client) {}

  static async open(url = ':memory:'): Promise<SimStore> {
    if (url.startsWith('file:')) {
      const { mkdirSync } = await import('node:fs');
      const { dirname, resolve } = await import('node:path');
      mkdirSync(dirname(resolve(url.slice(5))), { recursive: true });
    }
    const client = createClient({ url });
    await client.batch(
      [
        'create table if not exists sim_docs (coll text not null, id text not null, doc text not null, primary key (coll, id))',
        'create table if not exists sim_meta (key text primary key, value text not null)',
      ],
      'write',
    );
    const store = new SimStore(client);
    const docs = await client.execute('select coll, id, doc from sim_docs');
    for (const row of docs.rows) {
      store
        .collection(String(row.coll))
        .raw()
        .set(String(row.id), JSON.parse(String(row.doc)));
    }
    const meta = await client.execute('select key, value from sim_meta');
    for (const row of meta.rows) store.#meta.set(String(row.key), String(row.value));
    return store;
  }

  collection<T>(name: string): SimCollection<T> {
    let coll = this.#collections.get(name);
    if (!coll) {
      coll = new SimCollection<unknown>(name, this);
      this.#collections.set(name, coll);
    }
    return coll as SimCollection<T>;
  }

  getMeta(key: string): string | undefined {
    return this.#meta.get(key);
  }
  setMeta(key: string, value: string): void {
    this.#meta.set(key, value);
    this.#dirtyMeta.add(key);
    this.#schedule();
  }

  /** True when nothing was ever stored: the caller seeds. */
  isEmpty(): boolean {
    return this.#meta.size === 0 && [...this.#collections.values()].every((c) => c.size === 0);
  }

  markDirty(coll: string, id: string): void {
    let ids = this.#dirty.get(coll);
    if (!ids) {
      ids = new Set();
      this.#dirty.set(coll, ids);
    }
    ids.add(id);
    this.#schedule();
  }

  #schedule(): void {
    // Batch many small writes (a product sync creates thousands of records) into one transaction.
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = undefined;
      void this.flush();
    }, 25);
  }

  /** Writes pending changes; resolves when they are durable. */
  flush(): Promise<void> {
    if (this.#flushTimer) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    const statements: { sql: string; args: string[] }[] = [];
    for (const [coll, ids] of this.#dirty) {
      const docs = this.collection(coll).raw();
      for (const id of ids) {
        const doc = docs.get(id);
        statements.push(
          doc === undefined
            ? { sql: 'delete from sim_docs where coll = ? and id = ?', args: [coll, id] }
            : {
                sql: 'insert into sim_docs (coll, id, doc) values (?, ?, ?) on conflict (coll, id) do update set doc = excluded.doc',
                args: [coll, id, JSON.stringify(doc)],
              },
        );
      }
    }
    for (const key of this.#dirtyMeta) {
      statements.push({
        sql: 'insert into sim_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
        args: [key, this.#meta.get(key) ?? ''],
      });
    }
    this.#dirty.clear();
    this.#dirtyMeta.clear();
    if (statements.length === 0) return this.#flushing;
    this.#flushing = this.#flushing.then(() => this.client.batch(statements, 'write').then(() => undefined));
    return this.#flushing;
  }

  /** Forget everything, in memory and on disk. The caller re-seeds. */
  async reset(): Promise<void> {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#dirty.clear();
    this.#dirtyMeta.clear();
    await this.#flushing;
    for (const coll of this.#collections.values()) coll.raw().clear();
    this.#meta.clear();
    await this.client.batch(['delete from sim_docs', 'delete from sim_meta'], 'write');
  }

  async close(): Promise<void> {
    await this.flush();
    this.client.close();
  }
}
