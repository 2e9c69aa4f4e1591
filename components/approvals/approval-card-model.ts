import type { DiffLineKind } from "@/lib/shared/diff/unified-diff";
import { AskUserQuestionInput, ExitPlanModeInput, type UserQuestion } from "@/lib/shared/protocol/claude-control";
import type { ApprovalEvent } from "@/lib/shared/protocol/ui";
import { formatDateTime } from "@/components/ui/format";

/**
 * What an approval card shows for one of claude's requests, worked out from the request alone (pure: the cards and
 * the notifications panel render it, the unit tests check it).
 */

// ---------------------------------------------------------------------------------------------------------------
// Text clean-up.

/** Terminal escapes: OSC (a title, an OSC-8 link), DCS/PM/APC strings, CSI (colours, moves), and two-byte escapes. */
const ESCAPES =
  /\x1b\][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[P^_X][\s\S]*?(?:\x1b\\|$)|\x1b\[[0-?]*[ -/]*(?:[@-~]|$)|\x1b[ -/]*[0-~]|\x1b$/g;
/** Control characters but tab and newline (a carriage return included: the text is shown, not replayed). */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** The text without ANSI escapes and stray control characters. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, "").replace(CONTROLS, "");
}

// ---------------------------------------------------------------------------------------------------------------
// Diffs.

/** One row of a diff preview: a line removed, added or kept, or a note (an edit's start, lines left out). */
export type DiffRow = { kind: DiffLineKind; text: string };

/** At most this many rows are shown of a file's preview; a note tells how many more there were. */
export const DIFF_ROW_LIMIT = 400;
/** Beyond this many line pairs the middle of a change is shown as removed-then-added, without matching lines. */
const LCS_CELL_LIMIT = 40_000;

/** A text's lines; the newline ending the last one opens no empty line, and an empty text has none. */
export function textLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The middle of a change, matched line by line (longest common subsequence). */
function matchedRows(removed: string[], added: string[]): DiffRow[] {
  const m = removed.length;
  const n = added.length;
  if (m === 0) return added.map((text) => ({ kind: "add", text }));
  if (n === 0) return removed.map((text) => ({ kind: "del", text }));
  if (m * n > LCS_CELL_LIMIT) {
    return [
      ...removed.map((text) => ({ kind: "del" as const, text })),
      ...added.map((text) => ({ kind: "add" as const, text })),
    ];
  }
  // lengths[i][j]: the longest common subsequence of removed[i..] and added[j..].
  const lengths = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      lengths[i][j] =
        removed[i] === added[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (removed[i] === added[j]) {
      rows.push({ kind: "context", text: removed[i] });
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) rows.push({ kind: "del", text: removed[i++] });
    else rows.push({ kind: "add", text: added[j++] });
  }
  while (i < m) rows.push({ kind: "del", text: removed[i++] });
  while (j < n) rows.push({ kind: "add", text: added[j++] });
  return rows;
}

/** `before` → `after` as unified-diff-like rows: the lines both share kept, the others removed (-) or added (+). */
export function lineDiff(before: string, after: string): DiffRow[] {
  const old = textLines(before);
  const next = textLines(after);
  let start = 0;
  while (start < old.length && start < next.length && old[start] === next[start]) start++;
  let end = 0;
  while (
    end < old.length - start &&
    end < next.length - start &&
    old[old.length - 1 - end] === next[next.length - 1 - end]
  )
    end++;
  const context = (lines: string[]): DiffRow[] => lines.map((text) => ({ kind: "context", text }));
  return [
    ...context(old.slice(0, start)),
    ...matchedRows(old.slice(start, old.length - end), next.slice(start, next.length - end)),
    ...context(old.slice(old.length - end)),
  ];
}

/** The first `limit` rows, and a note of how many were left out. */
export function limitRows(rows: DiffRow[], limit = DIFF_ROW_LIMIT): DiffRow[] {
  if (rows.length <= limit) return rows;
  const hidden = rows.length - limit;
  return [...rows.slice(0, limit), { kind: "note", text: `… ${hidden.toLocaleString("en-US")} more lines not shown` }];
}

// ---------------------------------------------------------------------------------------------------------------
// A request's card.

export type ApprovalBody =
  | { type: "command"; command: string; description: string | null }
  | { type: "diff"; filePath: string; rows: DiffRow[]; note: string | null }
  | { type: "url"; url: string; prompt: string | null }
  | { type: "questions"; questions: UserQuestion[] }
  | { type: "plan"; markdown: string }
  | { type: "json"; json: string };

export type ApprovalCardModel = {
  /** "Run a command", "Edit a file", "Answer a question", "Approve a plan", "Use Glob", … */
  title: string;
  /** What it is about in a few words, for a one-line mention: the command, the file, the address, the question. */
  summary: string | null;
  body: ApprovalBody;
  /** Why claude asked (the permission rule's reason), without terminal escapes; null when none was given. */
  reason: string | null;
};

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The first line of a text, cut to `max` characters. */
export function oneLine(text: string, max = 120): string {
  const lines = text.trim().split(/\r?\n/);
  const first = lines[0].trimEnd();
  if (first.length > max) return `${first.slice(0, max - 1)}…`;
  return lines.length > 1 ? `${first} …` : first;
}

/** The input as pretty JSON (what a tool Makima does not know gets). */
function jsonBody(input: Record<string, unknown>): ApprovalBody {
  return { type: "json", json: JSON.stringify(input, null, 2) ?? "{}" };
}

function editRows(input: Record<string, unknown>): DiffRow[] | null {
  if (Array.isArray(input.edits)) {
    const edits = input.edits.filter(
      (edit): edit is { old_string: string; new_string: string } =>
        typeof edit === "object" &&
        edit !== null &&
        typeof edit.old_string === "string" &&
        typeof edit.new_string === "string",
    );
    if (edits.length === 0) return null;
    return edits.flatMap((edit, index) => [
      ...(edits.length > 1 ? [{ kind: "note" as const, text: `Edit ${index + 1} of ${edits.length}` }] : []),
      ...lineDiff(edit.old_string, edit.new_string),
    ]);
  }
  const oldString = str(input.old_string);
  const newString = str(input.new_string);
  return oldString === null || newString === null ? null : lineDiff(oldString, newString);
}

function toolModel(toolName: string, input: Record<string, unknown>): Omit<ApprovalCardModel, "reason"> {
  const use = { title: `Use ${toolName}`, summary: toolName, body: jsonBody(input) };
  switch (toolName) {
    case "Bash": {
      const command = str(input.command);
      if (command === null) return use;
      const description = str(input.description)?.trim() || null;
      return { title: "Run a command", summary: oneLine(command), body: { type: "command", command, description } };
    }
    case "Edit":
    case "MultiEdit": {
      const filePath = str(input.file_path);
      const rows = editRows(input);
      if (filePath === null || rows === null) return use;
      const note = input.replace_all === true ? "Every occurrence is replaced." : null;
      return { title: "Edit a file", summary: filePath, body: { type: "diff", filePath, rows: limitRows(rows), note } };
    }
    case "Write": {
      const filePath = str(input.file_path);
      const content = str(input.content);
      if (filePath === null || content === null) return use;
      const rows = lineDiff("", content);
      return {
        title: "Write a file",
        summary: filePath,
        body: { type: "diff", filePath, rows: limitRows(rows), note: rows.length === 0 ? "An empty file." : null },
      };
    }
    case "WebFetch": {
      const url = str(input.url);
      if (url === null) return use;
      return {
        title: "Fetch a web page",
        summary: url,
        body: { type: "url", url, prompt: str(input.prompt)?.trim() || null },
      };
    }
    default:
      return use;
  }
}

/** What the card of `approval` shows. */
export function approvalCardModel(
  approval: Pick<ApprovalEvent, "kind" | "toolName" | "input" | "decisionReason">,
): ApprovalCardModel {
  const reason = approval.decisionReason ? stripAnsi(approval.decisionReason).trim() || null : null;
  if (approval.kind === "question") {
    const asked = AskUserQuestionInput.safeParse(approval.input);
    if (asked.success) {
      const { questions } = asked.data;
      return {
        title: questions.length === 1 ? "Answer a question" : `Answer ${questions.length} questions`,
        summary: oneLine(questions[0].question),
        body: { type: "questions", questions },
        reason,
      };
    }
    return { title: "Answer a question", summary: null, body: jsonBody(approval.input), reason };
  }
  if (approval.kind === "plan") {
    const plan = ExitPlanModeInput.safeParse(approval.input);
    const text = plan.success ? (plan.data.plan ?? "") : "";
    const markdown = stripAnsi(text).trim();
    const first = markdown.split("\n").find((line) => line.trim() !== "");
    return {
      title: "Approve a plan",
      // The first line, without its heading or list marks.
      summary: first ? oneLine(first.replace(/^\s*(?:#{1,6}|[-*+]|\d+[.)])\s+/, "")) : null,
      body: markdown ? { type: "plan", markdown } : jsonBody(approval.input),
      reason,
    };
  }
  return { ...toolModel(approval.toolName, approval.input), reason };
}

/** The label of a pending request's card, for screen readers and tests: "Approval needed: Run a command". */
export function cardLabel(model: Pick<ApprovalCardModel, "title">): string {
  return `Approval needed: ${model.title}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Answered requests.

/** When it was answered: `14:02` on the day it is now, else `2026-11-24 14:02` (the dashboard's local time). */
export function answerTime(iso: string, now: number): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const at = formatDateTime(iso);
  const today = formatDateTime(new Date(now)).slice(0, 10);
  return at.slice(0, 10) === today ? at.slice(11, 16) : at.slice(0, 16);
}

export type HistoryLine = {
  /** "Allowed by ada@example.com", "Withdrawn: claude withdrew it" */
  lead: string;
  /** When, as shown ("14:02"); null when the line tells no time. */
  at: string | null;
  /** The answer's time as given, for a `<time dateTime>`. */
  atIso: string | null;
  /** The whole line: "Allowed by ada@example.com at 14:02". */
  text: string;
};

const VERBS: Record<ApprovalEvent["kind"], { allowed: string; denied: string }> = {
  tool: { allowed: "Allowed", denied: "Denied" },
  question: { allowed: "Answered", denied: "Denied" },
  plan: { allowed: "Approved", denied: "Sent back" },
};

const NO_ANSWER: Record<"cancelled" | "expired", string> = {
  cancelled: "claude withdrew it",
  expired: "no answer came in time",
};

/**
 * What an answered request's card turns into: "Allowed by ada@example.com at 14:02", "Denied by … at …" (a question:
 * "Answered by …"; a plan: "Approved by …", "Sent back by …"), or "Withdrawn: claude withdrew it" when no one
 * answered (cancelled or expired: `answeredBy` says why). Null for a request still pending.
 */
export function historyLine(
  approval: Pick<ApprovalEvent, "kind" | "status" | "answeredBy" | "answeredAt">,
  now: number,
): HistoryLine | null {
  const { status } = approval;
  if (status === "pending") return null;
  if (status === "cancelled" || status === "expired") {
    const lead = `Withdrawn: ${approval.answeredBy?.trim() || NO_ANSWER[status]}`;
    return { lead, at: null, atIso: null, text: lead };
  }
  const verb = VERBS[approval.kind][status];
  const lead = approval.answeredBy ? `${verb} by ${approval.answeredBy}` : verb;
  const at = approval.answeredAt ? answerTime(approval.answeredAt, now) : null;
  return { lead, at, atIso: approval.answeredAt, text: at ? `${lead} at ${at}` : lead };
}

// ---------------------------------------------------------------------------------------------------------------
// A task's list.

const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

const byCreation = (list: ApprovalEvent[]) => [...list].sort((a, b) => time(a.createdAt) - time(b.createdAt));

/** Of two versions of one request, the later: an answered one over a pending one, else `preferred`. */
function later(preferred: ApprovalEvent, other: ApprovalEvent): ApprovalEvent {
  return preferred.status === "pending" && other.status !== "pending" ? other : preferred;
}

/** The list with `event` in place of the request of its id (added when new), oldest first; a stale pending is ignored. */
export function upsertApproval(list: ApprovalEvent[], event: ApprovalEvent): ApprovalEvent[] {
  const held = list.find((approval) => approval.id === event.id);
  // Events of one request may cross (its creation's after its answer's): an answer is never undone.
  if (held && held.status !== "pending" && event.status === "pending") return list;
  return byCreation([...list.filter((approval) => approval.id !== event.id), event]);
}

/** The requests held (kept live by events) and a fresh server list, merged: a request answered in either is answered. */
export function mergeApprovals(held: ApprovalEvent[], fresh: ApprovalEvent[]): ApprovalEvent[] {
  const byId = new Map(held.map((approval) => [approval.id, approval]));
  for (const approval of fresh) {
    const mine = byId.get(approval.id);
    byId.set(approval.id, mine ? later(mine, approval) : approval);
  }
  return byCreation([...byId.values()]);
}

/** The one request a notification may answer in place: the task's only pending request, when it is a tool's. */
export function quickAnswerable(approvals: ApprovalEvent[] | undefined): ApprovalEvent | null {
  const pending = (approvals ?? []).filter((approval) => approval.status === "pending");
  return pending.length === 1 && pending[0].kind === "tool" ? pending[0] : null;
}

// ---------------------------------------------------------------------------------------------------------------
// A question's answers, as the question card collects them.

/** What is chosen for one question: its options' labels and the free text of "Other answer". */
export type QuestionDraftEntry = { multiSelect: boolean; chosen: string[]; other: string };
export type QuestionDraft = QuestionDraftEntry[];

export type QuestionDraftAction =
  | { type: "choose"; question: number; label: string }
  | { type: "other"; question: number; text: string };

export function emptyDraft(questions: UserQuestion[]): QuestionDraft {
  return questions.map((question) => ({ multiSelect: question.multiSelect, chosen: [], other: "" }));
}

/**
 * A choice: on a single-choice question an option selects it (and clears the other answer), typing an other answer
 * clears the option; on a multiSelect one each option toggles, beside the other answer.
 */
export function reduceDraft(draft: QuestionDraft, action: QuestionDraftAction): QuestionDraft {
  return draft.map((entry, index) => {
    if (index !== action.question) return entry;
    if (action.type === "other") {
      const clears = !entry.multiSelect && action.text.trim() !== "";
      return { ...entry, other: action.text, chosen: clears ? [] : entry.chosen };
    }
    if (!entry.multiSelect) return { ...entry, chosen: [action.label], other: "" };
    const chosen = entry.chosen.includes(action.label)
      ? entry.chosen.filter((label) => label !== action.label)
      : [...entry.chosen, action.label];
    return { ...entry, chosen };
  });
}

/** One question's answer: its options chosen (in their order), then the other answer, joined with ", ". */
export function questionAnswer(question: UserQuestion, entry: QuestionDraftEntry | undefined): string {
  if (!entry) return "";
  const other = entry.other.trim();
  const chosen = question.options.map((option) => option.label).filter((label) => entry.chosen.includes(label));
  if (!question.multiSelect) return other || chosen[0] || "";
  return [...chosen, ...(other ? [other] : [])].join(", ");
}

/** The answers by question text, as the `answers` field carries them. */
export function questionAnswers(questions: UserQuestion[], draft: QuestionDraft): Record<string, string> {
  return Object.fromEntries(
    questions.map((question, index) => [question.question, questionAnswer(question, draft[index])]),
  );
}

/** Whether every question has an answer (Send answers is enabled). */
export function answersReady(questions: UserQuestion[], draft: QuestionDraft): boolean {
  return questions.every((question, index) => questionAnswer(question, draft[index]) !== "");
}
