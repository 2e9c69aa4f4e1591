import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../../test/support/db";
import type { PrismaClient } from "../db/client";
import type { DaemonLoginEvent } from "../../shared/protocol/ui";
import { DaemonLogins, LOGIN_LINK_LIFETIME_MS } from "./daemon-logins";
import { Notifier } from "../notifications/notifier";

const LINK = "https://claude.ai/oauth/authorize?abc";
const testDb = useTestDatabase("makima-logins-");
let db: PrismaClient;
let events: DaemonLoginEvent[];
let connected: boolean;
let answer: { ok: true; message: string } | { ok: false; error: string };
let logins: DaemonLogins;
let daemonId: string;

beforeEach(async () => {
  db = testDb();
  logins?.stopTimers();
  events = [];
  connected = true;
  answer = { ok: true, message: "created a token" };
  const transport = { isConnected: () => connected, request: vi.fn(async () => answer) };
  const notifier = new Notifier(db, { created: () => {}, dismissed: () => {} });
  logins = new DaemonLogins(db, transport as never, notifier, (event) => events.push(event));
  daemonId = (
    await db.daemon.create({ data: { machineId: crypto.randomUUID(), hostname: "box", version: "1", capacity: 1 } })
  ).id;
});

const required = (loginUrl: string | null) =>
  logins.required(daemonId, {
    type: "authenticationRequired",
    taskId: "gone-task",
    loginUrl,
    hostname: "box",
    message: "log in",
  });
const latest = () => db.daemonLogin.findFirstOrThrow({ where: { daemonId }, orderBy: { createdAt: "desc" } });

describe("DaemonLogins", () => {
  it("records a link as waiting and notifies; without a link the person must log in by hand", async () => {
    await required(LINK);
    expect(await latest()).toMatchObject({ status: "waiting", loginUrl: LINK, taskId: null });
    expect(await db.notification.findFirst({ where: { daemonId, kind: "login_required" } })).toMatchObject({
      loginUrl: LINK,
    });
    await required(null);
    expect(await latest()).toMatchObject({ status: "manual", loginUrl: null, message: "log in" });
    expect(events.map((event) => event.status)).toEqual(["waiting", "manual"]);
  });

  it("carries a code to a connected daemon once, and records its answer", async () => {
    await required(LINK);
    const login = await latest();
    expect(await logins.submitCode(login.id, "code")).toEqual({ ok: true, message: "created a token" });
    expect(await latest()).toMatchObject({ status: "succeeded", message: "created a token" });
    expect(await logins.submitCode(login.id, "code")).toEqual({
      ok: false,
      error: "This login is not waiting for a code (it is succeeded)",
    });

    await required(LINK);
    answer = { ok: false, error: "Error: invalid code" };
    expect(await logins.submitCode((await latest()).id, "bad")).toEqual({ ok: false, error: "Error: invalid code" });
    expect(await latest()).toMatchObject({ status: "failed", message: "Error: invalid code" });
  });

  it("keeps the code when the daemon is offline, and knows no unknown login", async () => {
    await required(LINK);
    connected = false;
    expect(await logins.submitCode((await latest()).id, "code")).toEqual({
      ok: false,
      error: "The daemon box is offline; the code was not sent",
    });
    expect(await latest()).toMatchObject({ status: "waiting" });
    expect(await logins.submitCode("nope", "code")).toEqual({ ok: false, error: "This login is no longer known" });
  });

  it("expires a link nobody answered, also one left by an earlier run", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      await required(LINK);
      await vi.advanceTimersByTimeAsync(LOGIN_LINK_LIFETIME_MS);
      await vi.waitFor(async () =>
        expect(await latest()).toMatchObject({ status: "failed", message: expect.stringMatching(/expired/) }),
      );

      const old = await db.daemonLogin.create({
        data: { daemonId, loginUrl: LINK, createdAt: new Date(Date.now() - LOGIN_LINK_LIFETIME_MS - 1) },
      });
      await logins.expireStale();
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(async () =>
        expect(await db.daemonLogin.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "failed" }),
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
