import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyActor } from "../../lib/server/auth/actor";
import { getDb } from "../../lib/server/db/client";
import { createTestUser } from "../support/auth";
import { startTestDaemon, startTestServer, waitFor } from "../support/stack";

/**
 * Issue 16, item 4: `makima key create`, run beside a live server on its database (as on the server's machine),
 * provisions a daemon and a script without a browser.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const makimaKey = (...args: string[]) =>
  spawnSync(process.execPath, [path.resolve("bin/makima.mjs"), "key", ...args], {
    encoding: "utf8",
    env: { ...process.env, MAKIMA_DATA_DIR: server.dataDir, DATABASE_URL: "" },
  });
const lastLine = (stdout: string) => stdout.trimEnd().split("\n").at(-1)!;

describe("makima key create", () => {
  it("prints a daemon key on its last line, with which a daemon connects", async () => {
    const made = makimaKey("create", "--scope", "daemon", "--name", "rack 7");
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^Created the daemon key "rack 7" \(the server's own\)\. It is shown this once/);
    const key = lastLine(made.stdout);
    expect(key).toMatch(/^mk_[\w-]{20,}$/);
    // Shown once, stored as a hash only.
    const row = await getDb().apiKey.findFirstOrThrow({ where: { name: "rack 7" } });
    expect(row).toMatchObject({ scope: "daemon", userId: null });
    expect(JSON.stringify(row)).not.toContain(key);
    expect(await getDb().auditEvent.findFirst({ where: { targetId: row.id } })).toMatchObject({
      action: "api_key.create",
      actorId: null,
      actorLabel: "makima key create",
    });

    const daemon = startTestDaemon({ serverUrl: server.url, apiKey: key, hostname: "rack-7" });
    try {
      await waitFor(
        async () =>
          (await getDb().daemon.findFirst({ where: { hostname: "rack-7", status: "connected" } })) ?? undefined,
      );
    } finally {
      await daemon.stop();
    }
  });

  it("prints a cli key of a person, which the HTTP API takes as them", async () => {
    const person = await createTestUser("member");
    const made = makimaKey("create", "--scope", "cli", "--user", person.email);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain(`for ${person.email}`);
    // The gate's own reading of a request that carries it.
    const actor = await apiKeyActor(new Headers({ authorization: `Bearer ${lastLine(made.stdout)}` }));
    expect(actor).toMatchObject({ userId: person.id, email: person.email, role: "member", via: "api_key" });
  });

  it("refuses what it must not make, with a clear message and exit 1", async () => {
    const member = await createTestUser("member");
    const disabled = await createTestUser("admin");
    await getDb().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const refusals: [string[], string][] = [
      [["--scope", "task"], "Scope must be cli or daemon"],
      [["--scope", "cli"], "A cli key acts as a person: name one with --user EMAIL."],
      [["--scope", "daemon", "--user", "nobody@makima.test"], "There is no account for nobody@makima.test."],
      [["--scope", "daemon", "--user", "not an email"], "Enter an email address such as you@example.com"],
      [["--scope", "daemon", "--user", member.email], `${member.email} is a member.`],
      [["--scope", "cli", "--user", disabled.email], `The account of ${disabled.email} is disabled.`],
      [["--scope", "daemon", "--name", "x".repeat(101)], "Name must be at most 100 characters"],
    ];
    const before = await getDb().apiKey.count();
    for (const [args, message] of refusals) {
      const refused = makimaKey("create", ...args);
      expect(refused.status, args.join(" ")).toBe(1);
      expect(refused.stderr).toContain(message);
      expect(refused.stdout).toBe("");
    }
    expect(await getDb().apiKey.count()).toBe(before);
    expect(makimaKey("create").status).toBe(2);
    expect(makimaKey("make").status).toBe(2);
  });
});
