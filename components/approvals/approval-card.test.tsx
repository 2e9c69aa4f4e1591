import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Fragment, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { ApprovalEvent } from "@/lib/shared/protocol/ui";
import { QUESTIONS, approvalEvent } from "./test-fixtures";

vi.mock("@/lib/server/actions/approvals/answer-approval", () => ({ answerApprovalAction: vi.fn() }));

const { ApprovalCard, QuestionForm, VIEWER_NOTE } = await import("./approval-card");
const { emptyDraft, reduceDraft } = await import("./approval-card-model");
const { NotificationApproval } = await import("./notification-approval");
const { RoleProvider } = await import("@/components/auth/role-context");
const { queryKeys } = await import("@/components/query/keys");

const approval = (over: Partial<ApprovalEvent> = {}) =>
  approvalEvent({
    input: { command: "npm test" },
    decisionReason: "\x1b[1mBash\x1b[0m is not in the allowed tools",
    ...over,
  });

const question = approval({ kind: "question", toolName: "AskUserQuestion", input: { questions: QUESTIONS } });

// ---------------------------------------------------------------------------------------------------------------
// No DOM here: QuestionForm uses no hooks, so a test calls it, walks the elements it returns (calling the function
// components inside), presses a button by calling its onClick, and calls it again with the draft that gave.

type Props = Record<string, unknown> & { children?: ReactNode };

/** The host elements of a tree, function components expanded. */
function hostElements(node: ReactNode): ReactElement<Props>[] {
  if (Array.isArray(node)) return node.flatMap(hostElements);
  if (!isValidElement<Props>(node)) return [];
  if (node.type === Fragment) return hostElements(node.props.children);
  if (typeof node.type === "function") return hostElements((node.type as (props: Props) => ReactNode)(node.props));
  return [node, ...hostElements(node.props.children)];
}

/** The text of a tree. */
function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (!isValidElement<Props>(node)) return "";
  return textOf(node.props.children);
}

function questionCard() {
  let draft = emptyDraft(QUESTIONS);
  const render = () =>
    hostElements(
      QuestionForm({
        approval: question,
        questions: QUESTIONS,
        draft,
        onChange: (action) => (draft = reduceDraft(draft, action)),
        formAction: () => {},
        pending: false,
        sent: false,
      }),
    );
  const button = (name: string) => {
    const found = render().filter((element) => element.type === "button" && textOf(element.props.children) === name);
    if (found.length !== 1) throw new Error(`${found.length} buttons named ${name}`);
    return found[0];
  };
  return {
    press: (name: string) => (button(name).props.onClick as () => void)(),
    pressed: (name: string) => button(name).props["aria-pressed"],
    sendDisabled: () => button("Send answers").props.disabled,
    typeOther: (index: number, text: string) => {
      const input = render().find((element) => element.props.id === `approval-a1-question-${index}-other`);
      (input!.props.onChange as (event: { target: { value: string } }) => void)({ target: { value: text } });
    },
    answers: () => {
      const field = render().find((element) => element.type === "input" && element.props.name === "answers");
      return JSON.parse(String(field!.props.value)) as Record<string, string>;
    },
  };
}

describe("the question card", () => {
  it("enables Send answers once every question has an answer", () => {
    const card = questionCard();
    expect(card.sendDisabled()).toBe(true);
    card.press("SQLite");
    expect(card.pressed("SQLite")).toBe(true);
    expect(card.sendDisabled()).toBe(true);
    card.press("Docs");
    expect(card.sendDisabled()).toBe(false);
    expect(card.answers()).toEqual({ "Which database should I use?": "SQLite", "Which features?": "Docs" });
  });

  it("selects one option of a single-choice question", () => {
    const card = questionCard();
    card.press("SQLite");
    card.press("PostgreSQL");
    expect(card.pressed("SQLite")).toBe(false);
    expect(card.pressed("PostgreSQL")).toBe(true);
    expect(card.answers()["Which database should I use?"]).toBe("PostgreSQL");
  });

  it("toggles several options of a multiSelect question and joins them with “, ”", () => {
    const card = questionCard();
    card.press("PostgreSQL");
    card.press("CI");
    card.press("Tests");
    card.press("Docs");
    card.press("Docs");
    expect([card.pressed("Tests"), card.pressed("Docs"), card.pressed("CI")]).toEqual([true, false, true]);
    card.typeOther(1, "Benchmarks");
    expect(card.answers()).toEqual({
      "Which database should I use?": "PostgreSQL",
      "Which features?": "Tests, CI, Benchmarks",
    });
  });

  it("takes a typed other answer in place of a single choice", () => {
    const card = questionCard();
    card.press("SQLite");
    card.typeOther(0, "DuckDB");
    expect(card.pressed("SQLite")).toBe(false);
    card.typeOther(1, "Docs and more");
    expect(card.sendDisabled()).toBe(false);
    expect(card.answers()).toEqual({ "Which database should I use?": "DuckDB", "Which features?": "Docs and more" });
  });

  it("renders each question with its options, its other answer and a disabled Send answers", () => {
    const html = renderToStaticMarkup(<ApprovalCard approval={question} canAnswer now={0} />);
    expect(html).toContain('aria-label="Approval needed: Answer 2 questions"');
    expect(html).toContain("Which database should I use?");
    expect(html).toMatch(/<button type="button" aria-pressed="false"[^>]*>SQLite<\/button>/);
    expect(html.match(/>Other answer</g)).toHaveLength(2);
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*>Send answers<\/button>/);
  });
});

describe("the tool card", () => {
  it("shows the command, the reason without escapes, and Allow, Allow always (naming its rule) and Deny", () => {
    const html = renderToStaticMarkup(<ApprovalCard approval={approval()} canAnswer now={0} />);
    expect(html).toContain('aria-label="Approval needed: Run a command"');
    expect(html).toContain("npm test");
    expect(html).toContain("Bash is not in the allowed tools");
    expect(html).not.toContain("\x1b");
    expect(html).toMatch(/value="allow"[^>]*>Allow<\/button>/);
    expect(html).toMatch(/title="Allow, and add the rule Bash\(npm test\) to the contract&#x27;s allowed tools"/);
    expect(html).toMatch(/value="deny"[^>]*>Deny<\/button>/);
    expect(html).toContain(">Message for claude<");
  });

  it("gives a viewer no buttons", () => {
    const html = renderToStaticMarkup(<ApprovalCard approval={approval()} canAnswer={false} now={0} />);
    expect(html).toContain("Approval needed: Run a command");
    expect(html).toContain(VIEWER_NOTE);
    expect(html).not.toContain("<button");
  });

  it("turns into its history line once answered", () => {
    const answered = approval({ status: "denied", answeredBy: "bob@example.com", answeredAt: "2026-11-25T10:05:00Z" });
    const html = renderToStaticMarkup(
      <ApprovalCard approval={answered} canAnswer now={Date.parse("2026-11-25T10:06:00Z")} />,
    );
    expect(html).not.toContain("Approval needed");
    expect(html).toContain("Denied by bob@example.com");
    expect(html).toMatch(/ at <time dateTime="2026-11-25T10:05:00Z"[^>]*>\d\d:\d\d<\/time>/);
  });
});

describe("the plan card", () => {
  it("renders the plan's markdown, without raw HTML, with Approve plan and Keep planning", () => {
    const plan = approval({
      kind: "plan",
      toolName: "ExitPlanMode",
      input: { plan: "## Plan\n1. Write **hello.txt**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))" },
    });
    const html = renderToStaticMarkup(<ApprovalCard approval={plan} canAnswer now={0} />);
    expect(html).toContain('aria-label="Approval needed: Approve a plan"');
    expect(html).toContain("<h2>Plan</h2>");
    expect(html).toContain("<ol>\n<li>Write <strong>hello.txt</strong></li>\n</ol>");
    // Raw HTML stays text; an unsafe link is no link at all, only its text.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("javascript:alert");
    expect(html).toContain('<span class="underline decoration-dotted">x</span>');
    expect(html).toContain(">Approve plan</button>");
    expect(html).toContain(">Keep planning</button>");
  });
});

describe("an approval notification", () => {
  /** The notification's answer, for a member, with the task's requests held in the cache (or not). */
  const render = (held?: ApprovalEvent[], role: "member" | "viewer" = "member") => {
    const client = new QueryClient();
    if (held) client.setQueryData(queryKeys.taskApprovals("t1"), held);
    return renderToStaticMarkup(
      <QueryClientProvider client={client}>
        <RoleProvider role={role}>
          <NotificationApproval taskId="t1" />
        </RoleProvider>
      </QueryClientProvider>,
    );
  };

  it("answers the task's lone pending tool request in place", () => {
    const html = render([approval()]);
    expect(html).toContain("Run a command: ");
    expect(html).toMatch(/value="allow"[^>]*>Allow<\/button>/);
    expect(html).toMatch(/value="deny"[^>]*>Deny<\/button>/);
    expect(html).not.toContain("Review");
  });

  it("links to the task's cards when its requests are not held here, are several, or are a question", () => {
    const review = '<a class="text-blue-700 hover:underline" href="/tasks/t1#approvals">Review</a>';
    expect(render()).toBe(review);
    expect(render([approval(), approval({ id: "a2" })])).toBe(review);
    expect(render([question])).toBe(review);
    expect(render([approval()], "viewer")).toBe(review);
  });

  it("shows nothing once nothing waits", () => {
    expect(render([approval({ status: "allowed", answeredBy: "ada@example.com" })])).toBe("");
  });
});
