/**
 * Long task outputs without running claude: a realistic stream-json transcript (as claude, and the fake claude,
 * print it) written straight into a server's SQLite file, for the task view's benchmark (bench/view.ts) and its
 * end-to-end test (e2e/tail-first.spec.ts). Plain better-sqlite3, no server code: the e2e runner may not load it.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { jsonTypeOf } from "../../lib/shared/stream/json-type";

export interface SeedLine {
  stream: "stdout" | "stderr" | "system";
  line: string;
  jsonType: string | null;
}

const MODEL = "claude-sonnet-4-5-20250929";
const SESSION = "5eed0000-0000-4000-8000-000000000000";
const WORDS = (
  "the task view reads its output by seq and shows the newest lines first while older pages load as the " +
  "reader scrolls back through what claude did: files read, commands run, edits made and checked again"
).split(" ");

/** A deterministic number in [0, 1) for a seq, so a transcript is the same on every run. */
function noise(seq: number, salt = 0): number {
  let x = (seq * 2654435761 + salt * 40503) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 2246822519) >>> 0;
  x ^= x >>> 13;
  return (x >>> 0) / 2 ** 32;
}

function words(seq: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[Math.floor(noise(seq, i) * WORDS.length)]);
  return out.join(" ");
}

const toolUseId = (seq: number) => `toolu_seed_${seq.toString(36).padStart(8, "0")}`;

function assistant(seq: number, block: Record<string, unknown>): SeedLine {
  return {
    stream: "stdout",
    jsonType: "assistant",
    line: JSON.stringify({
      type: "assistant",
      message: {
        id: `msg_seed_${seq}`,
        type: "message",
        role: "assistant",
        model: MODEL,
        content: [block],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
      parent_tool_use_id: null,
      session_id: SESSION,
      uuid: `00000000-0000-4000-8000-${seq.toString(16).padStart(12, "0")}`,
    }),
  };
}

/**
 * Line `seq` (from 1) of a transcript of `total` lines: claude's init, then turns of a text, a tool call (Bash, Read
 * or Grep) and its result (a few to a few dozen lines) and another text, and the result at `total`. Texts say
 * `Step <seq>:` first, so a test can find a line by its seq.
 */
export function transcriptLine(seq: number, total: number): SeedLine {
  if (seq === 1) {
    return {
      stream: "stdout",
      jsonType: "system",
      line: JSON.stringify({
        type: "system",
        subtype: "init",
        cwd: "/tmp/makima-seed/worktree",
        session_id: SESSION,
        tools: ["Task", "Bash", "Glob", "Grep", "Read", "Edit", "Write"],
        mcp_servers: [],
        model: MODEL,
        permissionMode: "acceptEdits",
        apiKeySource: "none",
      }),
    };
  }
  if (seq === total) {
    return {
      stream: "stdout",
      jsonType: "result",
      line: JSON.stringify({
        type: "result",
        subtype: "success",
        is_error: false,
        duration_ms: 3_600_000,
        duration_api_ms: 3_000_000,
        num_turns: Math.ceil(total / 4),
        result: `Seeded ${total} lines.`,
        session_id: SESSION,
        total_cost_usd: 12.34,
      }),
    };
  }
  switch (seq % 4) {
    case 2:
      return assistant(seq, { type: "text", text: `Step ${seq}: ${words(seq, 12 + Math.floor(noise(seq) * 50))}.` });
    case 3: {
      const kind = Math.floor(noise(seq, 1) * 3);
      const input =
        kind === 0
          ? { command: `npm test -- --grep "${words(seq, 3)}"`, description: `Run the tests of step ${seq}` }
          : kind === 1
            ? { file_path: `/tmp/makima-seed/worktree/src/module-${seq % 97}.ts` }
            : { pattern: words(seq, 2), path: "/tmp/makima-seed/worktree/src" };
      return assistant(seq, { type: "tool_use", id: toolUseId(seq), name: ["Bash", "Read", "Grep"][kind], input });
    }
    case 0: {
      const lines = 2 + Math.floor(noise(seq, 2) ** 3 * 40);
      const content = Array.from({ length: lines }, (_, i) => `${String(i + 1).padStart(4)}  ${words(seq + i, 8)}`);
      return {
        stream: "stdout",
        jsonType: "user",
        line: JSON.stringify({
          type: "user",
          message: {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: toolUseId(seq - 1), content: content.join("\n"), is_error: false },
            ],
          },
          parent_tool_use_id: null,
          session_id: SESSION,
          uuid: `00000000-0000-4000-9000-${seq.toString(16).padStart(12, "0")}`,
        }),
      };
    }
    default:
      return assistant(seq, { type: "text", text: `Step ${seq}: done, ${words(seq, 6)}.` });
  }
}

/** A handle on a server's SQLite file (WAL, as the server keeps it), waiting out the server's own writes. */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  return db;
}

export function seedContract(db: Database.Database, fields: { name: string; repository: string }): string {
  const id = randomUUID();
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO Contract (id, name, repository, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`).run(
    id,
    fields.name,
    fields.repository,
    now,
    now,
  );
  return id;
}

export interface SeedTask {
  contractId: string;
  name: string;
  /** `completed` (the default) is left alone by the scheduler; `pending` is run by the next daemon with room. */
  status?: "completed" | "pending";
  plan?: string;
  /** How many lines of `transcriptLine`, seq 1 … lines; or recorded stdout lines (a real transcript), as they are. */
  lines: number | readonly string[];
  /** When the task was made (default now): the scheduler runs the oldest pending task first. */
  createdAt?: Date;
}

/** A recorded stdout line as the relay stores it: its `type` as the jsonType (null for a line that is not JSON). */
const recorded = (line: string): SeedLine => ({ stream: "stdout", line, jsonType: jsonTypeOf(line) });

/** A task with `lines` lines of output, in one transaction; returns its id. */
export function seedTask(db: Database.Database, task: SeedTask): string {
  const id = randomUUID();
  const created = (task.createdAt ?? new Date()).toISOString();
  const status = task.status ?? "completed";
  db.prepare(
    `INSERT INTO Task (id, contractId, name, plan, status, createdAt, updatedAt, completedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    task.contractId,
    task.name,
    task.plan ?? "Seeded output",
    status,
    created,
    created,
    status === "completed" ? created : null,
  );
  const insert = db.prepare(
    `INSERT INTO TaskOutput (taskId, seq, stream, line, jsonType, createdAt) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const { lines } = task;
  const lineAt =
    typeof lines === "number" ? (seq: number) => transcriptLine(seq, lines) : (seq: number) => recorded(lines[seq - 1]);
  const total = typeof lines === "number" ? lines : lines.length;
  db.transaction(() => {
    for (let seq = 1; seq <= total; seq++) {
      const line = lineAt(seq);
      insert.run(id, seq, line.stream, line.line, line.jsonType, created);
    }
  })();
  return id;
}
