import { redirect } from "next/navigation";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { initialFormState, type FormState } from "@/lib/shared/form-state";
import { SERVER_ACTION_BODY_LIMIT } from "@/lib/shared/schemas/body-limit.mjs";

// No DOM here: useActionState is replaced by one that hands out the state a test sets and keeps the action the
// hook gave it, so a test can call that action as React would and render the form with what it returned.
const hook = vi.hoisted(() => ({
  state: undefined as FormState | undefined,
  action: undefined as ((previous: FormState, formData: FormData) => Promise<FormState>) | undefined,
}));
vi.mock("react", async (importOriginal) => ({
  ...(await importOriginal<typeof import("react")>()),
  useActionState: (action: (previous: FormState, formData: FormData) => Promise<FormState>, initial: FormState) => {
    hook.action = action;
    return [hook.state ?? initial, () => {}, false];
  },
}));
vi.mock("@/lib/server/actions/tasks/create-task", () => ({ createTaskAction: vi.fn() }));
vi.mock("@/lib/server/actions/tasks/send-task-message", () => ({ sendTaskMessageAction: vi.fn() }));
vi.mock("@/lib/server/actions/tasks/restart-task", () => ({ restartTaskAction: vi.fn() }));
vi.mock("@/lib/server/actions/api-keys/create-api-key", () => ({ createApiKeyAction: vi.fn() }));
vi.mock("@/lib/server/actions/logins/submit-login-code", () => ({ submitLoginCodeAction: vi.fn() }));
vi.mock("@/lib/server/actions/logins/close-login", () => ({ closeLoginAction: vi.fn() }));

const { failureMessage, submitForm } = await import("./use-form-action");
const { RoleProvider } = await import("@/components/auth/role-context");
const { ContractForm, NEW_CONTRACT_DEFAULTS } = await import("@/components/contracts/contract-form");
const { NewTaskForm } = await import("@/components/tasks/new-task-form");
const { TaskMessageForm } = await import("@/components/tasks/task-message-form");
const { NewApiKeyForm } = await import("@/components/settings/new-api-key-form");
const { LoginItem } = await import("@/components/notifications/login-banner");
const { createTaskAction } = await import("@/lib/server/actions/tasks/create-task");
const { sendTaskMessageAction } = await import("@/lib/server/actions/tasks/send-task-message");
const { createApiKeyAction } = await import("@/lib/server/actions/api-keys/create-api-key");
const { submitLoginCodeAction } = await import("@/lib/server/actions/logins/submit-login-code");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** Renders a form for an owner, who sees every field. */
const html = (element: ReactElement) => renderToStaticMarkup(<RoleProvider role="owner">{element}</RoleProvider>);

/** Renders a form, submits `fields` through the action its hook gave React, and renders it with the result. */
async function submitAndRender(render: () => ReactElement, fields: Record<string, string>): Promise<string> {
  html(render());
  hook.state = await hook.action!(initialFormState, form(fields));
  return html(render());
}

/** What the page would lose: a server action call that rejects, as a body over the limit or a crash makes it. */
const rejected = (error: unknown) => vi.fn(async (): Promise<FormState> => Promise.reject(error));

beforeEach(() => {
  hook.state = undefined;
  hook.action = undefined;
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("submitForm", () => {
  it("passes the action's state through, sending the previous state without the typed values", async () => {
    const action = vi.fn(
      async (_previous: FormState, _formData: FormData): Promise<FormState> => ({ ok: true, message: "Saved." }),
    );
    const previous: FormState = { ok: false, message: "Name is required", values: { plan: "a long plan" } };
    await expect(submitForm(action, previous, form({ name: "x" }))).resolves.toEqual({ ok: true, message: "Saved." });
    expect(action.mock.calls[0][0]).toEqual({ ok: false, message: "Name is required", values: undefined });
  });

  it("turns a rejected call into a message with the typed text fields, leaving Next.js' own fields out", async () => {
    const state = await submitForm(
      rejected(new Error("boom")),
      initialFormState,
      form({ name: "Fix it", plan: "Do X", $ACTION_ID_1: "" }),
    );
    expect(state).toEqual({
      ok: false,
      message: "Something went wrong on the server. What you typed is still here: try again.",
      values: { name: "Fix it", plan: "Do X" },
    });
  });

  it("says when the server could not be reached", async () => {
    const state = await submitForm(rejected(new TypeError("Failed to fetch")), initialFormState, form({ name: "x" }));
    expect(state.message).toBe("The server could not be reached. What you typed is still here: try again.");
  });

  it("lets a redirect() of the action through to Next.js, which has navigated already", async () => {
    const action = vi.fn(async (): Promise<FormState> => redirect("/tasks/t1"));
    await expect(submitForm(action, initialFormState, form({ name: "x" }))).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;/),
    });
  });
});

describe("failureMessage", () => {
  it("says the form is too large when its text is over the body limit, counting UTF-8 bytes", () => {
    const plan = "é".repeat((SERVER_ACTION_BODY_LIMIT + 1024 * 1024) / 2); // 2 bytes each: 9 MiB
    expect(failureMessage(new Error(), form({ plan }))).toBe(
      "The form is too large to send: 9.0 MB of text, and the server takes at most 8.0 MB. Nothing was saved. " +
        "Shorten the longest field and try again.",
    );
    expect(failureMessage(new Error(), form({ plan: "x".repeat(SERVER_ACTION_BODY_LIMIT - 10) }))).toMatch(
      /^Something went wrong/,
    );
  });
});

describe("every form keeps what was typed when its action fails", () => {
  it("the contract form (a description over the body limit: the action never ran)", async () => {
    const description = "d".repeat(SERVER_ACTION_BODY_LIMIT + 1);
    const markup = await submitAndRender(
      () => (
        <ContractForm
          action={rejected(new Error("Body exceeded"))}
          defaults={NEW_CONTRACT_DEFAULTS}
          submitLabel="Create contract"
        />
      ),
      {
        name: "Refactor",
        description,
        repository: "/r",
        baseBranch: "dev",
        targetBranch: "main",
        autonomousLoop: "on",
        maxIterations: "7",
        completionAction: "merge",
      },
    );
    expect(markup).toContain('role="alert"');
    expect(markup).toContain("The form is too large to send");
    expect(markup).toContain('value="Refactor"');
    expect(markup).toContain(`${description}</textarea>`);
    expect(markup).toContain('value="dev"');
    expect(markup).toContain('value="7"');
    expect(markup).toMatch(/<input[^>]*id="contract-autonomous-loop"[^>]*checked=""/);
    expect(markup).toContain('<option value="merge" selected="">');
  });

  it("the new task form", async () => {
    vi.mocked(createTaskAction).mockRejectedValue(new Error("An error occurred in the Server Components render"));
    const markup = await submitAndRender(() => <NewTaskForm contractId="c1" contractStatus="active" />, {
      contractId: "c1",
      name: "Add tests",
      plan: "Write <the> tests",
      supervisor: "on",
    });
    expect(markup).toContain("Something went wrong on the server. What you typed is still here: try again.");
    expect(markup).toContain('value="Add tests"');
    expect(markup).toContain("Write &lt;the&gt; tests</textarea>");
    expect(markup).toMatch(/<input[^>]*id="task-supervisor"[^>]*checked=""/);
  });

  it("the message form", async () => {
    vi.mocked(sendTaskMessageAction).mockRejectedValue(new TypeError("Failed to fetch"));
    const markup = await submitAndRender(() => <TaskMessageForm taskId="t1" />, { taskId: "t1", message: "go on" });
    expect(markup).toContain("The server could not be reached");
    expect(markup).toContain("go on</textarea>");
  });

  it("the API key form", async () => {
    vi.mocked(createApiKeyAction).mockRejectedValue(new Error("boom"));
    const markup = await submitAndRender(() => <NewApiKeyForm />, { name: "build server", scope: "daemon" });
    expect(markup).toContain("Something went wrong on the server");
    expect(markup).toContain('value="build server"');
    expect(markup).toContain('<option value="daemon" selected="">');
  });

  it("the login code form", async () => {
    vi.mocked(submitLoginCodeAction).mockRejectedValue(new Error("boom"));
    const login = {
      id: "l1",
      daemonId: "d1",
      hostname: "box",
      taskId: "t1",
      closed: false,
      loginUrl: null,
      status: "waiting",
      message: null,
      updatedAt: "",
    } as const;
    const markup = await submitAndRender(() => <LoginItem login={login} />, { loginId: "l1", code: "abc#123" });
    expect(markup).toContain("Something went wrong on the server");
    expect(markup).toContain('value="abc#123"');
  });
});

describe("the fields' limits reach the browser", () => {
  it("as maxLength, with a count under each textarea", () => {
    const markup = html(<NewTaskForm contractId="c1" contractStatus="active" />);
    expect(markup).toMatch(/id="task-name"[^>]*maxLength="200"/);
    expect(markup).toMatch(/id="task-plan"[^>]*maxLength="1048576"/);
    expect(markup).toContain("0 / 1,048,576 characters");
    expect(markup).toContain("Up to 200 characters.");
  });
});
