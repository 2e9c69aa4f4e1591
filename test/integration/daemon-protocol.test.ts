import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { DAEMON_NAMESPACE, DaemonEvent, type MessageAck } from "../../lib/shared/protocol/daemon";
import { daemonKey, startTestDaemon, startTestServer, waitFor } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  sockets.forEach((socket) => socket.close());
  await server?.close();
});

async function rawDaemonSocket(): Promise<Socket> {
  const socket = io(server.url + DAEMON_NAMESPACE, { transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

const send = (socket: Socket, message: unknown): Promise<MessageAck> =>
  socket.timeout(5000).emitWithAck(DaemonEvent.message, message);

const identity = { machineId: "raw-1", hostname: "raw-host", maxConcurrentTasks: 2, version: "test" };

describe("the /daemon endpoint", () => {
  it("refuses a bad API key with a clear message on both sides", async () => {
    const serverLog = vi.spyOn(console, "warn");
    const daemon = startTestDaemon({ serverUrl: server.url, apiKey: "mk_wrong" });
    const outcome = await daemon.stopped;
    expect(outcome.refused).toBe("Authentication failed: the API key is invalid or revoked");
    expect(serverLog.mock.calls.flat().join("\n")).toContain('refused daemon "test-daemon"');
    expect(await getDb().daemon.count()).toBe(0);
    serverLog.mockRestore();
  });

  it("refuses a revoked key", async () => {
    const key = await daemonKey("revoked");
    await getDb().apiKey.updateMany({ data: { revokedAt: new Date() }, where: { name: "revoked" } });
    const socket = await rawDaemonSocket();
    const answer = await send(socket, { type: "authenticate", apiKey: key, ...identity });
    expect(answer).toEqual({
      ok: false,
      error: "Authentication failed: the API key is invalid or revoked",
      fatal: true,
    });
  });

  it("answers messages before authenticate with an error", async () => {
    const socket = await rawDaemonSocket();
    const answer = await send(socket, { type: "heartbeat", runningTaskIds: [] });
    expect(answer).toMatchObject({ ok: false, error: "Not authenticated: send authenticate first" });
  });

  it("rejects malformed messages and keeps the connection", async () => {
    const socket = await rawDaemonSocket();
    expect(await send(socket, { type: "authenticate", apiKey: await daemonKey(), ...identity })).toMatchObject({
      ok: true,
    });

    const garbage = [
      null,
      "hello",
      42,
      { type: "noSuchMessage" },
      { type: "taskOutput", taskId: "x", lines: [{ seq: -1, stream: "stdout", line: "a", jsonType: null }] },
      { type: "taskOutput", taskId: "x", lines: [] },
      { type: "heartbeat" },
    ];
    for (const message of garbage) {
      const answer = await send(socket, message);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error).toMatch(/^Invalid message: /);
    }
    // Output for a task that is not this daemon's is refused, too.
    const foreign = await send(socket, {
      type: "taskOutput",
      taskId: "not-mine",
      lines: [{ seq: 1, stream: "stdout", line: "x", jsonType: null }],
    });
    expect(foreign).toMatchObject({ ok: false, error: "Task not-mine is not assigned to this daemon" });

    expect(socket.connected).toBe(true);
    expect(await send(socket, { type: "heartbeat", runningTaskIds: [] })).toEqual({ ok: true });
  });

  it("hands a daemon over to its new connection while the old one is still open, and keeps it connected", async () => {
    const apiKey = await daemonKey();
    const same = { type: "authenticate", apiKey, ...identity, machineId: "raw-twice", hostname: "twice" };
    const old = await rawDaemonSocket();
    expect(await send(old, same)).toMatchObject({ ok: true });
    const closed = new Promise((resolve) => old.once("disconnect", resolve));
    const fresh = await rawDaemonSocket();
    expect(await send(fresh, { ...same, restarts: 1 })).toMatchObject({ ok: true });
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const row = await getDb().daemon.findUniqueOrThrow({ where: { machineId: "raw-twice" } });
    expect(row).toMatchObject({ status: "connected", disconnectedAt: null, restarts: 1 });
    expect(await send(fresh, { type: "heartbeat", runningTaskIds: [] })).toEqual({ ok: true });
  });

  it("heartbeats update the daemon's last heartbeat", async () => {
    const daemon = startTestDaemon({ serverUrl: server.url, apiKey: await daemonKey(), hostname: "beating" });
    const row = await waitFor(() =>
      getDb()
        .daemon.findFirst({ where: { hostname: "beating", status: "connected" } })
        .then((d) => d ?? undefined),
    );
    await waitFor(
      async () => {
        const now = await getDb().daemon.findUniqueOrThrow({ where: { id: row.id } });
        return now.lastHeartbeatAt > row.lastHeartbeatAt;
      },
      5_000,
      "a heartbeat",
    );
    await daemon.stop();
  });
});
