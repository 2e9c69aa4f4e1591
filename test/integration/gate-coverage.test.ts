import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FormState } from "../../lib/shared/form-state";
import type { Access } from "../../lib/server/gate";
import { signedInUser } from "../support/auth";
import { startTestServer } from "../support/stack";

// The headers a server action sees: set per call below.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** better-auth's own endpoints (sign-in itself) are the one route outside the gate. */
const OUTSIDE_THE_GATE = ["app/api/auth/[...all]/route.ts"];
/** Entries a visitor without an account must reach: each checks a one-time token of its own. */
const PUBLIC_ACTIONS = ["setupOwnerAction"];
/** Changes that are the person's own (their notification panel, their sessions): a viewer may make them. */
const OWN_ACTIONS = ["dismissNotificationAction", "dismissAllNotificationsAction", "revokeSessionAction"];

function filesUnder(dir: string, name: (file: string) => boolean): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .map((file) => path.join(dir, file))
    .filter((file) => name(file) && !file.endsWith(".test.ts"))
    .sort();
}

type Gated = ((...args: never[]) => Promise<unknown>) & { gate?: { role: Access } };

async function exportsOf(file: string): Promise<[string, Gated][]> {
  const loaded = (await import(path.join(ROOT, file))) as Record<string, unknown>;
  return Object.entries(loaded).filter((entry): entry is [string, Gated] => typeof entry[1] === "function");
}

let server: Awaited<ReturnType<typeof startTestServer>>;
let viewerCookie: string;

beforeAll(async () => {
  server = await startTestServer();
  viewerCookie = (await signedInUser("viewer")).cookie;
});
afterAll(() => server.close());

const routeFiles = filesUnder("app", (file) => file.endsWith("route.ts")).filter(
  (file) => !OUTSIDE_THE_GATE.includes(file),
);
const actionFiles = filesUnder("lib/server/actions", (file) => file.endsWith(".ts"));

describe("every route handler goes through the gate", () => {
  it("finds the routes", () => expect(routeFiles.length).toBeGreaterThan(10));

  it.each(routeFiles)("%s refuses an anonymous caller, and a viewer for any change", async (file) => {
    const handlers = (await exportsOf(file)).filter(([name]) => (HTTP_METHODS as readonly string[]).includes(name));
    expect(handlers.length).toBeGreaterThan(0);
    for (const [method, handler] of handlers) {
      expect(handler.gate, `${method} ${file} is not gated`).toBeDefined();
      const call = (headers: Record<string, string>) =>
        (handler as unknown as (request: Request, context: { params: Promise<unknown> }) => Promise<Response>)(
          new Request(`${server.url}/api/x`, {
            method,
            headers: { "content-type": "application/json", ...headers },
            body: method === "GET" ? undefined : "{}",
          }),
          { params: Promise.resolve({ id: "no-such-id" }) },
        );
      expect((await call({})).status, `${method} ${file} anonymous`).toBe(401);
      const asViewer = await call({ cookie: viewerCookie });
      if (handler.gate!.role === "viewer") {
        // A read: a viewer reads everything (an unknown id is a 404, not a refusal).
        expect(method, `${file}: a change open to viewers`).toBe("GET");
        expect([401, 403], `${method} ${file} viewer`).not.toContain(asViewer.status);
      } else {
        expect(asViewer.status, `${method} ${file} viewer`).toBe(403);
      }
    }
  });
});

describe("every server action goes through the gate", () => {
  it("finds the actions", () => expect(actionFiles.length).toBeGreaterThan(15));

  it.each(actionFiles)("%s refuses an anonymous caller, and a viewer for any change", async (file) => {
    const actions = await exportsOf(file);
    expect(actions.length).toBeGreaterThan(0);
    for (const [name, action] of actions) {
      expect(action.gate, `${name} (${file}) is not gated`).toBeDefined();
      const run = (action as unknown as (previous: FormState, form: FormData) => Promise<FormState>).bind(null, {
        ok: false,
      });
      if (action.gate!.role === "public") {
        expect(PUBLIC_ACTIONS, `${name} is public`).toContain(name);
        continue;
      }
      requestHeaders.current = new Headers();
      const anonymous = await run(new FormData());
      expect(anonymous, `${name} anonymous`).toMatchObject({
        ok: false,
        message: expect.stringMatching(/not signed in/),
      });

      requestHeaders.current = new Headers({ cookie: viewerCookie });
      const asViewer = await run(new FormData());
      if (OWN_ACTIONS.includes(name)) expect(action.gate!.role).toBe("viewer");
      else
        expect(asViewer, `${name} viewer`).toMatchObject({
          ok: false,
          message: expect.stringMatching(/^Your role \(viewer\) may not do this/),
        });
    }
  });
});

const pageFiles = filesUnder("app/(dashboard)", (file) => /(page|layout)\.tsx$/.test(file));

describe("every dashboard page checks the session itself", () => {
  it("finds the pages", () => expect(pageFiles.length).toBeGreaterThan(7));

  // Next.js renders a page without its layouts on a client-side navigation, so the layout's check is not enough.
  it.each(pageFiles)(
    "%s sends an anonymous visitor (or a forged cookie) to /sign-in, its metadata too",
    async (file) => {
      const loaded = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      const props = {
        params: Promise.resolve({ id: "no-such-id" }),
        searchParams: Promise.resolve({}),
        children: null,
      };
      const renderers = [loaded.default, loaded.generateMetadata].filter(
        (fn): fn is (p: typeof props) => Promise<unknown> => typeof fn === "function",
      );
      expect(renderers.length).toBeGreaterThan(0);
      for (const cookie of ["", "better-auth.session_token=forged.value"]) {
        requestHeaders.current = new Headers(cookie ? { cookie } : {});
        for (const render of renderers) {
          await expect(render(props), `${file} ${cookie || "anonymous"}`).rejects.toMatchObject({
            digest: expect.stringMatching(/^NEXT_REDIRECT;\w+;\/sign-in;/),
          });
        }
      }
    },
  );
});
