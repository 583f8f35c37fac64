/** Wire types of `/api/session` and `/api/pod/record`, shared with the pod (type-only imports). */

export interface SessionResponse {
  token: string;
  expiresAt: string;
  member: { identifier: string; name: string; email?: string };
  tenant: { id: string; name: string };
}

export type RecordSummary =
  | {
      screen: 'opportunity';
      id: number;
      name: string;
      company: string;
      status?: string;
      salesRep?: string;
      expectedCloseDate?: string;
      lineCount: number;
    }
  | {
      screen: 'purchaseorder';
      id: number;
      poNumber: string;
      vendor: string;
      status: string;
      total?: number;
      shipTo?: string;
      lineCount: number;
    }
  | {
      screen: 'ticket';
      id: number;
      summary: string;
      company: string;
      status?: string;
      board?: string;
      productCount: number;
    };
