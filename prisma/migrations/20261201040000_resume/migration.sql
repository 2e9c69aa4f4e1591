-- Agents that survive (issue 14): a task can go on where it stopped (Resume, automatic recovery after its daemon
-- went away, a usage limit's reset), on the same branch and in the same output stream.
ALTER TABLE "Task" ADD COLUMN "maxIterations" INTEGER;
ALTER TABLE "Task" ADD COLUMN "resumePrompt" TEXT;
ALTER TABLE "Task" ADD COLUMN "resumeNote" TEXT;
ALTER TABLE "Task" ADD COLUMN "resumeSession" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Task" ADD COLUMN "resumeAt" DATETIME;
ALTER TABLE "Task" ADD COLUMN "autoResumes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Task" ADD COLUMN "runNumber" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "Task_resumeAt_idx" ON "Task"("resumeAt");

ALTER TABLE "Contract" ADD COLUMN "autoResume" BOOLEAN NOT NULL DEFAULT true;

ALTER TABLE "Daemon" ADD COLUMN "restarts" INTEGER NOT NULL DEFAULT 0;

-- The vocabulary's triggers for the two enums that gained a value (waiting_for_usage_limit, usage_limit).
DROP TRIGGER "Task_status_insert_check";
DROP TRIGGER "Task_status_update_check";
DROP TRIGGER "Notification_kind_insert_check";
DROP TRIGGER "Notification_kind_update_check";

CREATE TRIGGER "Task_status_insert_check" BEFORE INSERT ON "Task"
WHEN NEW."status" NOT IN ('pending', 'starting', 'running', 'waiting_for_approval', 'paused', 'waiting_for_usage_limit', 'completed', 'failed', 'interrupted', 'iteration_limit_reached')
BEGIN
    SELECT RAISE(ABORT, 'Task.status must be one of: pending, starting, running, waiting_for_approval, paused, waiting_for_usage_limit, completed, failed, interrupted, iteration_limit_reached');
END;

CREATE TRIGGER "Task_status_update_check" BEFORE UPDATE OF "status" ON "Task"
WHEN NEW."status" NOT IN ('pending', 'starting', 'running', 'waiting_for_approval', 'paused', 'waiting_for_usage_limit', 'completed', 'failed', 'interrupted', 'iteration_limit_reached')
BEGIN
    SELECT RAISE(ABORT, 'Task.status must be one of: pending, starting, running, waiting_for_approval, paused, waiting_for_usage_limit, completed, failed, interrupted, iteration_limit_reached');
END;

CREATE TRIGGER "Notification_kind_insert_check" BEFORE INSERT ON "Notification"
WHEN NEW."kind" NOT IN ('task_completed', 'task_failed', 'loop_breaker_tripped', 'iteration_limit_reached', 'login_required', 'approval_needed', 'question_asked', 'usage_limit', 'daemon_disconnected', 'daemon_reconnected')
BEGIN
    SELECT RAISE(ABORT, 'Notification.kind must be one of: task_completed, task_failed, loop_breaker_tripped, iteration_limit_reached, login_required, approval_needed, question_asked, usage_limit, daemon_disconnected, daemon_reconnected');
END;

CREATE TRIGGER "Notification_kind_update_check" BEFORE UPDATE OF "kind" ON "Notification"
WHEN NEW."kind" NOT IN ('task_completed', 'task_failed', 'loop_breaker_tripped', 'iteration_limit_reached', 'login_required', 'approval_needed', 'question_asked', 'usage_limit', 'daemon_disconnected', 'daemon_reconnected')
BEGIN
    SELECT RAISE(ABORT, 'Notification.kind must be one of: task_completed, task_failed, loop_breaker_tripped, iteration_limit_reached, login_required, approval_needed, question_asked, usage_limit, daemon_disconnected, daemon_reconnected');
END;
