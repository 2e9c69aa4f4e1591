import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { hasRole, type Role } from "../shared/auth/roles";
import { AppError, isAppError } from "../shared/app-error";
import { errorFormState, formValues, invalidFormState, type FormState } from "../shared/form-state";
import { apiKeyActor, sessionActor, type Actor } from "./auth/actor";

/**
 * The one gate every server action and route handler goes through: it authenticates (a session cookie, or an API
 * key for route handlers), checks the role, validates the input with its zod schema, runs the use case and maps
 * its errors (401, 403, 404, 422, 409, a generic 500 without internals). Each gated function carries its `gate`
 * declaration, so a test can walk every action and route and prove none skips it.
 *
 * `public` is for the few entries a visitor without an account must reach (the first owner's set-up); they check
 * their own one-time token.
 */
export type Access = Role | "public";
export type Gated<F> = F & { gate: { role: Access } };

type ActorFor<T extends Access> = T extends "public" ? Actor | null : Actor;

/** Refuses the request unless the actor may act with `role`. */
export function authorize(actor: Actor | null, role: Access): void {
  if (role === "public") return;
  if (!actor) throw new AppError("unauthorized", "You are not signed in (or your session has ended): sign in again.");
  if (!hasRole(actor.role, role)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not do this: it needs ${role} or above.`);
  }
}

/** The state a form action answers: FormState, plus any extra fields its use case returns (e.g. a new key's secret). */
type StateOf<R> = [Exclude<R, void>] extends [never]
  ? FormState
  : FormState & Partial<Omit<Exclude<R, void>, keyof FormState>>;

/** A form's server action (`useActionState`): the form's text fields are the input; errors come back as form state. */
export function gatedFormAction<T extends Access, S extends z.ZodType, R extends FormState | void>(spec: {
  role: T;
  input: S;
  run: (input: z.infer<S>, context: { actor: ActorFor<T> }) => Promise<R>;
}): Gated<(previous: StateOf<R>, formData: FormData) => Promise<StateOf<R>>> {
  const action = async (_previous: StateOf<R>, formData: FormData): Promise<StateOf<R>> => {
    const values = formValues(formData);
    try {
      const actor = await sessionActor(await headers());
      authorize(actor, spec.role);
      const parsed = spec.input.safeParse(values);
      if (!parsed.success) return invalidFormState(parsed.error, values) as StateOf<R>;
      return ((await spec.run(parsed.data, { actor: actor as ActorFor<T> })) ?? { ok: true }) as StateOf<R>;
    } catch (error) {
      // redirect() and notFound() end an action by throwing: let Next.js have them.
      unstable_rethrow(error);
      return errorFormState(error, values) as StateOf<R>;
    }
  };
  return Object.assign(action, { gate: { role: spec.role } });
}

type RouteContext<P> = { params: Promise<P> };

interface RouteSpec<S extends z.ZodType, P, O extends z.ZodType> {
  role: Role;
  /** Whether a task's key may call it (the contract and task routes, which check the contract themselves). */
  taskKeys?: boolean;
  /** Parsed from the route's params, its query string and its JSON body (when it has one); params win. */
  input: S;
  /**
   * The answer's schema (lib/shared/api/schemas.ts): it types what `run` returns and documents the route in the OpenAPI
   * document. Answers are not parsed with it. A Response (another status, or an error) is passed through as it is.
   */
  output?: O;
  run: (input: z.infer<S>, context: { actor: Actor; request: Request; params: P }) => Promise<z.infer<O> | Response>;
}

/** What a route handler's gate declares: who may call it, and what it takes and answers (for the OpenAPI document). */
export interface RouteGate {
  role: Role;
  taskKeys: boolean;
  input: z.ZodType;
  output: z.ZodType | undefined;
}

/**
 * A route handler: the caller is an API key (`Authorization: Bearer`) or a browser session. Answers JSON: the use
 * case's value (a Response is passed through), or `{ error }` with the status the error maps to.
 */
export function gatedRoute<S extends z.ZodType, P = Record<string, never>, O extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<S, P, O>,
): Gated<(request: Request, context: RouteContext<P>) => Promise<Response>> & { gate: RouteGate } {
  const handler = async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const actor = (await apiKeyActor(request.headers)) ?? (await sessionActor(request.headers));
      // A script or agent without a key must learn how to send one, not to "sign in again".
      if (!actor)
        throw new AppError(
          "unauthorized",
          "An API key is required: send it as `Authorization: Bearer <key>` (or sign in)",
        );
      authorize(actor, spec.role);
      if (actor?.via === "task_key" && !spec.taskKeys)
        throw new AppError("forbidden", "A task's API key reaches its own contract's routes only");
      const params = await context.params;
      const input = spec.input.parse(await rawInput(request, params));
      const result = await spec.run(input, { actor: actor!, request, params });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
  const gate: RouteGate = { role: spec.role, taskKeys: spec.taskKeys ?? false, input: spec.input, output: spec.output };
  return Object.assign(handler, { gate });
}

async function rawInput(request: Request, params: unknown): Promise<Record<string, unknown>> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  let body: unknown = {};
  if (request.method !== "GET" && request.method !== "HEAD" && request.headers.get("content-length") !== "0") {
    const text = await request.text();
    // Only JSON: a cross-site `<form enctype="text/plain">` cannot send this content type.
    if (text.trim() && !/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
      throw new AppError("invalid", "The request body must be JSON, sent with Content-Type: application/json");
    }
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError("invalid", "The request body must be JSON");
      }
    }
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new AppError("invalid", "The request body must be a JSON object");
  return { ...query, ...body, ...(params as object) };
}

/** An error as the API answers it; anything not an AppError or a validation error is a 500 that says nothing more. */
function errorResponse(error: unknown): Response {
  if (isAppError(error)) return Response.json({ error: error.message }, { status: error.httpStatus });
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return Response.json({ error: issues.map((issue) => issue.message).join("; "), issues }, { status: 422 });
  }
  console.error("[api] request failed:", error);
  return Response.json({ error: "Internal server error" }, { status: 500 });
}
