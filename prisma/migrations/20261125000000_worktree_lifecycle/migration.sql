-- AlterTable
ALTER TABLE "Contract" ADD COLUMN "completionAction" TEXT NOT NULL DEFAULT 'none';

-- AlterTable
ALTER TABLE "Task" ADD COLUMN "worktreeBytes" REAL;
ALTER TABLE "Task" ADD COLUMN "completionOutcome" TEXT;
ALTER TABLE "Task" ADD COLUMN "completionMessage" TEXT;

-- CreateTable
CREATE TABLE "WorktreeCleanup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "daemonId" TEXT NOT NULL,
    "deleteBranch" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "message" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WorktreeCleanup_daemonId_fkey" FOREIGN KEY ("daemonId") REFERENCES "Daemon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrphanWorktree" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "daemonId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "branch" TEXT,
    "sizeBytes" REAL NOT NULL,
    "foundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrphanWorktree_daemonId_fkey" FOREIGN KEY ("daemonId") REFERENCES "Daemon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "WorktreeCleanup_taskId_key" ON "WorktreeCleanup"("taskId");

-- CreateIndex
CREATE INDEX "WorktreeCleanup_daemonId_status_idx" ON "WorktreeCleanup"("daemonId", "status");

-- CreateIndex
CREATE INDEX "WorktreeCleanup_contractId_idx" ON "WorktreeCleanup"("contractId");

-- CreateIndex
CREATE UNIQUE INDEX "OrphanWorktree_daemonId_path_key" ON "OrphanWorktree"("daemonId", "path");
