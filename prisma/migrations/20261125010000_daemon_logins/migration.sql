-- CreateTable
CREATE TABLE "DaemonLogin" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "daemonId" TEXT NOT NULL,
    "taskId" TEXT,
    "loginUrl" TEXT,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "message" TEXT,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DaemonLogin_daemonId_fkey" FOREIGN KEY ("daemonId") REFERENCES "Daemon" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DaemonLogin_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DaemonLogin_status_idx" ON "DaemonLogin"("status");
