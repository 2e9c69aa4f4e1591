import { describe, expect, it } from "vitest";
import type { DaemonMessage, MessageAck } from "../../lib/shared/protocol/daemon";
import { Outbox } from "./outbox";
import type { RelayTransport } from "./transport";

class Transport implements RelayTransport {
  ready = false;
  received: string[] = [];
  isReady() {
    return this.ready;
  }
  async send(message: DaemonMessage): Promise<MessageAck> {
    if (!this.ready) throw new Error("not connected");
    this.received.push(message.type === "taskStatusChange" ? message.status : message.type);
    return { ok: true };
  }
}

describe("Outbox", () => {
  it("holds messages while disconnected and delivers them in order after resume", async () => {
    const transport = new Transport();
    const outbox = new Outbox(transport);
    let delivered = false;
    void outbox.send({ type: "taskStatusChange", taskId: "t", status: "running" });
    const complete = outbox
      .send({ type: "taskComplete", taskId: "t", success: true, status: "completed", error: null, exitCode: 0 })
      .then(() => (delivered = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(delivered).toBe(false);
    transport.ready = true;
    outbox.resume();
    await complete;
    expect(transport.received).toEqual(["running", "taskComplete"]);
  });
});
