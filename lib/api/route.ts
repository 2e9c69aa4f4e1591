import { z } from "zod";
import { AppError, isAppError } from "../contracts/errors";
import { authenticateApiRequest, type ApiCaller } from "./authenticate";

type Handler<P> = (input: { request: Request; params: P; caller: ApiCaller }) => Promise<unknown>;

/**
 * An `/api/v1` route handler: authenticates the API key, runs the handler, and answers JSON — the handler's value
 * (a Response is passed through), or `{ error }` with the status an AppError names (422 with `issues` for bad input).
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await authenticateApiRequest(request);
      const result = await handler({ request, params: await context.params, caller });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      if (isAppError(error)) return Response.json({ error: error.message }, { status: error.httpStatus });
      if (error instanceof z.ZodError) {
        const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
        return Response.json({ error: issues.map((issue) => issue.message).join("; "), issues }, { status: 422 });
      }
      console.error("[api] request failed:", error);
      return Response.json({ error: "Internal server error" }, { status: 500 });
    }
  };
}

/** The request's JSON body, or an AppError("invalid") when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("invalid", "The request body must be JSON");
  }
}
