/** RFC 5988 `Link` headers as ConnectWise sends them: the request URL with page (or pageId) and pageSize replaced. */
export interface LinkTarget {
  rel: 'first' | 'prev' | 'next' | 'last';
  params: Record<string, number>;
}

const PAGING = new Set(['page', 'pagesize', 'pageid']);

export function linkHeader(baseUrl: string, query: URLSearchParams, targets: LinkTarget[]): string | undefined {
  if (targets.length === 0) return undefined;
  const kept: string[] = [];
  for (const [key, value] of query) {
    if (!PAGING.has(key.toLowerCase())) kept.push(`${key}=${encodeURIComponent(value)}`);
  }
  return targets
    .map(({ rel, params }) => {
      const paging = Object.entries(params).map(([k, v]) => `${k}=${v}`);
      return `<${baseUrl}?${[...kept, ...paging].join('&')}>; rel="${rel}"`;
    })
    .join(', ');
}
