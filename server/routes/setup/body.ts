/** Optional JSON bodies (the CLI posts test-connection and activation without one). */
import type * as z from 'zod';
import { badRequest } from '../../errors.ts';
import type { AdminContext } from '../admin/shared.ts';

export async function optionalBody<S extends z.ZodType>(c: AdminContext, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw badRequest('invalid_json', 'Send a JSON body with Content-Type: application/json, or no body.');
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const list = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  throw badRequest(
    'invalid_body',
    `Check the request body: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    list,
  );
}
