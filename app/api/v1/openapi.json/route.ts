import { openApiDocument } from "@/lib/api/openapi";
import { OpenApiAnswer } from "@/lib/api/schemas";
import { gatedRoute, NoInput } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/**
 * GET the API's OpenAPI 3.1 document, made from the route registry and the schemas the routes answer with
 * (lib/api/openapi.ts). Like every route it needs a key (a task's too) or a session.
 */
export const GET = gatedRoute({
  role: "viewer",
  taskKeys: true,
  input: NoInput,
  output: OpenApiAnswer,
  run: async () => openApiDocument(),
});
