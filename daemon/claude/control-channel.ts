import {
  CanUseToolRequest,
  ControlCancelRequest,
  ControlRequest,
  controlErrorLine,
  permissionResponseLine,
  type PermissionResult,
} from "../../lib/shared/protocol/claude-control";
import type { ClaudeLine } from "./line-pipeline";

/** A `can_use_tool` request, as the daemon passes it on. */
export interface ToolRequest {
  requestId: string;
  toolName: string;
  toolUseId?: string;
  input: Record<string, unknown>;
  suggestions: unknown[];
  decisionReason?: string;
}

export interface ControlChannelEvents {
  requested(request: ToolRequest): void;
  withdrawn(requestId: string, reason: "cancelled" | "exited"): void;
  /** Whether claude now waits for at least one answer. */
  waitingChanged(waiting: boolean): void;
  /** Something to say in the task's output (a request Makima cannot answer, say). */
  notice(text: string): void;
}

/**
 * Claude's control protocol for one run, on the daemon's side: `can_use_tool` requests are passed on and wait for a
 * person's answer; any other request is refused at once with an error response, so claude never waits on a question
 * nobody will answer; withdrawn requests are dropped. Each answer reaches claude at most once.
 */
export class ControlChannel {
  private readonly pending = new Map<string, { toolUseId?: string }>();
  private closed = false;

  constructor(
    private readonly writeLine: (line: string) => boolean,
    private readonly events: ControlChannelEvents,
  ) {}

  /** Reads a line of claude's (already classified by the line pipeline). */
  take(line: ClaudeLine): void {
    if (line.kind === "control_request") this.request(line.message);
    else if (line.kind === "control_cancel_request") this.cancel(line.message);
  }

  /** Sends a person's answer; false when claude no longer waits for this request. */
  answer(requestId: string, result: PermissionResult): boolean {
    const request = this.pending.get(requestId);
    if (!request || this.closed) return false;
    if (!this.writeLine(permissionResponseLine(requestId, result, request.toolUseId))) return false;
    this.settle(requestId);
    return true;
  }

  /** claude has exited: every request still waiting is withdrawn. */
  exited(): void {
    this.closed = true;
    for (const requestId of [...this.pending.keys()]) {
      this.settle(requestId);
      this.events.withdrawn(requestId, "exited");
    }
  }

  private request(message: unknown): void {
    const envelope = ControlRequest.safeParse(message);
    if (!envelope.success) {
      this.events.notice("claude sent a control request without a request id; it cannot be answered");
      return;
    }
    const { request_id: requestId, request } = envelope.data;
    const tool = CanUseToolRequest.safeParse(request);
    if (!tool.success) {
      const why =
        request.subtype === "can_use_tool"
          ? "Makima could not read this permission request"
          : `Makima does not handle "${request.subtype}" requests`;
      this.writeLine(controlErrorLine(requestId, why));
      this.events.notice(`claude asked something Makima cannot answer (${request.subtype}): refused`);
      return;
    }
    if (this.pending.has(requestId)) return;
    const { tool_name, tool_use_id, input, permission_suggestions, decision_reason } = tool.data;
    this.pending.set(requestId, { toolUseId: tool_use_id });
    this.events.requested({
      requestId,
      toolName: tool_name,
      toolUseId: tool_use_id,
      input,
      suggestions: permission_suggestions ?? [],
      decisionReason: decision_reason,
    });
    if (this.pending.size === 1) this.events.waitingChanged(true);
  }

  private cancel(message: unknown): void {
    const cancel = ControlCancelRequest.safeParse(message);
    if (!cancel.success || !this.pending.has(cancel.data.request_id)) return;
    this.settle(cancel.data.request_id);
    this.events.withdrawn(cancel.data.request_id, "cancelled");
  }

  private settle(requestId: string): void {
    this.pending.delete(requestId);
    if (this.pending.size === 0) this.events.waitingChanged(false);
  }
}
