// One line of the audit trail (GET /api/v1/audit): who did what, when.
export interface AuditRecord {
  /** The audit stream's entry id. */
  id: string;
  who: string;
  /** e.g. `auth.login`, `alert.acknowledge`, `bulletin.post` */
  what: string;
  at: number;
  detail: Record<string, unknown>;
}
