import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client";
import { sessionActor, type Actor } from "../../lib/server/auth/actor";
import {
  addUser,
  changeUserRole,
  listOwnSessions,
  newPasswordLink,
  revokeOwnSession,
  setUserDisabled,
} from "../../lib/server/auth/users";
import { signedInUser, signIn, TEST_PASSWORD } from "../support/auth";
import { tempDir } from "../support/git";
import { startTestServer } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: Actor;
let admin: Actor;

async function actorOf(role: "owner" | "admin" | "member") {
  const { cookie } = await signedInUser(role);
  return (await sessionActor(new Headers({ cookie })))!;
}

beforeAll(async () => {
  server = await startTestServer();
  owner = await actorOf("owner");
  admin = await actorOf("admin");
});
afterAll(() => server.close());

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Error & { code?: string }) => ({ code: error.code, message: error.message }),
  );

describe("managing users", () => {
  it("an admin adds a member, who sets a password through the one-time link and signs in", async () => {
    const { user, link } = await addUser(admin, { email: "new@makima.test", name: "", role: "member" });
    expect(link).toMatch(new RegExp(`^${server.url}/set-password\\?token=[\\w-]+$`));
    const token = new URL(link).searchParams.get("token")!;
    const { getAuth } = await import("../../lib/server/auth/auth");
    await (await getAuth()).api.resetPassword({ body: { token, newPassword: TEST_PASSWORD } });
    expect((await sessionActor(new Headers({ cookie: await signIn(user.email) })))?.role).toBe("member");
    // The link is spent.
    await expect(
      (await getAuth()).api.resetPassword({ body: { token, newPassword: "another long password" } }),
    ).rejects.toThrow();
  });

  it("an admin may not add, change, disable or make links for owners; an owner may", async () => {
    expect(await refusal(addUser(admin, { email: "o2@makima.test", name: "", role: "owner" }))).toMatchObject({
      code: "forbidden",
    });
    expect(await refusal(changeUserRole(admin, owner.userId, "member"))).toMatchObject({ code: "forbidden" });
    expect(await refusal(setUserDisabled(admin, owner.userId, true))).toMatchObject({ code: "forbidden" });
    expect(await refusal(newPasswordLink(admin, owner.userId))).toMatchObject({ code: "forbidden" });
    const member = await addUser(admin, { email: "m2@makima.test", name: "", role: "member" });
    expect(await refusal(changeUserRole(admin, member.user.id, "owner"))).toMatchObject({ code: "forbidden" });
    expect((await changeUserRole(owner, member.user.id, "owner")).role).toBe("owner");
    expect((await changeUserRole(owner, member.user.id, "viewer")).role).toBe("viewer");
  });

  it("keeps an owner, and nobody disables themselves", async () => {
    const db = getDb();
    const owners = await db.user.findMany({ where: { role: "owner" } });
    for (const other of owners.filter((user) => user.id !== owner.userId))
      await db.user.update({ where: { id: other.id }, data: { role: "member" } });
    expect(await refusal(changeUserRole(owner, owner.userId, "admin"))).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/last owner/),
    });
    expect(await refusal(setUserDisabled(owner, owner.userId, true))).toMatchObject({ code: "conflict" });
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const db = getDb();
    const second = await actorOf("owner");
    await db.user.updateMany({
      where: { role: "owner", id: { notIn: [owner.userId, second.userId] } },
      data: { role: "member" },
    });
    const results = await Promise.allSettled([
      changeUserRole(owner, second.userId, "admin"),
      changeUserRole(second, owner.userId, "admin"),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { role: "owner", disabledAt: null } })).toBe(1);
    // Put the first owner back for the tests after this one.
    if ((await db.user.findUniqueOrThrow({ where: { id: owner.userId } })).role !== "owner") {
      await db.user.update({ where: { id: owner.userId }, data: { role: "owner" } });
    }
  });

  it("disabling ends the person's sessions: the cookie stops working; enabling lets them sign in again", async () => {
    const { user, cookie } = await signedInUser("member");
    expect(await sessionActor(new Headers({ cookie }))).not.toBeNull();
    await setUserDisabled(admin, user.id, true);
    expect(await sessionActor(new Headers({ cookie }))).toBeNull();
    // Refused with the answer a wrong password gets.
    await expect(signIn(user.email)).rejects.toThrow(
      'sign-in failed: 401 {"message":"Invalid email or password","code":"INVALID_EMAIL_OR_PASSWORD"}',
    );
    await setUserDisabled(admin, user.id, false);
    expect(await sessionActor(new Headers({ cookie: await signIn(user.email) }))).not.toBeNull();
  });

  it("a person lists and revokes their own sessions only", async () => {
    const me = await actorOf("member");
    const sessions = await listOwnSessions(me);
    expect(sessions).toEqual([expect.objectContaining({ id: me.sessionId, current: true, ipAddress: null })]);
    expect(await refusal(revokeOwnSession(admin, me.sessionId!))).toMatchObject({ code: "not_found" });
    await revokeOwnSession(me, me.sessionId!);
    expect(await listOwnSessions(me)).toEqual([]);
  });
});

describe("makima user", () => {
  const dataDir = tempDir("makima-user-cli-");
  const makima = (args: string[], input = "") =>
    spawnSync(process.execPath, [path.resolve("bin/makima.mjs"), "user", ...args], {
      input,
      encoding: "utf8",
      env: { ...process.env, MAKIMA_DATA_DIR: dataDir, DATABASE_URL: "" },
    });

  it("adds, lists and changes passwords, reading the password from stdin, with clear refusals", () => {
    expect(makima(["add", "ada@makima.test", "--role", "admin"], "a long enough password\n")).toMatchObject({
      status: 0,
      stdout: "Added ada@makima.test (admin).\n",
    });
    expect(makima(["add", "ada@makima.test", "--role", "admin"], "a long enough password\n")).toMatchObject({
      status: 1,
      stderr: "makima user add: There is already an account for ada@makima.test.\n",
    });
    expect(makima(["add", "bob@makima.test", "--role", "boss"], "a long enough password\n")).toMatchObject({
      status: 1,
      stderr: "makima user add: Choose a role: viewer, member, admin, owner\n",
    });
    expect(makima(["add", "bob@makima.test", "--role", "member"], "short\n")).toMatchObject({
      status: 1,
      stderr: "makima user add: Password must be at least 12 characters\n",
    });
    expect(makima(["add", "bob@makima.test"]).status).toBe(2);
    expect(makima(["passwd", "ada@makima.test"], "another long password\n")).toMatchObject({ status: 0 });
    expect(makima(["passwd", "nobody@makima.test"], "another long password\n")).toMatchObject({
      status: 1,
      stderr: "makima user passwd: there is no account for nobody@makima.test\n",
    });
    const list = makima(["list"]);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^EMAIL +ROLE +STATUS +CREATED\nada@makima\.test +admin +active +\d{4}-/);
    expect(list.stdout).not.toContain("bob@");
  });
});
