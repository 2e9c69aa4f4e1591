-- The vocabulary: SQLite stores Prisma's enums as unchecked text, and the output store writes with raw SQL, so
-- these triggers refuse any value outside each column's enum (prisma/schema.prisma), on insert and on update.
-- (SQLite cannot add a CHECK constraint to an existing column without rebuilding its table; triggers do the same
-- job without copying the tables.)

CREATE TRIGGER "Contract_status_insert_check" BEFORE INSERT ON "Contract"
WHEN NEW."status" NOT IN ('active', 'completed', 'archived')
BEGIN
    SELECT RAISE(ABORT, 'Contract.status must be one of: active, completed, archived');
END;

CREATE TRIGGER "Contract_status_update_check" BEFORE UPDATE OF "status" ON "Contract"
WHEN NEW."status" NOT IN ('active', 'completed', 'archived')
BEGIN
    SELECT RAISE(ABORT, 'Contract.status must be one of: active, completed, archived');
END;

CREATE TRIGGER "Contract_completionAction_insert_check" BEFORE INSERT ON "Contract"
WHEN NEW."completionAction" NOT IN ('none', 'merge', 'keep_branch')
BEGIN
    SELECT RAISE(ABORT, 'Contract.completionAction must be one of: none, merge, keep_branch');
END;

CREATE TRIGGER "Contract_completionAction_update_check" BEFORE UPDATE OF "completionAction" ON "Contract"
WHEN NEW."completionAction" NOT IN ('none', 'merge', 'keep_branch')
BEGIN
    SELECT RAISE(ABORT, 'Contract.completionAction must be one of: none, merge, keep_branch');
END;

CREATE TRIGGER "Task_status_insert_check" BEFORE INSERT ON "Task"
WHEN NEW."status" NOT IN ('pending', 'starting', 'running', 'paused', 'completed', 'failed', 'interrupted', 'iteration_limit_reached')
BEGIN
    SELECT RAISE(ABORT, 'Task.status must be one of: pending, starting, running, paused, completed, failed, interrupted, iteration_limit_reached');
END;

CREATE TRIGGER "Task_status_update_check" BEFORE UPDATE OF "status" ON "Task"
WHEN NEW."status" NOT IN ('pending', 'starting', 'running', 'paused', 'completed', 'failed', 'interrupted', 'iteration_limit_reached')
BEGIN
    SELECT RAISE(ABORT, 'Task.status must be one of: pending, starting, running, paused, completed, failed, interrupted, iteration_limit_reached');
END;

CREATE TRIGGER "Task_completionOutcome_insert_check" BEFORE INSERT ON "Task"
WHEN NEW."completionOutcome" IS NOT NULL AND NEW."completionOutcome" NOT IN ('merged', 'kept', 'nothing', 'conflict', 'failed')
BEGIN
    SELECT RAISE(ABORT, 'Task.completionOutcome must be one of: merged, kept, nothing, conflict, failed');
END;

CREATE TRIGGER "Task_completionOutcome_update_check" BEFORE UPDATE OF "completionOutcome" ON "Task"
WHEN NEW."completionOutcome" IS NOT NULL AND NEW."completionOutcome" NOT IN ('merged', 'kept', 'nothing', 'conflict', 'failed')
BEGIN
    SELECT RAISE(ABORT, 'Task.completionOutcome must be one of: merged, kept, nothing, conflict, failed');
END;

CREATE TRIGGER "TaskOutput_stream_insert_check" BEFORE INSERT ON "TaskOutput"
WHEN NEW."stream" NOT IN ('stdout', 'stderr', 'system')
BEGIN
    SELECT RAISE(ABORT, 'TaskOutput.stream must be one of: stdout, stderr, system');
END;

CREATE TRIGGER "TaskOutput_stream_update_check" BEFORE UPDATE OF "stream" ON "TaskOutput"
WHEN NEW."stream" NOT IN ('stdout', 'stderr', 'system')
BEGIN
    SELECT RAISE(ABORT, 'TaskOutput.stream must be one of: stdout, stderr, system');
END;

CREATE TRIGGER "Daemon_status_insert_check" BEFORE INSERT ON "Daemon"
WHEN NEW."status" NOT IN ('connected', 'disconnected')
BEGIN
    SELECT RAISE(ABORT, 'Daemon.status must be one of: connected, disconnected');
END;

CREATE TRIGGER "Daemon_status_update_check" BEFORE UPDATE OF "status" ON "Daemon"
WHEN NEW."status" NOT IN ('connected', 'disconnected')
BEGIN
    SELECT RAISE(ABORT, 'Daemon.status must be one of: connected, disconnected');
END;

CREATE TRIGGER "DaemonLogin_status_insert_check" BEFORE INSERT ON "DaemonLogin"
WHEN NEW."status" NOT IN ('waiting', 'submitting', 'succeeded', 'failed', 'manual')
BEGIN
    SELECT RAISE(ABORT, 'DaemonLogin.status must be one of: waiting, submitting, succeeded, failed, manual');
END;

CREATE TRIGGER "DaemonLogin_status_update_check" BEFORE UPDATE OF "status" ON "DaemonLogin"
WHEN NEW."status" NOT IN ('waiting', 'submitting', 'succeeded', 'failed', 'manual')
BEGIN
    SELECT RAISE(ABORT, 'DaemonLogin.status must be one of: waiting, submitting, succeeded, failed, manual');
END;

CREATE TRIGGER "WorktreeCleanup_status_insert_check" BEFORE INSERT ON "WorktreeCleanup"
WHEN NEW."status" NOT IN ('pending', 'sent', 'cleaned', 'already_gone', 'failed')
BEGIN
    SELECT RAISE(ABORT, 'WorktreeCleanup.status must be one of: pending, sent, cleaned, already_gone, failed');
END;

CREATE TRIGGER "WorktreeCleanup_status_update_check" BEFORE UPDATE OF "status" ON "WorktreeCleanup"
WHEN NEW."status" NOT IN ('pending', 'sent', 'cleaned', 'already_gone', 'failed')
BEGIN
    SELECT RAISE(ABORT, 'WorktreeCleanup.status must be one of: pending, sent, cleaned, already_gone, failed');
END;

CREATE TRIGGER "Notification_kind_insert_check" BEFORE INSERT ON "Notification"
WHEN NEW."kind" NOT IN ('task_completed', 'task_failed', 'loop_breaker_tripped', 'iteration_limit_reached', 'login_required', 'daemon_disconnected', 'daemon_reconnected')
BEGIN
    SELECT RAISE(ABORT, 'Notification.kind must be one of: task_completed, task_failed, loop_breaker_tripped, iteration_limit_reached, login_required, daemon_disconnected, daemon_reconnected');
END;

CREATE TRIGGER "Notification_kind_update_check" BEFORE UPDATE OF "kind" ON "Notification"
WHEN NEW."kind" NOT IN ('task_completed', 'task_failed', 'loop_breaker_tripped', 'iteration_limit_reached', 'login_required', 'daemon_disconnected', 'daemon_reconnected')
BEGIN
    SELECT RAISE(ABORT, 'Notification.kind must be one of: task_completed, task_failed, loop_breaker_tripped, iteration_limit_reached, login_required, daemon_disconnected, daemon_reconnected');
END;

CREATE TRIGGER "ApiKey_scope_insert_check" BEFORE INSERT ON "ApiKey"
WHEN NEW."scope" NOT IN ('daemon', 'cli', 'task')
BEGIN
    SELECT RAISE(ABORT, 'ApiKey.scope must be one of: daemon, cli, task');
END;

CREATE TRIGGER "ApiKey_scope_update_check" BEFORE UPDATE OF "scope" ON "ApiKey"
WHEN NEW."scope" NOT IN ('daemon', 'cli', 'task')
BEGIN
    SELECT RAISE(ABORT, 'ApiKey.scope must be one of: daemon, cli, task');
END;

CREATE TRIGGER "User_role_insert_check" BEFORE INSERT ON "User"
WHEN NEW."role" NOT IN ('viewer', 'member', 'admin', 'owner')
BEGIN
    SELECT RAISE(ABORT, 'User.role must be one of: viewer, member, admin, owner');
END;

CREATE TRIGGER "User_role_update_check" BEFORE UPDATE OF "role" ON "User"
WHEN NEW."role" NOT IN ('viewer', 'member', 'admin', 'owner')
BEGIN
    SELECT RAISE(ABORT, 'User.role must be one of: viewer, member, admin, owner');
END;
