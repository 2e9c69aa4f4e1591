import { openApiDocument } from "@/lib/shared/api/openapi";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/**
 * GET the API's OpenAPI 3.1 document, made from the route registry and the schemas the routes answer with
 * (lib/shared/api/openapi.ts). Like every route it needs a key (a task's too) or a session.
 */
export const GET = gatedRoute({
  ...API.getOpenApiDocument,
  run: async () => openApiDocument(),
});
