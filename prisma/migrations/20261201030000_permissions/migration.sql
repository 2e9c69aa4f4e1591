-- Permissions (issue 13): what claude may do without asking, per contract and per task, and the requests it makes.
-- Contracts and tasks made before this ran claude with --dangerously-skip-permissions: they keep doing so, so a
-- running loop does not stall on a question nobody expects. New ones ask before commands.
ALTER TABLE "Contract" ADD COLUMN "permissionMode" TEXT NOT NULL DEFAULT 'acceptEdits';
ALTER TABLE "Contract" ADD COLUMN "allowRules" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Contract" ADD COLUMN "denyUnansweredAfterMinutes" INTEGER;
UPDATE "Contract" SET "permissionMode" = 'bypassPermissions';

ALTER TABLE "Daemon" ADD COLUMN "runsAsRoot" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Daemon" ADD COLUMN "sandboxed" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "Task" ADD COLUMN "permissionMode" TEXT NOT NULL DEFAULT 'acceptEdits';
UPDATE "Task" SET "permissionMode" = 'bypassPermissions';

CREATE TABLE "ApprovalRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "toolName" TEXT NOT NULL,
    "toolUseId" TEXT,
    "input" TEXT NOT NULL,
    "suggestions" TEXT NOT NULL DEFAULT '[]',
    "decisionReason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredBy" TEXT,
    "answeredAt" DATETIME,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApprovalRequest_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "ApprovalRequest_taskId_requestId_key" ON "ApprovalRequest"("taskId", "requestId");
CREATE INDEX "ApprovalRequest_status_idx" ON "ApprovalRequest"("status");

-- The vocabulary's triggers: the new enum columns, and the two enums that gained values.
DROP TRIGGER "Task_status_insert_check";
DROP TRIGGER "Task_status_update_check";
DROP TRIGGER "Notification_kind_insert_check";
DROP TRIGGER "Notification_kind_update_check";

CREATE TRIGGER "Contract_permissionMode_insert_check" BEFORE INSERT ON "Contract"
WHEN NEW."permissionMode" NOT IN ('default', 'acceptEdits', 'plan', 'bypassPermissions')
BEGIN
    SELECT RAISE(ABORT, 'Contract.permissionMode must be one of: default, acceptEdits, plan, bypassPermissions');
END;

CREATE TRIGGER "Contract_permissionMode_update_check" BEFORE UPDATE OF "permissionMode" ON "Contract"
WHEN NEW."permissionMode" NOT IN ('default', 'acceptEdits', 'plan', 'bypassPermissions')
BEGIN
    SELECT RAISE(ABORT, 'Contract.permissionMode must be one of: default, acceptEdits, plan, bypassPermissions');
END;

CREATE TRIGGER "Task_status_insert_check" BEFORE INSERT ON "Task"
WHEN NEW."status" NOT IN ('pending', 'starting', 'running', 'waiting_for_approval', 'paused', 'completed', 'failed', 'interrupted', 'iteration_limit_reached')
BEGIN
    SELECT RAISE(ABORT, 'Task.status must be one of: pending, starting, running, waiting_for_approval, paused, completed, failed, interrupted, iteration_limit_reached');
END;

CREATE TRIGGER "Task_status_update_check" BEFORE UPDATE OF "status" ON "Task"
WHEN NEW."status" NOT IN ('pending', 'starting', 'running', 'waiting_for_approval', 'paused', 'completed', 'failed', 'interrupted', 'iteration_limit_reached')
BEGIN
    SELECT RAISE(ABORT, 'Task.status must be one of: pending, starting, running, waiting_for_approval, paused, completed, failed, interrupted, iteration_limit_reached');
END;

CREATE TRIGGER "Task_permissionMode_insert_check" BEFORE INSERT ON "Task"
WHEN NEW."permissionMode" NOT IN ('default', 'acceptEdits', 'plan', 'bypassPermissions')
BEGIN
    SELECT RAISE(ABORT, 'Task.permissionMode must be one of: default, acceptEdits, plan, bypassPermissions');
END;

CREATE TRIGGER "Task_permissionMode_update_check" BEFORE UPDATE OF "permissionMode" ON "Task"
WHEN NEW."permissionMode" NOT IN ('default', 'acceptEdits', 'plan', 'bypassPermissions')
BEGIN
    SELECT RAISE(ABORT, 'Task.permissionMode must be one of: default, acceptEdits, plan, bypassPermissions');
END;

CREATE TRIGGER "ApprovalRequest_kind_insert_check" BEFORE INSERT ON "ApprovalRequest"
WHEN NEW."kind" NOT IN ('tool', 'question', 'plan')
BEGIN
    SELECT RAISE(ABORT, 'ApprovalRequest.kind must be one of: tool, question, plan');
END;

CREATE TRIGGER "ApprovalRequest_kind_update_check" BEFORE UPDATE OF "kind" ON "ApprovalRequest"
WHEN NEW."kind" NOT IN ('tool', 'question', 'plan')
BEGIN
    SELECT RAISE(ABORT, 'ApprovalRequest.kind must be one of: tool, question, plan');
END;

CREATE TRIGGER "ApprovalRequest_status_insert_check" BEFORE INSERT ON "ApprovalRequest"
WHEN NEW."status" NOT IN ('pending', 'allowed', 'denied', 'cancelled', 'expired')
BEGIN
    SELECT RAISE(ABORT, 'ApprovalRequest.status must be one of: pending, allowed, denied, cancelled, expired');
END;

CREATE TRIGGER "ApprovalRequest_status_update_check" BEFORE UPDATE OF "status" ON "ApprovalRequest"
WHEN NEW."status" NOT IN ('pending', 'allowed', 'denied', 'cancelled', 'expired')
BEGIN
    SELECT RAISE(ABORT, 'ApprovalRequest.status must be one of: pending, allowed, denied, cancelled, expired');
END;

CREATE TRIGGER "Notification_kind_insert_check" BEFORE INSERT ON "Notification"
WHEN NEW."kind" NOT IN ('task_completed', 'task_failed', 'loop_breaker_tripped', 'iteration_limit_reached', 'login_required', 'approval_needed', 'question_asked', 'daemon_disconnected', 'daemon_reconnected')
BEGIN
    SELECT RAISE(ABORT, 'Notification.kind must be one of: task_completed, task_failed, loop_breaker_tripped, iteration_limit_reached, login_required, approval_needed, question_asked, daemon_disconnected, daemon_reconnected');
END;

CREATE TRIGGER "Notification_kind_update_check" BEFORE UPDATE OF "kind" ON "Notification"
WHEN NEW."kind" NOT IN ('task_completed', 'task_failed', 'loop_breaker_tripped', 'iteration_limit_reached', 'login_required', 'approval_needed', 'question_asked', 'daemon_disconnected', 'daemon_reconnected')
BEGIN
    SELECT RAISE(ABORT, 'Notification.kind must be one of: task_completed, task_failed, loop_breaker_tripped, iteration_limit_reached, login_required, approval_needed, question_asked, daemon_disconnected, daemon_reconnected');
END;
