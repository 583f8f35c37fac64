/** What the buyer must fix on the PO before it can go to TD SYNNEX, as a short list that fits the pod. */
import type { OrderIssue } from '../../../db/schema/orders.ts';

export function Issues({ issues, title }: { issues: OrderIssue[]; title: string }) {
  if (issues.length === 0) return null;
  return (
    <div class="order-issues" role="alert" data-testid="order-issues">
      <strong>{title}</strong>
      <ul>
        {issues.map((issue) => (
          <li key={`${issue.code}:${issue.lineId ?? issue.field ?? ''}`} data-code={issue.code}>
            {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
