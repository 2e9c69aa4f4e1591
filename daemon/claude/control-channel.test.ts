import { describe, expect, it } from "vitest";
import { ControlChannel, type ToolRequest } from "./control-channel";
import { classifyLine } from "./line-pipeline";

const line = (value: object) => classifyLine("stdout", JSON.stringify(value));
const canUseTool = (requestId: string, toolName = "Bash") =>
  line({
    type: "control_request",
    request_id: requestId,
    request: { subtype: "can_use_tool", tool_name: toolName, input: { command: "ls" }, tool_use_id: `tu-${requestId}` },
  });

function setUp() {
  const written: unknown[] = [];
  const requested: ToolRequest[] = [];
  const withdrawn: [string, string][] = [];
  const waiting: boolean[] = [];
  const notices: string[] = [];
  const channel = new ControlChannel((text) => (written.push(JSON.parse(text)), true), {
    requested: (request) => requested.push(request),
    withdrawn: (id, reason) => withdrawn.push([id, reason]),
    waitingChanged: (value) => waiting.push(value),
    notice: (text) => notices.push(text),
  });
  return { channel, written, requested, withdrawn, waiting, notices };
}

describe("ControlChannel", () => {
  it("passes a can_use_tool request on and writes the answer once, with the tool use id", () => {
    const { channel, written, requested, waiting } = setUp();
    channel.take(canUseTool("r1"));
    expect(requested).toEqual([
      {
        requestId: "r1",
        toolName: "Bash",
        toolUseId: "tu-r1",
        input: { command: "ls" },
        suggestions: [],
        decisionReason: undefined,
      },
    ]);
    expect(waiting).toEqual([true]);
    expect(channel.answer("r1", { behavior: "allow", updatedInput: { command: "ls" } })).toBe(true);
    expect(written).toEqual([
      {
        type: "control_response",
        response: {
          subtype: "success",
          request_id: "r1",
          response: { behavior: "allow", updatedInput: { command: "ls" }, toolUseID: "tu-r1" },
        },
      },
    ]);
    expect(waiting).toEqual([true, false]);
    expect(channel.answer("r1", { behavior: "deny", message: "again" })).toBe(false);
    expect(written).toHaveLength(1);
  });

  it("is waiting while any request is, and takes a repeated request once", () => {
    const { channel, requested, waiting } = setUp();
    channel.take(canUseTool("a"));
    channel.take(canUseTool("a"));
    channel.take(canUseTool("b"));
    expect(requested.map((request) => request.requestId)).toEqual(["a", "b"]);
    channel.answer("a", { behavior: "deny", message: "no" });
    expect(waiting).toEqual([true]);
    channel.answer("b", { behavior: "deny", message: "no" });
    expect(waiting).toEqual([true, false]);
  });

  it("refuses a request of another subtype at once, so claude never waits on it, and says so", () => {
    const { channel, written, requested, notices } = setUp();
    channel.take(line({ type: "control_request", request_id: "x1", request: { subtype: "request_user_dialog" } }));
    expect(written).toEqual([
      {
        type: "control_response",
        response: {
          subtype: "error",
          request_id: "x1",
          error: 'Makima does not handle "request_user_dialog" requests',
        },
      },
    ]);
    expect(requested).toEqual([]);
    expect(notices[0]).toMatch(/request_user_dialog/);
  });

  it("refuses an unreadable permission request, and notes one without an id", () => {
    const { channel, written, notices } = setUp();
    channel.take(line({ type: "control_request", request_id: "x2", request: { subtype: "can_use_tool" } }));
    channel.take(line({ type: "control_request", request: { subtype: "can_use_tool" } }));
    expect(written).toMatchObject([{ response: { subtype: "error", request_id: "x2" } }]);
    expect(notices).toHaveLength(2);
  });

  it("drops a withdrawn request, and every waiting one when claude exits", () => {
    const { channel, withdrawn, waiting } = setUp();
    channel.take(canUseTool("a"));
    channel.take(canUseTool("b"));
    channel.take(line({ type: "control_cancel_request", request_id: "a" }));
    channel.take(line({ type: "control_cancel_request", request_id: "unknown" }));
    channel.exited();
    expect(withdrawn).toEqual([
      ["a", "cancelled"],
      ["b", "exited"],
    ]);
    expect(waiting).toEqual([true, false]);
    expect(channel.answer("b", { behavior: "allow" })).toBe(false);
  });

  it("ignores every other line", () => {
    const { channel, written, requested } = setUp();
    channel.take(line({ type: "assistant", message: { content: [] } }));
    channel.take(classifyLine("stderr", '{"type":"control_request","request_id":"r","request":{"subtype":"x"}}'));
    expect([written, requested]).toEqual([[], []]);
  });
});
