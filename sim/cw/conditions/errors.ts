/** The text ConnectWise appends to every conditions error (quoted in the reference from the cw-rest README). */
export const GUIDANCE =
  'String values should be enclosed with double or single quotes; DateTime values should be enclosed in square brackets; ' +
  'numbers should consist of only digits, and optionally a decimal point and a negation sign; ' +
  'boolean values should be indicated with the keywords true or false; null values should be indicated by the keyword null.';

export type ValueKind = 'boolean' | 'numeric' | 'string' | 'datetime' | 'null';

export class ConditionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionsError';
  }
}

/** "Expected a boolean value, not a numeric. String values should be…" */
export function typeMismatch(expected: ValueKind, actual: ValueKind): ConditionsError {
  return new ConditionsError(`Expected a ${expected} value, not a ${actual}. ${GUIDANCE}`);
}
