/**
 * ConnectWise-shaped error bodies. The normal shape is `{code, message, errors}`; the throttling body is
 * the different `{error, message}` shape the Developer Guide documents.
 */
import type { FieldError } from './entities/index.ts';

export interface CwErrorBody {
  code: string;
  message: string;
  errors?: Array<{ code: string; message: string; resource: string; field: string }> | null;
}

export class CwHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: CwErrorBody | Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String((body as CwErrorBody).message ?? 'ConnectWise error'));
    this.name = 'CwHttpError';
  }
}

export const notFoundError = (message: string) => new CwHttpError(404, { code: 'NotFound', message });

/** What ConnectWise answers for a path it has no endpoint for (amp-labs/connectors: providers/connectwise/test/read/not-found.json). */
export const endpointMissingError = () =>
  new CwHttpError(404, { code: 'ConnectWiseApi', message: 'The endpoint does not exist.' });

export function invalidObject(resource: string, errors: FieldError[]): CwHttpError {
  return new CwHttpError(400, {
    code: 'InvalidObject',
    message: `${resource} object is invalid`,
    errors: errors.map((e) => ({ code: e.code, message: e.message, resource, field: e.field })),
  });
}

export const unauthorizedError = (message = 'Authorization is required') =>
  new CwHttpError(401, { code: 'Unauthorized', message });

export const forbiddenError = (message: string) => new CwHttpError(403, { code: 'Forbidden', message, errors: null });

export const badRequest = (message: string) => new CwHttpError(400, { code: 'BadRequest', message });

export function throttled(retryAfterSeconds: number): CwHttpError {
  return new CwHttpError(
    429,
    { error: 'ConnectWiseAPI', message: `Too many requests. Please try again in ${retryAfterSeconds} seconds.` },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export const serverError = (message = 'Object reference not set to an instance of an object.') =>
  new CwHttpError(500, { code: 'ConnectWiseApi', message });

export const methodNotAllowed = (method: string) =>
  new CwHttpError(405, {
    code: 'MethodNotAllowed',
    message: `The requested resource does not support http method '${method}'.`,
  });
