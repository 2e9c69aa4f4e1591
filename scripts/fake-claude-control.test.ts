import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  CanUseToolRequest,
  ControlRequest,
  controlErrorLine,
  type PermissionResult,
  permissionResponseLine,
} from "../lib/shared/protocol/claude-control";

const FAKE_CLAUDE = fileURLToPath(new URL("./fake-claude.mjs", import.meta.url));
const STREAM_JSON = ["-p", "--output-format", "stream-json", "--input-format", "stream-json", "--verbose"];
/** What the daemon passes for a mode that asks. */
const ASKING = [...STREAM_JSON, "--permission-mode", "default", "--permission-prompt-tool", "stdio"];
const ROOT_REFUSAL = "--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "fake-claude-control-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A parsed output line; the tests check it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the fake, checked field by field.
type Message = Record<string, any>;

const running = new Set<FakeClaude>();
afterEach(() => {
  for (const fake of running) fake.kill();
  running.clear();
});

/** The fake run as a host runs claude: its stdout read line by line as it comes, answers written to its stdin. */
class FakeClaude {
  readonly cwd = mkdtempSync(join(scratch, "cwd-"));
  readonly messages: Message[] = [];
  stderr = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  /** How many messages `next` has gone past. */
  private seen = 0;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [FAKE_CLAUDE, ...args], {
      cwd: this.cwd,
      // As root claude refuses bypassPermissions unless IS_SANDBOX=1; only the root tests take that away.
      env: { ...process.env, FAKE_CLAUDE_SCENARIO: "", IS_SANDBOX: "1", ...env },
    });
    running.add(this);
    this.exited = new Promise((resolve) => this.child.on("close", resolve));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.messages.push(JSON.parse(line)));
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
  }

  prompt(text: string) {
    this.writeLine(JSON.stringify({ type: "user", message: { role: "user", content: text } }));
  }

  writeLine(line: string) {
    this.child.stdin.write(`${line}\n`);
  }

  /** Answers a can_use_tool request as the daemon does, the tool use id echoed. */
  answer(request: Message, result: PermissionResult) {
    this.writeLine(permissionResponseLine(request.request_id, result, request.request.tool_use_id));
  }

  /** The first message after the last one `next` returned that `matches`, waiting for it if need be. */
  next(what: string, matches: (message: Message) => boolean): Promise<Message> {
    return vi.waitFor(
      () => {
        const index = this.messages.findIndex((message, i) => i >= this.seen && matches(message));
        if (index < 0)
          throw new Error(`no ${what} yet; stdout: ${JSON.stringify(this.messages)}; stderr: ${this.stderr}`);
        this.seen = index + 1;
        return this.messages[index];
      },
      { timeout: 10_000, interval: 10 },
    );
  }

  /** The next can_use_tool (or other) request, checked against the daemon's own schema of the protocol. */
  async request(): Promise<Message> {
    const request = await this.next("control_request", (message) => message.type === "control_request");
    ControlRequest.parse(request);
    if (request.request.subtype === "can_use_tool") CanUseToolRequest.parse(request.request);
    return request;
  }

  result(): Promise<Message> {
    return this.next("result", (message) => message.type === "result");
  }

  /** Closes stdin, as the daemon does at the end, and waits for the exit code. */
  finish(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  kill() {
    this.child.kill("SIGKILL");
  }

  get texts(): string[] {
    return this.blocks("text").map((block) => block.text);
  }

  get toolUses(): Message[] {
    return this.blocks("tool_use");
  }

  get toolResults(): Message[] {
    return this.messages
      .filter((message) => message.type === "user")
      .map((message) => message.message.content[0])
      .filter((block) => block.type === "tool_result");
  }

  get controlRequests(): Message[] {
    return this.messages.filter((message) => message.type === "control_request");
  }

  private blocks(type: string): Message[] {
    return this.messages
      .filter((message) => message.type === "assistant")
      .map((message) => message.message.content[0])
      .filter((block) => block.type === type);
  }
}

/** Runs a scenario that should ask nothing to its end: its result, and the fake for a closer look. */
async function runUnasked(args: string[], prompt: string) {
  const fake = new FakeClaude(args);
  fake.prompt(prompt);
  const result = await fake.result();
  expect(await fake.finish()).toBe(0);
  expect(fake.controlRequests).toEqual([]);
  return { fake, result };
}

describe("fake-claude's control protocol", () => {
  it("reports the permission mode, and offers AskUserQuestion only with the stdio prompt tool", async () => {
    const asking = new FakeClaude(ASKING);
    const plain = new FakeClaude([...STREAM_JSON, "--permission-mode", "manual"]);
    const planning = new FakeClaude([...STREAM_JSON, "--permission-mode", "plan", "--permission-prompt-tool", "stdio"]);
    for (const fake of [asking, plain, planning]) fake.prompt("scenario:ask-unknown");
    const [askingInit, plainInit, planningInit] = await Promise.all(
      [asking, plain, planning].map((fake) => fake.next("init", (message) => message.subtype === "init")),
    );
    expect(askingInit).toMatchObject({ permissionMode: "default", tools: expect.arrayContaining(["AskUserQuestion"]) });
    expect(plainInit.permissionMode).toBe("default");
    expect(plainInit.tools).not.toContain("AskUserQuestion");
    expect(planningInit).toMatchObject({ permissionMode: "plan", tools: expect.arrayContaining(["ExitPlanMode"]) });
  });

  describe("ask-bash", () => {
    it("asks with a can_use_tool request, runs the command once allowed, and prints its output", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-bash");
      const request = await fake.request();
      const [toolUse] = fake.toolUses;
      expect(toolUse).toMatchObject({ name: "Bash", input: { command: "echo approved-run" } });
      expect(request.request).toMatchObject({
        subtype: "can_use_tool",
        tool_name: "Bash",
        input: toolUse.input,
        tool_use_id: toolUse.id,
        permission_suggestions: [
          {
            type: "addRules",
            rules: [{ toolName: "Bash", ruleContent: "echo:*" }],
            behavior: "allow",
            destination: "localSettings",
          },
        ],
        decision_reason: expect.any(String),
      });
      // Nothing runs before the answer.
      expect(fake.toolResults).toEqual([]);

      fake.answer(request, { behavior: "allow", updatedInput: request.request.input });
      expect(await fake.result()).toMatchObject({ is_error: false, result: "Ran: echo approved-run" });
      expect(fake.toolResults).toEqual([
        { type: "tool_result", tool_use_id: toolUse.id, content: "approved-run\n", is_error: false },
      ]);
      expect(await fake.finish()).toBe(0);
    });

    it("runs the command as the answer changed it, and the prompt's `run` line names the command", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-bash\nrun echo from-prompt");
      const request = await fake.request();
      expect(request.request.input.command).toBe("echo from-prompt");
      fake.answer(request, { behavior: "allow", updatedInput: { command: "echo changed-by-host" } });
      expect((await fake.result()).result).toBe("Ran: echo changed-by-host");
      expect(fake.toolResults[0].content).toBe("changed-by-host\n");
    });

    it("denied: an error tool_result with the message, a text saying it did not run, a permission denial", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-bash");
      const request = await fake.request();
      fake.answer(request, { behavior: "deny", message: "Not on a Friday" });
      const result = await fake.result();
      expect(result).toMatchObject({
        is_error: false,
        result: "Did not run: echo approved-run (Not on a Friday)",
        permission_denials: [
          { tool_name: "Bash", tool_use_id: fake.toolUses[0].id, tool_input: fake.toolUses[0].input },
        ],
      });
      expect(fake.toolResults).toEqual([expect.objectContaining({ content: "Not on a Friday", is_error: true })]);
      expect(fake.texts.at(-1)).toBe(result.result);
    });

    it("takes an error response as a refusal", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-bash");
      const request = await fake.request();
      fake.writeLine(controlErrorLine(request.request_id, "Nobody decided in time"));
      expect((await fake.result()).result).toBe("Did not run: echo approved-run (Nobody decided in time)");
    });
  });

  describe("ask-edit", () => {
    it("asks with old_string and new_string, and edits the file once allowed", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-edit");
      const request = await fake.request();
      const file = join(fake.cwd, "notes.txt");
      expect(request.request).toMatchObject({
        tool_name: "Edit",
        input: { file_path: file, old_string: "old line", new_string: "new line" },
        permission_suggestions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }],
      });
      expect(readFileSync(file, "utf8")).toBe("old line\n");
      fake.answer(request, { behavior: "allow" });
      expect((await fake.result()).result).toBe("Edited: notes.txt");
      expect(readFileSync(file, "utf8")).toBe("new line\n");
      expect(fake.toolResults[0]).toMatchObject({ content: `The file ${file} has been updated.`, is_error: false });
    });

    it("denied: leaves the file as it was; `edit <path>` names the file", async () => {
      const fake = new FakeClaude(ASKING);
      writeFileSync(join(fake.cwd, "plan.md"), "first\nsecond\n");
      fake.prompt("scenario:ask-edit\nedit plan.md");
      const request = await fake.request();
      expect(request.request.input).toMatchObject({ old_string: "first", new_string: "new line" });
      fake.answer(request, { behavior: "deny", message: "Leave it" });
      expect((await fake.result()).result).toBe("Did not edit: plan.md (Leave it)");
      expect(readFileSync(join(fake.cwd, "plan.md"), "utf8")).toBe("first\nsecond\n");
      expect(fake.toolResults[0]).toMatchObject({ content: "Leave it", is_error: true });
    });
  });

  describe("ask-question", () => {
    it("asks its two questions and echoes the answers it gets back in updatedInput", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-question");
      const request = await fake.request();
      expect(request.request.tool_name).toBe("AskUserQuestion");
      const { questions } = request.request.input;
      expect(questions).toEqual([
        expect.objectContaining({ question: "Which database should I use?", header: "Database", multiSelect: false }),
        expect.objectContaining({ question: "Which features?", header: "Features", multiSelect: true }),
      ]);
      expect(questions[0].options.map((option: Message) => option.label)).toEqual(["SQLite", "PostgreSQL"]);
      expect(questions[1].options).toHaveLength(3);

      const answers = { "Which database should I use?": "PostgreSQL", "Which features?": "Tests, CI" };
      fake.answer(request, { behavior: "allow", updatedInput: { questions, answers } });
      expect((await fake.result()).result).toBe(
        "Answers: Which database should I use? = PostgreSQL; Which features? = Tests, CI",
      );
      expect(fake.toolResults[0]).toMatchObject({
        content: expect.stringContaining('"Which database should I use?"="PostgreSQL"'),
        is_error: false,
      });
    });

    it("denied: says it got no answers", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-question");
      fake.answer(await fake.request(), { behavior: "deny", message: "Decide yourself" });
      expect((await fake.result()).result).toBe("No answers: Decide yourself");
    });
  });

  describe("plan", () => {
    const PLANNING = [...STREAM_JSON, "--permission-mode", "plan", "--permission-prompt-tool", "stdio"];

    it("approved with setMode acceptEdits: leaves plan mode for it and writes hello.txt without asking again", async () => {
      const fake = new FakeClaude(PLANNING);
      fake.prompt("scenario:plan");
      const request = await fake.request();
      expect(request.request).toMatchObject({
        tool_name: "ExitPlanMode",
        input: { plan: "## Plan\n1. Write hello.txt\n2. Commit it" },
      });
      expect(fake.texts).toHaveLength(1);
      fake.answer(request, {
        behavior: "allow",
        updatedPermissions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }],
      });
      expect((await fake.result()).result).toBe("Wrote hello.txt");
      expect(fake.texts).toContain("Plan approved; mode acceptEdits");
      expect(fake.controlRequests).toHaveLength(1);
      expect(readFileSync(join(fake.cwd, "hello.txt"), "utf8")).toBe("hello\n");
    });

    it("approved without setMode: back to default mode, where the Write asks", async () => {
      const fake = new FakeClaude(PLANNING);
      fake.prompt("scenario:plan");
      fake.answer(await fake.request(), { behavior: "allow" });
      const write = await fake.request();
      expect(fake.texts).toContain("Plan approved; mode default");
      expect(write.request).toMatchObject({ tool_name: "Write", input: { file_path: join(fake.cwd, "hello.txt") } });
      fake.answer(write, { behavior: "allow" });
      expect((await fake.result()).result).toBe("Wrote hello.txt");
      expect(readFileSync(join(fake.cwd, "hello.txt"), "utf8")).toBe("hello\n");
    });

    it("keep planning: revises the plan and asks again, at most three times", async () => {
      const fake = new FakeClaude(PLANNING);
      fake.prompt("scenario:plan");
      for (const feedback of ["Add tests", "Smaller steps", "No"]) {
        fake.answer(await fake.request(), { behavior: "deny", message: feedback });
        await fake.next(
          "keep planning",
          (message) => message.message?.content[0].text === `Keep planning: ${feedback}`,
        );
      }
      const plans = fake.controlRequests.map((request) => request.request.input.plan);
      expect(plans[1]).toContain("revision 2");
      expect(plans[1]).toContain("Add tests");
      expect(plans[2]).toContain("revision 3");
      expect(await fake.result()).toMatchObject({
        is_error: false,
        result: "The plan was not approved after 3 tries.",
      });
      expect(fake.controlRequests).toHaveLength(3);
    });

    it("keep planning, then approved: carries the revised plan out", async () => {
      const fake = new FakeClaude(PLANNING);
      fake.prompt("scenario:plan");
      fake.answer(await fake.request(), { behavior: "deny", message: "Add tests" });
      fake.answer(await fake.request(), {
        behavior: "allow",
        updatedPermissions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }],
      });
      expect((await fake.result()).result).toBe("Wrote hello.txt");
      expect(fake.texts).toEqual(
        expect.arrayContaining(["Keep planning: Add tests", "Plan approved; mode acceptEdits"]),
      );
    });
  });

  it("ask-cancel: withdraws its request, ignores the late answer, and goes on answering messages", async () => {
    const fake = new FakeClaude(ASKING);
    fake.prompt("scenario:ask-cancel");
    const request = await fake.request();
    const cancel = await fake.next("cancel", (message) => message.type === "control_cancel_request");
    expect(cancel).toEqual({ type: "control_cancel_request", request_id: request.request_id });
    expect((await fake.result()).result).toBe("Cancelled the request");
    expect(fake.texts).toEqual(["Cancelled the request"]);

    fake.answer(request, { behavior: "allow" });
    fake.prompt("still there?");
    expect((await fake.result()).result).toBe("You said: still there?");
    expect(await fake.finish()).toBe(0);
    expect(fake.stderr).toContain(`fake-claude: ignoring answer for ${request.request_id}`);
  });

  describe("ask-several", () => {
    it("asks for each command only once the one before is answered, and lists which ran", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-several");
      const answers: PermissionResult[] = [
        { behavior: "allow" },
        { behavior: "deny", message: "Not that one" },
        { behavior: "allow" },
      ];
      for (const [i, command] of ["echo one", "echo two", "echo three"].entries()) {
        const request = await fake.request();
        expect(request.request.input.command).toBe(command);
        // Give it a moment to (wrongly) ask the next one before this answer.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(fake.controlRequests).toHaveLength(i + 1);
        fake.answer(request, answers[i]);
      }
      expect((await fake.result()).result).toBe("Ran: echo one, echo three; not run: echo two");
      expect(fake.toolResults.map((block) => [block.content, block.is_error])).toEqual([
        ["one\n", false],
        ["Not that one", true],
        ["three\n", false],
      ]);
    });

    it("a rule added by an answer (addRules, session) lets the next commands through unasked", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-several");
      fake.answer(await fake.request(), {
        behavior: "allow",
        updatedPermissions: [
          {
            type: "addRules",
            rules: [{ toolName: "Bash", ruleContent: "echo:*" }],
            behavior: "allow",
            destination: "session",
          },
        ],
      });
      expect((await fake.result()).result).toBe("Ran: echo one, echo two, echo three; not run: none");
      expect(fake.controlRequests).toHaveLength(1);
    });
  });

  it("ask-unknown: a request of an unknown subtype, and the host's refusal of it", async () => {
    const fake = new FakeClaude(ASKING);
    fake.prompt("scenario:ask-unknown");
    const request = await fake.request();
    expect(request.request).toEqual({ subtype: "request_user_dialog", dialog_kind: "fake" });
    fake.writeLine(controlErrorLine(request.request_id, "Unsupported control request: request_user_dialog"));
    expect(await fake.result()).toMatchObject({
      is_error: false,
      result: "Host refused: Unsupported control request: request_user_dialog",
    });
  });

  describe("what asks", () => {
    it("a Bash rule of --allowedTools lets a matching command run unasked; others still ask", async () => {
      const allow = [...ASKING, "--allowedTools", "Edit", "--allowedTools", "Bash(echo:*)", "Bash(git status)"];
      expect((await runUnasked(allow, "scenario:ask-bash")).result.result).toBe("Ran: echo approved-run");
      expect((await runUnasked(allow, "scenario:ask-bash\nrun git status")).result.result).toMatch(/^Ran: git status/);
      expect((await runUnasked(allow, "scenario:ask-edit")).result.result).toBe("Edited: notes.txt");

      for (const command of ["git status --short", "echo a && rm -rf b", "printf echo"]) {
        const fake = new FakeClaude(allow);
        fake.prompt(`scenario:ask-bash\nrun ${command}`);
        fake.answer(await fake.request(), { behavior: "deny", message: "no" });
        expect((await fake.result()).result).toBe(`Did not run: ${command} (no)`);
      }
    });

    it("AskUserQuestion and ExitPlanMode ask even when a rule names them", async () => {
      const allow = [...ASKING, "--allowedTools", "AskUserQuestion", "ExitPlanMode"];
      for (const [scenario, tool] of [
        ["ask-question", "AskUserQuestion"],
        ["plan", "ExitPlanMode"],
      ]) {
        const fake = new FakeClaude(allow);
        fake.prompt(`scenario:${scenario}`);
        expect((await fake.request()).request.tool_name).toBe(tool);
      }
    });

    it("acceptEdits: an Edit goes through unasked, a Bash command still asks", async () => {
      const acceptEdits = [...STREAM_JSON, "--permission-mode", "acceptEdits", "--permission-prompt-tool", "stdio"];
      const { fake } = await runUnasked(acceptEdits, "scenario:ask-edit");
      expect(readFileSync(join(fake.cwd, "notes.txt"), "utf8")).toBe("new line\n");

      const bash = new FakeClaude(acceptEdits);
      bash.prompt("scenario:ask-bash");
      bash.answer(await bash.request(), { behavior: "allow" });
      expect((await bash.result()).result).toBe("Ran: echo approved-run");
    });

    it("bypassPermissions: nothing asks, not even a question or a plan", async () => {
      for (const bypass of [
        [...STREAM_JSON, "--dangerously-skip-permissions", "--permission-prompt-tool", "stdio"],
        [...STREAM_JSON, "--permission-mode", "bypassPermissions", "--permission-prompt-tool", "stdio"],
      ]) {
        expect((await runUnasked(bypass, "scenario:ask-bash")).result.result).toBe("Ran: echo approved-run");
        expect((await runUnasked(bypass, "scenario:ask-edit")).result.result).toBe("Edited: notes.txt");
        expect((await runUnasked(bypass, "scenario:ask-question")).result.result).toBe(
          "Answers: Which database should I use? = (no answer); Which features? = (no answer)",
        );
        const { fake, result } = await runUnasked(bypass, "scenario:plan");
        expect(result.result).toBe("Wrote hello.txt");
        expect(fake.texts).toContain("Plan approved; mode bypassPermissions");
      }
    });

    it("without --permission-prompt-tool stdio: what would ask is denied at once, with no request", async () => {
      const { fake, result } = await runUnasked([...STREAM_JSON, "--permission-mode", "default"], "scenario:ask-bash");
      expect(fake.toolResults).toEqual([
        expect.objectContaining({ content: "Permission to use Bash has been denied.", is_error: true }),
      ]);
      expect(result).toMatchObject({
        result: "Did not run: echo approved-run (Permission to use Bash has been denied.)",
        permission_denials: [expect.objectContaining({ tool_name: "Bash" })],
      });
    });
  });

  describe("the input while a request waits", () => {
    it("a user message sent meanwhile is answered once the turn is over", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-bash");
      const request = await fake.request();
      fake.prompt("and then?");
      fake.answer(request, { behavior: "allow" });
      expect((await fake.result()).result).toBe("Ran: echo approved-run");
      expect((await fake.result()).result).toBe("You said: and then?");
      expect(await fake.finish()).toBe(0);
    });

    it("an answer for an unknown or already answered request is ignored, with a stderr line", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-several");
      const first = await fake.request();
      fake.answer({ request_id: "no-such-request", request: {} }, { behavior: "allow" });
      fake.answer(first, { behavior: "deny", message: "first" });
      // The second answer to the first request must not count for the second request.
      fake.answer(first, { behavior: "allow" });
      const second = await fake.request();
      await vi.waitFor(() => expect(fake.stderr).toContain(`fake-claude: ignoring answer for ${first.request_id}`));
      expect(fake.stderr).toContain("fake-claude: ignoring answer for no-such-request");
      fake.answer(second, { behavior: "deny", message: "second" });
      fake.answer(await fake.request(), { behavior: "deny", message: "third" });
      expect((await fake.result()).result).toBe("Ran: none; not run: echo one, echo two, echo three");
    });

    it("stdin closing while a request waits: exit 1 with a stderr line", async () => {
      const fake = new FakeClaude(ASKING);
      fake.prompt("scenario:ask-bash");
      const request = await fake.request();
      expect(await fake.finish()).toBe(1);
      expect(fake.stderr).toContain(`fake-claude: stdin closed while waiting for the answer to ${request.request_id}`);
      expect(fake.messages.filter((message) => message.type === "result")).toEqual([]);
    });
  });

  describe.runIf(process.getuid?.() === 0)("as root", () => {
    it("refuses bypassPermissions unless IS_SANDBOX=1, as claude does", async () => {
      for (const bypass of ["--dangerously-skip-permissions", "--permission-mode=bypassPermissions"]) {
        for (const env of [{ IS_SANDBOX: "" }, { IS_SANDBOX: "yes" }]) {
          const fake = new FakeClaude([...STREAM_JSON, bypass], env);
          fake.prompt("hello");
          expect(await fake.finish()).toBe(1);
          expect(fake.stderr).toBe(`${ROOT_REFUSAL}\n`);
          expect(fake.messages).toEqual([]);
        }
      }
    });

    it("runs with IS_SANDBOX=1", async () => {
      const { result } = await runUnasked([...STREAM_JSON, "--dangerously-skip-permissions"], "scenario:ask-bash");
      expect(result.result).toBe("Ran: echo approved-run");
    });
  });
});
