import "server-only";
import { getDb } from "./db/client";
import { actorLabel, type Actor } from "./auth/actor";

/** What the audit log records: every change a person (or a key acting for one) makes. */
export type AuditAction =
  | "contract.create"
  | "contract.update"
  | "contract.status"
  | "contract.loop"
  | "contract.delete"
  | "contract.cleanup"
  | "contract.allow_rule_add"
  | "contract.allow_rule_remove"
  | "task.create"
  | "task.restart"
  | "task.stop"
  | "task.continue"
  | "task.message"
  | "task.merge"
  | "approval.answer"
  | "report.create"
  | "daemon.orphan_remove"
  | "daemon.login_code"
  | "daemon.login_close"
  | "api_key.create"
  | "api_key.revoke"
  | "user.create"
  | "user.role"
  | "user.disable"
  | "user.enable"
  | "user.password_link"
  | "session.revoke";

export interface AuditEntry {
  action: AuditAction;
  targetType?: "contract" | "task" | "daemon" | "login" | "api_key" | "user" | "session" | "orphan";
  targetId?: string;
  /** One line a person can read: "Stopped task “fix the build”". */
  summary: string;
}

/** Records that `actor` did something; a failure to record is logged, never lost silently, and never fails the action. */
export function recordAudit(actor: Actor, entry: AuditEntry): Promise<void> {
  return record({ actorId: actor.userId, actorLabel: actorLabel(actor), ipAddress: actor.ipAddress, ...entry });
}

/** Records what a `makima` command did straight on the server's database (`how`, e.g. "makima key create"): no person
 * signed in is behind it, so it has no actor, only that label. */
export function recordCommandAudit(how: string, entry: AuditEntry): Promise<void> {
  return record({ actorId: null, actorLabel: how, ipAddress: null, ...entry });
}

async function record(
  data: AuditEntry & { actorId: string | null; actorLabel: string; ipAddress: string | null },
): Promise<void> {
  try {
    await getDb().auditEvent.create({ data });
  } catch (error) {
    console.error(`[audit] could not record ${data.action}:`, error);
  }
}

export async function listAuditEvents(options: { take?: number; before?: Date } = {}) {
  return getDb().auditEvent.findMany({
    where: options.before ? { createdAt: { lt: options.before } } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.take ?? 200, 1000),
  });
}
