import { describe, expect, it } from "vitest";
import {
  AskUserQuestionInput,
  CanUseToolRequest,
  ControlCancelRequest,
  ControlRequest,
  PermissionResult,
  PermissionUpdate,
  controlErrorLine,
  permissionResponseLine,
} from "./claude-control";

/** Shaped as sdk.d.ts declares them (SDKControlRequest wrapping SDKControlPermissionRequest, etc.). */
const canUseTool = {
  type: "control_request",
  request_id: "req_1",
  request: {
    subtype: "can_use_tool",
    tool_name: "Bash",
    input: { command: "npm test", description: "Run the tests" },
    tool_use_id: "toolu_01",
    permission_suggestions: [
      {
        type: "addRules",
        rules: [{ toolName: "Bash", ruleContent: "npm test:*" }],
        behavior: "allow",
        destination: "localSettings",
      },
    ],
    decision_reason: "Bash commands need approval in default mode",
    decision_reason_type: "mode",
    classifier_approvable: true,
  },
};

describe("the control protocol's requests", () => {
  it("reads a can_use_tool request, keeping the fields it does not model", () => {
    const envelope = ControlRequest.parse(canUseTool);
    const request = CanUseToolRequest.parse(envelope.request);
    expect(request).toMatchObject({ tool_name: "Bash", tool_use_id: "toolu_01", decision_reason_type: "mode" });
    expect(request.input).toEqual({ command: "npm test", description: "Run the tests" });
  });

  it("takes any other subtype in the envelope, for an error answer", () => {
    const envelope = ControlRequest.parse({
      type: "control_request",
      request_id: "r2",
      request: { subtype: "elicitation", x: 1 },
    });
    expect(envelope.request.subtype).toBe("elicitation");
    expect(CanUseToolRequest.safeParse(envelope.request).success).toBe(false);
  });

  it.each([
    ["no request id", { ...canUseTool, request_id: "" }],
    ["no request", { type: "control_request", request_id: "r" }],
    ["another type", { ...canUseTool, type: "control_response" }],
  ])("refuses an envelope with %s", (_name, value) => expect(ControlRequest.safeParse(value).success).toBe(false));

  it("refuses a can_use_tool request without a tool or an input object", () => {
    expect(CanUseToolRequest.safeParse({ subtype: "can_use_tool", input: {} }).success).toBe(false);
    expect(CanUseToolRequest.safeParse({ subtype: "can_use_tool", tool_name: "Bash", input: "ls" }).success).toBe(
      false,
    );
  });

  it("reads a cancel", () => {
    expect(ControlCancelRequest.parse({ type: "control_cancel_request", request_id: "req_1" }).request_id).toBe(
      "req_1",
    );
  });

  it("reads AskUserQuestion's input as sdk-tools.d.ts gives it", () => {
    const input = AskUserQuestionInput.parse({
      questions: [
        {
          question: "Which library should we use for date formatting?",
          header: "Library",
          options: [
            { label: "date-fns", description: "Small, functional" },
            { label: "dayjs", description: "Moment-like API" },
          ],
          multiSelect: false,
        },
      ],
    });
    expect(input.questions[0].options.map((option) => option.label)).toEqual(["date-fns", "dayjs"]);
  });
});

describe("the control protocol's answers", () => {
  it("writes an allow as the SDK does: success envelope, the result, the tool use id echoed", () => {
    const line = permissionResponseLine(
      "req_1",
      { behavior: "allow", updatedInput: { command: "npm test" } },
      "toolu_01",
    );
    expect(JSON.parse(line)).toEqual({
      type: "control_response",
      response: {
        subtype: "success",
        request_id: "req_1",
        response: { behavior: "allow", updatedInput: { command: "npm test" }, toolUseID: "toolu_01" },
      },
    });
    expect(line).not.toContain("\n");
  });

  it("writes a deny with its message", () => {
    expect(
      JSON.parse(permissionResponseLine("r", { behavior: "deny", message: "Not on main" })).response.response,
    ).toEqual({
      behavior: "deny",
      message: "Not on main",
    });
  });

  it("writes an error answer", () => {
    expect(JSON.parse(controlErrorLine("r9", "Makima does not handle elicitation"))).toEqual({
      type: "control_response",
      response: { subtype: "error", request_id: "r9", error: "Makima does not handle elicitation" },
    });
  });

  it("checks results and updates by the SDK's unions", () => {
    expect(PermissionResult.safeParse({ behavior: "deny" }).success).toBe(false);
    expect(PermissionResult.safeParse({ behavior: "ask" }).success).toBe(false);
    expect(PermissionUpdate.parse({ type: "setMode", mode: "acceptEdits", destination: "session" })).toEqual({
      type: "setMode",
      mode: "acceptEdits",
      destination: "session",
    });
    expect(PermissionUpdate.safeParse({ type: "setMode", mode: "yolo", destination: "session" }).success).toBe(false);
  });
});
