import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApi } from "../../app/api/v1/openapi.json/route";
import { openApiDocument } from "../../lib/shared/api/openapi";
import { API_ROUTES, type ApiRouteEntry } from "../../lib/shared/api/routes";
import { ApiErrorAnswer, OpenApiAnswer } from "../../lib/shared/api/schemas";
import { getDb } from "../../lib/server/db/client";
import type { RouteGate } from "../../lib/server/gate";
import { personKey } from "../support/auth";
import { callRoute, type ApiRoute } from "../support/api-route";
import { createGitRepo } from "../support/git";
import { startTestServer } from "../support/stack";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = "app/api/v1";
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** `app/api/v1/contracts/[id]/status/route.ts` → `/contracts/{id}/status`. */
function routePath(file: string): string {
  const folder = path.dirname(path.relative(API_DIR, file));
  return `/${
    folder === "."
      ? ""
      : folder
          .split(path.sep)
          .map((part) => part.replace(/^\[(\w+)\]$/, "{$1}"))
          .join("/")
  }`;
}

const routeFiles = fs
  .readdirSync(path.join(ROOT, API_DIR), { recursive: true, encoding: "utf8" })
  .filter((file) => path.basename(file) === "route.ts")
  .map((file) => path.join(API_DIR, file))
  .sort();

type Handler = ApiRoute<{ id: string }> & { gate?: RouteGate };

/** Every exported method of every route file, with its handler. */
async function handlersOnDisk(): Promise<{ method: string; path: string; file: string; handler: Handler }[]> {
  const found = [];
  for (const file of routeFiles) {
    const loaded = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, handler] of Object.entries(loaded)) {
      if (HTTP_METHODS.includes(name))
        found.push({ method: name, path: routePath(file), file, handler: handler as Handler });
    }
  }
  return found;
}

const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const document = openApiDocument();

/** Every `$ref` in the document, with where it is. */
function refsOf(value: unknown, where = "#"): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsOf(item, `${where}/${index}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([name, item]): [string, string][] =>
    name === "$ref" && typeof item === "string" ? [[where, item]] : refsOf(item, `${where}/${name}`),
  );
}

function resolve(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  return pointer
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined),
      document,
    );
}

type Operation = {
  operationId: string;
  parameters: { name: string; in: string }[];
  responses: Record<string, unknown>;
};
const operations = Object.entries(document.paths).flatMap(([url, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ url, method, operation: operation as unknown as Operation })),
);

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("resolves every $ref, declares every path parameter and names each operation once", () => {
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const [where, ref] of refs) expect(resolve(ref), `${ref} at ${where}`).toBeDefined();
    // A schema made inline must not carry $defs of its own: their "#/$defs/…" refs would point nowhere here.
    expect(JSON.stringify(document)).not.toContain("$defs");

    for (const { url, method, operation } of operations) {
      const inPath = [...url.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = operation.parameters
        .filter((parameter) => parameter.in === "path")
        .map((parameter) => parameter.name);
      expect(declared.sort(), `${method} ${url}`).toEqual(inPath.sort());
      expect(Object.keys(operation.responses), `${method} ${url}`).toEqual(
        expect.arrayContaining(["401", "403", "500"]),
      );
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has every route file and method of app/api/v1, and nothing else", async () => {
    const onDisk = await handlersOnDisk();
    expect(onDisk.length).toBeGreaterThan(10);
    expect(onDisk.map(key).sort()).toEqual(API_ROUTES.map(key).sort());
    expect(
      operations.map(({ url, method }) => `${method.toUpperCase()} ${url.replace(/^\/api\/v1/, "")}`).sort(),
    ).toEqual(API_ROUTES.map(key).sort());
  });

  it("says of each route what its handler's gate declares: role, task keys, input and output", async () => {
    const registry = new Map(API_ROUTES.map((route) => [key(route), route]));
    for (const found of await handlersOnDisk()) {
      const entry = registry.get(key(found))!;
      const gate = found.handler.gate!;
      expect(gate, `${key(found)} (${found.file}) is not gated`).toBeDefined();
      expect({ role: gate.role, taskKeys: gate.taskKeys }, key(found)).toEqual({
        role: entry.role,
        taskKeys: entry.taskKeys,
      });
      expect(gate.input === entry.input, `${key(found)}: the registry's input is not the handler's`).toBe(true);
      expect(gate.output === entry.output, `${key(found)}: the registry's output is not the handler's`).toBe(true);
    }
  });
});

describe("the routes' answers", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let memberKey: string;
  let adminKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    memberKey = await personKey("member");
    adminKey = await personKey("admin");
  });
  afterAll(() => server.close());

  it("serves the document at GET /api/v1/openapi.json, to a key", async () => {
    const viewer = await personKey("viewer");
    const { status, body } = await callRoute(getOpenApi, {}, { key: viewer });
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(document)));
    expect(OpenApiAnswer.parse(body).openapi).toBe("3.1.0");
    expect((await callRoute(getOpenApi, {}, { key: null })).status).toBe(401);
  });

  it("answers each route with a status the document lists, in the shape of its schema", async () => {
    const db = getDb();
    const contract = await db.contract.create({ data: { name: "Typed", repository: createGitRepo() } });
    const byRoute = new Map((await handlersOnDisk()).map((found) => [key(found), found.handler]));
    const answered = new Set<string>();
    let taskId = "";

    /** Calls the route and checks the answer against the registry's schema for its status. */
    async function check(route: ApiRouteEntry, call: { id?: string; body?: unknown; query?: string }) {
      const { status, body } = await callRoute(
        byRoute.get(key(route))!,
        { id: call.id ?? "" },
        {
          key: route.role === "admin" ? adminKey : memberKey,
          method: route.method,
          body: route.method === "POST" ? (call.body ?? {}) : undefined,
          query: call.query,
        },
      );
      const success = route.status ?? 200;
      const documented = [success, 401, 403, 500, ...route.errors];
      expect(documented, `${key(route)} answered ${status}: ${JSON.stringify(body)}`).toContain(status);
      const schema: z.ZodType =
        status === success ? route.output : (route.errorAnswers?.[status as 409] ?? ApiErrorAnswer);
      const parsed = schema.safeParse(body);
      expect(parsed.success, `${key(route)} ${status}: ${parsed.error?.message}`).toBe(true);
      answered.add(key(route));
      return { status, body };
    }

    const calls: Record<string, (route: ApiRouteEntry) => Promise<unknown>> = {
      "POST /contracts/{id}/tasks": async (route) => {
        const { status, body } = await check(route, {
          id: contract.id,
          body: { name: "Typed task", plan: "scenario:text" },
        });
        expect(status).toBe(201);
        taskId = body.task.id;
      },
      "POST /contracts/{id}/reports": async (route) =>
        expect((await check(route, { id: contract.id, body: { progress: "half" } })).status).toBe(201),
      "GET /tasks/{id}/file": (route) => check(route, { id: taskId, query: "?path=README.md" }),
      "GET /tasks/{id}/output": (route) => check(route, { id: taskId, query: "?afterSeq=0&limit=10" }),
      "GET /audit": async (route) => expect((await check(route, { query: "?limit=5" })).status).toBe(200),
      "POST /contracts/{id}/complete": (route) => check(route, { id: contract.id }),
    };
    // Spawn and report first, complete last; the rest in between, on the contract and the task made.
    const order = [...API_ROUTES].sort((a, b) => rank(a) - rank(b));
    function rank(route: ApiRouteEntry) {
      if (route.method === "POST" && route.path !== "/contracts/{id}/complete") return 0;
      return route.path === "/contracts/{id}/complete" ? 2 : 1;
    }
    for (const route of order) {
      const call = calls[key(route)];
      if (call) await call(route);
      else await check(route, { id: route.path.startsWith("/tasks/") ? taskId : contract.id });
    }
    expect([...answered].sort()).toEqual(API_ROUTES.map(key).sort());
  });
});
