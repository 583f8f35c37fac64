/** The entity registry and the router that turns an API path into (entity, parent id, record id, action). */
import { businessEntities } from './business.ts';
import { orderEntities } from './orders.ts';
import { setupEntities } from './setup.ts';
import { systemEntities } from './system.ts';
import type { EntityDef } from './types.ts';

export * from './types.ts';

export const ENTITIES: readonly EntityDef[] = [
  ...setupEntities,
  ...businessEntities,
  ...orderEntities,
  ...systemEntities,
];

const byPath = new Map(ENTITIES.map((def) => [def.path.toLowerCase(), def]));

export function entityByPath(path: string): EntityDef | undefined {
  return byPath.get(path.toLowerCase());
}

/** Store collections owned by the simulator (several defs may share one, e.g. ticket products). */
export const COLLECTIONS = [...new Set(ENTITIES.map((d) => d.collection))];

export type Action = { kind: 'collection' } | { kind: 'count' } | { kind: 'search' } | { kind: 'item'; id: number };
export interface RouteMatch {
  def: EntityDef;
  parentId?: number;
  action: Action;
}

// Longest paths first so 'sales/opportunities/statuses' wins over 'sales/opportunities/{id}'.
const ROUTES = [...ENTITIES]
  .sort((a, b) => b.path.length - a.path.length)
  .map((def) => ({
    def,
    regex: new RegExp(
      `^${def.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{parentId\\}', '(\\d+)')}(?:/(count|search|\\d+))?$`,
      'i', // ConnectWise (ASP.NET) routes are case-insensitive
    ),
  }));

export function matchRoute(apiPath: string): RouteMatch | undefined {
  const path = apiPath.replace(/^\/+|\/+$/g, '');
  for (const { def, regex } of ROUTES) {
    const m = regex.exec(path);
    if (!m) continue;
    const hasParent = def.path.includes('{parentId}');
    const parentId = hasParent ? Number(m[1]) : undefined;
    const tail = m[hasParent ? 2 : 1];
    let action: Action;
    if (tail === undefined) action = { kind: 'collection' };
    else if (tail.toLowerCase() === 'count') action = { kind: 'count' };
    else if (tail.toLowerCase() === 'search') action = { kind: 'search' };
    else action = { kind: 'item', id: Number(tail) };
    return { def, parentId, action };
  }
  return undefined;
}
