/** Request size bounds for the operations routes (alerts, restore): 413 in the usual error envelope. */
import { bodyLimit } from 'hono/body-limit';
import { envelope } from '../../errors.ts';

export function opsBodyLimit(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        envelope('payload_too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KiB; send less.`),
        413,
      ),
  });
}
