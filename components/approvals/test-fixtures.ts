import type { UserQuestion } from "@/lib/shared/protocol/claude-control";
import type { ApprovalEvent } from "@/lib/shared/protocol/ui";

/** A pending Bash request, as the server sends it, with what a test changes. */
export const approvalEvent = (over: Partial<ApprovalEvent> = {}): ApprovalEvent => ({
  id: "a1",
  taskId: "t1",
  contractId: "c1",
  kind: "tool",
  toolName: "Bash",
  input: { command: "npm test", description: "Run the tests" },
  decisionReason: null,
  alwaysRule: "Bash(npm test)",
  status: "pending",
  answeredBy: null,
  answeredAt: null,
  createdAt: "2026-11-25T10:00:00.000Z",
  ...over,
});

/** The fake claude's two questions: one choice, then several. */
export const QUESTIONS: UserQuestion[] = [
  {
    question: "Which database should I use?",
    header: "Database",
    options: [
      { label: "SQLite", description: "One file next to the app" },
      { label: "PostgreSQL", description: "A server of its own" },
    ],
    multiSelect: false,
  },
  {
    question: "Which features?",
    header: "Features",
    options: [
      { label: "Tests", description: "Unit tests" },
      { label: "Docs", description: "A page in the manual" },
      { label: "CI", description: "A workflow" },
    ],
    multiSelect: true,
  },
];
