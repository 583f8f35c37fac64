/**
 * Finds a TD SYNNEX business error in a parsed answer, whatever layout it came in. Public evidence shows
 * several: top-level `errorMessage`/`errorDetail` under SynnexB2B (a Magento integration reads these),
 * nested `ErrorMessage`/`ErrorDetail` or a `BizError`/`bizError` (TD SYNNEX's own integration notes), the
 * invoice service's `ErrorDetail` (a production parser) and the SDK's `errorCode`/`errorReason`. The layout
 * met is returned so it can be recorded in the activity log (through the error's details).
 */

export type B2BErrorLayout = 'top-level' | 'nested' | 'biz-error' | 'error-code';

export interface FoundB2BError {
  message: string;
  detail: string;
  layout: B2BErrorLayout;
  /** The element the error sat in (`SynnexB2B`, `OrderResponse`, `InvoiceResponse`…). */
  element: string;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

const textOf = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (isNode(v)) return String(v['#text'] ?? '').trim();
  if (Array.isArray(v)) return v.map(textOf).filter(Boolean).join('; ');
  return String(v).trim();
};

/** Case-insensitive child lookup: `ErrorDetail` and `errorDetail` are the same field in different layouts. */
function field(node: Node, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(node)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function bizError(node: Node, element: string): FoundB2BError | undefined {
  const biz = field(node, 'BizError');
  if (biz === undefined) return undefined;
  if (!isNode(biz)) return { message: textOf(biz), detail: '', layout: 'biz-error', element };
  const message = textOf(field(biz, 'ErrorMessage') ?? field(biz, 'Code') ?? field(biz, 'Message'));
  const detail = textOf(field(biz, 'ErrorDetail') ?? field(biz, 'Description') ?? field(biz, 'Message'));
  const found = { message: message || textOf(biz), detail: detail === message ? '' : detail };
  return found.message || found.detail ? { ...found, layout: 'biz-error', element } : undefined;
}

function messagePair(node: Node, element: string, layout: 'top-level' | 'nested'): FoundB2BError | undefined {
  const message = textOf(field(node, 'ErrorMessage'));
  const detail = textOf(field(node, 'ErrorDetail'));
  if (message || detail) return { message, detail, layout, element };
  const code = textOf(field(node, 'errorCode'));
  const reason = textOf(field(node, 'errorReason'));
  if (code || reason) return { message: code, detail: reason, layout: 'error-code', element };
  return undefined;
}

/** The error in a parsed document (root element → its children, one level deep), or undefined. */
export function findB2BError(doc: Record<string, unknown>): FoundB2BError | undefined {
  for (const [rootName, root] of Object.entries(doc)) {
    if (rootName.startsWith('?') || !isNode(root)) continue;
    const top = messagePair(root, rootName, 'top-level') ?? bizError(root, rootName);
    if (top) return top;
    for (const [childName, child] of Object.entries(root)) {
      if (!isNode(child)) continue;
      const nested = messagePair(child, childName, 'nested') ?? bizError(child, childName);
      if (nested) return nested;
    }
  }
  return undefined;
}
