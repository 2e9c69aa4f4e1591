import { describe, expect, it } from "vitest";
import { formatDateTime } from "@/components/ui/format";
import {
  DIFF_ROW_LIMIT,
  answerTime,
  answersReady,
  approvalCardModel,
  cardLabel,
  emptyDraft,
  historyLine,
  lineDiff,
  mergeApprovals,
  questionAnswers,
  quickAnswerable,
  reduceDraft,
  stripAnsi,
  upsertApproval,
  type QuestionDraftAction,
} from "./approval-card-model";
import { QUESTIONS, approvalEvent } from "./test-fixtures";

const approval = approvalEvent;

describe("stripAnsi", () => {
  it("removes colours, cursor moves, OSC titles and links, and stray control characters", () => {
    expect(stripAnsi("\x1b[1;31mdenied\x1b[0m by rule")).toBe("denied by rule");
    expect(stripAnsi("\x1b]0;title\x07see \x1b]8;;https://x.test\x1b\\here\x1b]8;;\x1b\\")).toBe("see here");
    expect(stripAnsi("a\x1b[2Kb\x1b(Bc\x07\r\n\td")).toBe("abc\n\td");
  });
});

describe("lineDiff", () => {
  it("keeps shared lines as context and shows the rest removed then added", () => {
    expect(lineDiff("one\ntwo\nthree\n", "one\nTWO\nthree\n")).toEqual([
      { kind: "context", text: "one" },
      { kind: "del", text: "two" },
      { kind: "add", text: "TWO" },
      { kind: "context", text: "three" },
    ]);
  });

  it("matches lines inside a change", () => {
    expect(lineDiff("a\nb\nc", "x\nb\ny").map((row) => `${row.kind}:${row.text}`)).toEqual([
      "del:a",
      "add:x",
      "context:b",
      "del:c",
      "add:y",
    ]);
  });

  it("gives a new text as added lines, and nothing for two empty texts", () => {
    expect(lineDiff("", "hello\n")).toEqual([{ kind: "add", text: "hello" }]);
    expect(lineDiff("", "")).toEqual([]);
  });
});

describe("approvalCardModel", () => {
  it("shows a Bash request's command and description", () => {
    const model = approvalCardModel(approval());
    expect(model.title).toBe("Run a command");
    expect(cardLabel(model)).toBe("Approval needed: Run a command");
    expect(model.summary).toBe("npm test");
    expect(model.body).toEqual({ type: "command", command: "npm test", description: "Run the tests" });
    expect(model.reason).toBeNull();
  });

  it("summarises a long or multi-line command on one line", () => {
    expect(approvalCardModel(approval({ input: { command: "set -e\nnpm test" } })).summary).toBe("set -e …");
    expect(approvalCardModel(approval({ input: { command: "x".repeat(300) } })).summary).toHaveLength(120);
  });

  it("shows an Edit's file and its old and new lines", () => {
    const model = approvalCardModel(
      approval({
        toolName: "Edit",
        input: { file_path: "/w/notes.txt", old_string: "old line", new_string: "new line" },
      }),
    );
    expect(model.title).toBe("Edit a file");
    expect(model.summary).toBe("/w/notes.txt");
    expect(model.body).toEqual({
      type: "diff",
      filePath: "/w/notes.txt",
      rows: [
        { kind: "del", text: "old line" },
        { kind: "add", text: "new line" },
      ],
      note: null,
    });
  });

  it("says when an Edit replaces every occurrence", () => {
    const model = approvalCardModel(
      approval({ toolName: "Edit", input: { file_path: "f", old_string: "a", new_string: "b", replace_all: true } }),
    );
    expect(model.body).toMatchObject({ type: "diff", note: "Every occurrence is replaced." });
  });

  it("shows each edit of a MultiEdit after a note", () => {
    const model = approvalCardModel(
      approval({
        toolName: "MultiEdit",
        input: {
          file_path: "src/a.ts",
          edits: [
            { old_string: "a", new_string: "b" },
            { old_string: "c", new_string: "d" },
          ],
        },
      }),
    );
    expect(model.title).toBe("Edit a file");
    expect(model.body).toMatchObject({
      type: "diff",
      filePath: "src/a.ts",
      rows: [
        { kind: "note", text: "Edit 1 of 2" },
        { kind: "del", text: "a" },
        { kind: "add", text: "b" },
        { kind: "note", text: "Edit 2 of 2" },
        { kind: "del", text: "c" },
        { kind: "add", text: "d" },
      ],
    });
  });

  it("shows a Write's content as added lines, cut at the row limit", () => {
    const model = approvalCardModel(
      approval({ toolName: "Write", input: { file_path: "hello.txt", content: "hello\nworld\n" } }),
    );
    expect(model.title).toBe("Write a file");
    expect(model.body).toMatchObject({
      type: "diff",
      rows: [
        { kind: "add", text: "hello" },
        { kind: "add", text: "world" },
      ],
    });
    const long = approvalCardModel(
      approval({
        toolName: "Write",
        input: { file_path: "big.txt", content: Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n") },
      }),
    );
    if (long.body.type !== "diff") throw new Error("not a diff");
    expect(long.body.rows).toHaveLength(DIFF_ROW_LIMIT + 1);
    expect(long.body.rows.at(-1)).toEqual({ kind: "note", text: "… 600 more lines not shown" });
  });

  it("shows a WebFetch's address and prompt", () => {
    const model = approvalCardModel(
      approval({ toolName: "WebFetch", input: { url: "https://example.com/docs", prompt: "Find the API" } }),
    );
    expect(model.title).toBe("Fetch a web page");
    expect(model.summary).toBe("https://example.com/docs");
    expect(model.body).toEqual({ type: "url", url: "https://example.com/docs", prompt: "Find the API" });
  });

  it("shows any other tool's input as pretty JSON", () => {
    const model = approvalCardModel(approval({ toolName: "Glob", input: { pattern: "**/*.ts" } }));
    expect(model.title).toBe("Use Glob");
    expect(model.body).toEqual({ type: "json", json: '{\n  "pattern": "**/*.ts"\n}' });
  });

  it("falls back to JSON for a known tool whose input has an unexpected shape", () => {
    const model = approvalCardModel(approval({ toolName: "Bash", input: { cmd: "ls" } }));
    expect(model.title).toBe("Use Bash");
    expect(model.body.type).toBe("json");
  });

  it("gives a question its questions", () => {
    const model = approvalCardModel(
      approval({ kind: "question", toolName: "AskUserQuestion", input: { questions: QUESTIONS } }),
    );
    expect(model.title).toBe("Answer 2 questions");
    expect(model.summary).toBe("Which database should I use?");
    expect(model.body).toMatchObject({ type: "questions", questions: QUESTIONS });
    const one = approvalCardModel(
      approval({ kind: "question", toolName: "AskUserQuestion", input: { questions: [QUESTIONS[0]] } }),
    );
    expect(one.title).toBe("Answer a question");
  });

  it("gives a plan its markdown", () => {
    const model = approvalCardModel(
      approval({
        kind: "plan",
        toolName: "ExitPlanMode",
        input: { plan: "## Plan\n1. Write hello.txt\n2. Commit it" },
      }),
    );
    expect(model.title).toBe("Approve a plan");
    expect(cardLabel(model)).toBe("Approval needed: Approve a plan");
    expect(model.summary).toBe("Plan");
    expect(model.body).toEqual({ type: "plan", markdown: "## Plan\n1. Write hello.txt\n2. Commit it" });
  });

  it("gives the decision reason without terminal escapes", () => {
    const model = approvalCardModel(approval({ decisionReason: "\x1b[33mBash\x1b[0m needs approval\x1b[K" }));
    expect(model.reason).toBe("Bash needs approval");
    expect(approvalCardModel(approval({ decisionReason: "\x1b[0m " })).reason).toBeNull();
  });
});

describe("historyLine", () => {
  const at = "2026-11-25T14:02:30.000Z";
  const now = Date.parse("2026-11-25T15:00:00.000Z");
  const hhmm = formatDateTime(at).slice(11, 16);

  it("tells who allowed or denied a tool, and when", () => {
    const allowed = historyLine(approval({ status: "allowed", answeredBy: "ada@example.com", answeredAt: at }), now);
    expect(allowed).toEqual({
      lead: "Allowed by ada@example.com",
      at: hhmm,
      atIso: at,
      text: `Allowed by ada@example.com at ${hhmm}`,
    });
    expect(historyLine(approval({ status: "denied", answeredBy: "bob@example.com", answeredAt: at }), now)?.text).toBe(
      `Denied by bob@example.com at ${hhmm}`,
    );
  });

  it("words a question's and a plan's answers as theirs", () => {
    const answered = { status: "allowed" as const, answeredBy: "ada@example.com", answeredAt: at };
    expect(historyLine(approval({ kind: "question", ...answered }), now)?.lead).toBe("Answered by ada@example.com");
    expect(historyLine(approval({ kind: "plan", ...answered }), now)?.lead).toBe("Approved by ada@example.com");
    expect(historyLine(approval({ kind: "plan", ...answered, status: "denied" }), now)?.lead).toBe(
      "Sent back by ada@example.com",
    );
  });

  it("says why a request no one answered ended", () => {
    const withdrawn = approval({ status: "cancelled", answeredBy: "claude withdrew it", answeredAt: at });
    expect(historyLine(withdrawn, now)).toEqual({
      lead: "Withdrawn: claude withdrew it",
      at: null,
      atIso: null,
      text: "Withdrawn: claude withdrew it",
    });
    expect(historyLine(approval({ status: "cancelled", answeredBy: "the task ended" }), now)?.text).toBe(
      "Withdrawn: the task ended",
    );
    expect(historyLine(approval({ status: "expired" }), now)?.text).toBe("Withdrawn: no answer came in time");
  });

  it("gives nothing for a pending request", () => {
    expect(historyLine(approval(), now)).toBeNull();
  });

  it("gives the date too for an answer of another day", () => {
    expect(answerTime(at, Date.parse("2026-12-01T12:00:00.000Z"))).toBe(formatDateTime(at).slice(0, 16));
    expect(answerTime("not a date", now)).toBe("not a date");
  });
});

describe("the task's list", () => {
  const answered = approval({ status: "allowed", answeredBy: "ada@example.com", answeredAt: "2026-11-25T10:01:00Z" });

  it("upserts by id, oldest first, never undoing an answer", () => {
    const second = approval({ id: "a2", createdAt: "2026-11-25T11:00:00.000Z" });
    const list = upsertApproval(upsertApproval([], second), approval());
    expect(list.map((a) => a.id)).toEqual(["a1", "a2"]);
    const afterAnswer = upsertApproval(list, answered);
    expect(afterAnswer[0]).toBe(answered);
    expect(upsertApproval(afterAnswer, approval())).toBe(afterAnswer);
  });

  it("merges a fresh server list into the list held: an answer in either stands", () => {
    const held = [answered];
    const fresh = [approval(), approval({ id: "a2", createdAt: "2026-11-25T11:00:00.000Z" })];
    expect(mergeApprovals(held, fresh)).toEqual([answered, fresh[1]]);
    expect(mergeApprovals([approval()], [answered])).toEqual([answered]);
  });

  it("lets a notification answer only a lone pending tool request", () => {
    expect(quickAnswerable(undefined)).toBeNull();
    expect(quickAnswerable([answered])).toBeNull();
    expect(quickAnswerable([answered, approval({ id: "a2" })])?.id).toBe("a2");
    expect(quickAnswerable([approval(), approval({ id: "a2" })])).toBeNull();
    expect(quickAnswerable([approval({ kind: "question", toolName: "AskUserQuestion" })])).toBeNull();
  });
});

describe("a question's draft", () => {
  const apply = (...actions: QuestionDraftAction[]) => actions.reduce(reduceDraft, emptyDraft(QUESTIONS));

  it("selects one option of a single-choice question, and an other answer replaces it", () => {
    const chosen = apply(
      { type: "choose", question: 0, label: "SQLite" },
      { type: "choose", question: 0, label: "PostgreSQL" },
    );
    expect(questionAnswers(QUESTIONS, chosen)["Which database should I use?"]).toBe("PostgreSQL");
    const other = reduceDraft(chosen, { type: "other", question: 0, text: "DuckDB" });
    expect(other[0]).toEqual({ multiSelect: false, chosen: [], other: "DuckDB" });
    expect(reduceDraft(other, { type: "choose", question: 0, label: "SQLite" })[0].other).toBe("");
  });

  it("toggles a multiSelect question's options and joins them, in their order, with the other answer", () => {
    const draft = apply(
      { type: "choose", question: 1, label: "CI" },
      { type: "choose", question: 1, label: "Docs" },
      { type: "choose", question: 1, label: "Tests" },
      { type: "choose", question: 1, label: "Docs" },
      { type: "other", question: 1, text: " Benchmarks " },
    );
    expect(questionAnswers(QUESTIONS, draft)["Which features?"]).toBe("Tests, CI, Benchmarks");
  });

  it("is ready once every question has an answer", () => {
    expect(answersReady(QUESTIONS, apply())).toBe(false);
    expect(answersReady(QUESTIONS, apply({ type: "choose", question: 0, label: "SQLite" }))).toBe(false);
    expect(
      answersReady(
        QUESTIONS,
        apply({ type: "choose", question: 0, label: "SQLite" }, { type: "other", question: 1, text: "   " }),
      ),
    ).toBe(false);
    expect(
      answersReady(
        QUESTIONS,
        apply({ type: "choose", question: 0, label: "SQLite" }, { type: "choose", question: 1, label: "Docs" }),
      ),
    ).toBe(true);
  });
});
