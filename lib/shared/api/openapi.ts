import { z } from "zod";
import { API_ROUTES, type ApiRouteEntry, type RouteError } from "./routes";
import { apiSchemas, ApiErrorAnswer } from "./schemas";

/**
 * The OpenAPI 3.1 document of `/api/v1`, made from the route registry (lib/shared/api/routes.ts) and the zod schemas the
 * routes take and answer (`z.toJSONSchema`: JSON Schema 2020-12, OpenAPI 3.1's own dialect). Served at
 * `GET /api/v1/openapi.json`.
 */

type JsonSchema = Record<string, unknown>;
type JsonObject = Record<string, unknown>;

const COMPONENT = "#/components/schemas/";
const uri = (id: string) => `${COMPONENT}${id}`;

const ERROR_DESCRIPTIONS: Record<RouteError | 401 | 403 | 500, string> = {
  401: "No key or session; an unknown or revoked key; a disabled person's",
  403: "The caller's role may not, or a task's key reaches another contract",
  404: "No such id",
  409: "Not now: the contract or task is not in a state that allows it",
  422: "Invalid input: `issues` says which field and why",
  503: "The task's daemon is offline",
  500: "Anything else: the answer says no more than “Internal server error”",
};

/** A schema of the registry as a component: without the `$schema` and `$id` each of zod's answers carries. */
function component(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** The schema that is a component's, by reference; any other, inline (what a route takes is never a component). */
function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const id = apiSchemas.get(schema)?.id;
  if (id) return { $ref: uri(id) };
  const json = z.toJSONSchema(schema, {
    io,
    metadata: apiSchemas,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema;
  return component(json);
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

/** What a route takes beyond its path: a GET's query parameters, or a POST's JSON body. */
function inputOf(route: ApiRouteEntry): { parameters: JsonObject[]; requestBody?: JsonObject } {
  const fromPath = pathParameters(route.path);
  const parameters: JsonObject[] = fromPath.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const input = schemaOf(route.input, "input");
  const properties = Object.fromEntries(
    Object.entries((input.properties ?? {}) as Record<string, JsonSchema>).filter(([name]) => !fromPath.includes(name)),
  );
  const required = ((input.required ?? []) as string[]).filter((name) => name in properties);
  if (Object.keys(properties).length === 0) return { parameters };
  if (route.method === "GET") {
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: "query",
        required: required.includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
    return { parameters };
  }
  const body: JsonSchema = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  return {
    parameters,
    requestBody: { required: required.length > 0, content: { "application/json": { schema: body } } },
  };
}

function jsonResponse(description: string, schema: JsonSchema, media = "application/json"): JsonObject {
  return { description, content: { [media]: { schema } } };
}

function operationOf(route: ApiRouteEntry): JsonObject {
  const status = route.status ?? 200;
  const responses: Record<string, JsonObject> = {
    [status]: jsonResponse(status === 201 ? "Created" : "OK", schemaOf(route.output, "output"), route.media),
  };
  for (const code of [401, 403, ...route.errors, 500] as const) {
    const answer = (code !== 401 && code !== 403 && code !== 500 && route.errorAnswers?.[code]) || ApiErrorAnswer;
    responses[code] = jsonResponse(ERROR_DESCRIPTIONS[code], schemaOf(answer, "output"));
  }
  const access = route.taskKeys
    ? `${route.role} or above; a task's key too, for its own contract`
    : `${route.role} or above; not a task's key`;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, `Needs an API key (or a signed-in session) of a ${access}.`]
      .filter(Boolean)
      .join("\n\n"),
    tags: [route.path.split("/")[1]!],
    ...inputOf(route),
    responses,
  };
}

/** The document, built anew from the registry (it is small: a few milliseconds). */
export function openApiDocument(routes: readonly ApiRouteEntry[] = API_ROUTES) {
  const schemas = z.toJSONSchema(apiSchemas, {
    uri,
    metadata: apiSchemas,
    target: "draft-2020-12",
    unrepresentable: "any",
  }).schemas as Record<string, JsonSchema>;
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Makima HTTP API",
      version: "1",
      description:
        "For scripts and agents (and the dashboard, with its session cookie). See docs/API.md for what each route does.",
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, component(schema)])),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key: `Authorization: Bearer <key>`" },
        apiKeyHeader: {
          type: "apiKey",
          in: "header",
          name: "X-Api-Key",
          description: "An API key, the other way to send it",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "better-auth.session_token",
          description: "A signed-in browser's session",
        },
      },
    },
    security: [{ bearer: [] }, { apiKeyHeader: [] }, { session: [] }],
  };
}
