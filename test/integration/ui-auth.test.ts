import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { UI_NAMESPACE, UiEvent, type TaskHistoryPage } from "../../lib/shared/protocol/ui";
import type { Actor } from "../../lib/server/auth/actor";
import { getAuth } from "../../lib/server/auth/auth";
import { setUserDisabled } from "../../lib/server/auth/users";
import { UI_REFUSALS } from "../../lib/server/ui-hub";
import { signedInUser, uiSocket } from "../support/auth";
import { createGitRepo } from "../support/git";
import { startTestServer } from "../support/stack";

/**
 * The `/ui` socket's handshake over real sockets: only a signed-in person's browser on one of the server's own
 * origins connects, and its sockets go when the session ends.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let taskId: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const db = getDb();
  const contract = await db.contract.create({ data: { name: "watched", repository: createGitRepo() } });
  const task = await db.task.create({
    data: { contractId: contract.id, name: "watched task", plan: "p", status: "completed" },
  });
  taskId = task.id;
  await db.taskOutput.createMany({
    data: [1, 2, 3].map((seq) => ({ taskId, seq, stream: "stdout", line: `secret output ${seq}`, jsonType: null })),
  });
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  await server?.close();
});

/** A `/ui` socket with exactly these handshake headers (none added), that does not retry. */
function rawSocket(headers: Record<string, string>): Socket {
  const socket = io(server.url + UI_NAMESPACE, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  sockets.push(socket);
  return socket;
}

function browser(cookie: string): Socket {
  const socket = uiSocket(server.url, cookie);
  sockets.push(socket);
  return socket;
}

/** Resolves with the refusal's message, or fails if the socket connects (or nothing happens within 5 s). */
function refusal(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("neither connected nor refused within 5 s")), 5_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      reject(new Error("the socket connected"));
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("not connected within 5 s")), 5_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(new Error(`refused: ${error.message}`));
    });
  });
}

/** The reason the server gave for ending the socket, or fails after `timeoutMs`. */
function disconnection(socket: Socket, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

const history = (socket: Socket): Promise<TaskHistoryPage> =>
  socket.timeout(5_000).emitWithAck(UiEvent.subscribeTask, { taskId, afterSeq: 0 });

describe("the /ui handshake", () => {
  it("refuses an anonymous browser on the server's own origin: unauthorized", async () => {
    expect(UI_REFUSALS.unauthorized).toBe("unauthorized");
    expect(await refusal(rawSocket({ origin: server.url }))).toBe("unauthorized");
  });

  it("refuses a valid session from a foreign origin: origin not allowed", async () => {
    const { cookie } = await signedInUser("owner");
    expect(await refusal(rawSocket({ cookie, origin: "http://evil.example" }))).toBe("origin not allowed");
    // The same host on another port, or another scheme's look-alike, is another origin.
    expect(await refusal(rawSocket({ cookie, origin: `http://127.0.0.1:${server.port + 1}` }))).toBe(
      "origin not allowed",
    );
  });

  it("refuses Origin: null and a handshake without any Origin", async () => {
    const { cookie } = await signedInUser("owner");
    expect(await refusal(rawSocket({ cookie, origin: "null" }))).toBe("origin not allowed");
    expect(await refusal(rawSocket({ cookie }))).toBe("origin not allowed");
    expect(await refusal(rawSocket({ cookie, "sec-fetch-site": "cross-site" }))).toBe("origin not allowed");
  });

  it("lets the polling transport's same-origin handshake in: no Origin, but Sec-Fetch-Site: same-origin", async () => {
    const { cookie } = await signedInUser("viewer");
    const polling = io(server.url + UI_NAMESPACE, {
      transports: ["polling"],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie, "sec-fetch-site": "same-origin" },
    });
    sockets.push(polling);
    await connected(polling);
    expect((await history(polling)).lines).toBeDefined();
  });

  it("refuses a forged session cookie: unauthorized", async () => {
    expect(await refusal(rawSocket({ cookie: "better-auth.session_token=forged.value", origin: server.url }))).toBe(
      "unauthorized",
    );
  });

  it("lets a signed-in viewer on the server's own origin connect and read a task's history", async () => {
    const { cookie } = await signedInUser("viewer");
    const socket = browser(cookie);
    await connected(socket);
    const page = await history(socket);
    expect(page.hasMore).toBe(false);
    expect(page.lines.map((line) => [line.seq, line.line])).toEqual([
      [1, "secret output 1"],
      [2, "secret output 2"],
      [3, "secret output 3"],
    ]);
  });
});

describe("a session that ends", () => {
  it("signing out disconnects that session's sockets (and no one else's), and its cookie no longer connects", async () => {
    const { cookie } = await signedInUser("member");
    const other = await signedInUser("member");
    const [first, second, bystander] = [browser(cookie), browser(cookie), browser(other.cookie)];
    await Promise.all([connected(first), connected(second), connected(bystander)]);
    const reasons = Promise.all([disconnection(first), disconnection(second)]);

    await (await getAuth()).api.signOut({ headers: new Headers({ cookie }) });

    expect(await reasons).toEqual(["io server disconnect", "io server disconnect"]);
    expect(bystander.connected).toBe(true);
    expect((await history(bystander)).lines).toHaveLength(3);
    expect(await refusal(rawSocket({ cookie, origin: server.url }))).toBe("unauthorized");
  });

  it("disabling the account disconnects its sockets and keeps them out", async () => {
    const { user, cookie } = await signedInUser("member");
    const owner = await signedInUser("owner");
    const socket = browser(cookie);
    await connected(socket);
    const reason = disconnection(socket);

    const actor: Actor = {
      userId: owner.user.id,
      email: owner.user.email,
      role: "owner",
      via: "session",
      ipAddress: null,
    };
    await setUserDisabled(actor, user.id, true);

    expect(await reason).toBe("io server disconnect");
    expect(await refusal(rawSocket({ cookie, origin: server.url }))).toBe("unauthorized");
  });
});
