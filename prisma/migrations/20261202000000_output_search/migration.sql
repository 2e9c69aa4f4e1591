-- Search of task output (issue 15): an FTS5 index of what a person reads of each output line (message text, tool
-- names and inputs, results, errors; not the JSON around them), filled by the search indexer
-- (lib/server/output-searches/sqlite-output-search.ts) after the lines are stored, never on the write path.
--
-- Neither table is in schema.prisma: Prisma's schema cannot describe a virtual table (FTS5 and its shadow tables),
-- and the progress table is the indexer's own, read and written by raw SQL only. `prisma migrate diff` therefore
-- reports both as drift; they are made here and nowhere else.

-- One row per indexed line, its rowid the TaskOutput row's id (so a line is indexed at most once). `taskId` is
-- searched as a phrase to keep a search within its task; the four text columns hold the line's readable text by
-- category (lib/shared/stream/entry-categories.ts), `other` for what is of none. Words are matched case- and
-- accent-insensitively.
CREATE VIRTUAL TABLE "TaskOutputSearch" USING fts5(
    "taskId",
    "messages",
    "tools",
    "errors",
    "other",
    tokenize = 'unicode61 remove_diacritics 2'
);

-- How far each task's lines are indexed: every stored line up to `indexedSeq` is in TaskOutputSearch (or has no
-- readable text). Lines are stored in seq order above the highest stored seq, so none comes below it later.
CREATE TABLE "TaskOutputSearchProgress" (
    "taskId" TEXT NOT NULL PRIMARY KEY,
    "indexedSeq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "TaskOutputSearchProgress_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A deleted task's lines go (by cascade); their index rows go with them here.
CREATE TRIGGER "Task_output_search_delete" AFTER DELETE ON "Task"
BEGIN
    DELETE FROM "TaskOutputSearch" WHERE "TaskOutputSearch" MATCH '"taskId" : "' || replace(OLD."id", '"', '""') || '"';
END;
