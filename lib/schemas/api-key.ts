import { z } from "zod";

/** The scopes a person gives keys; "task" keys are made and revoked by the server for each running task. */
export const PersonApiKeyScope = z.enum(["cli", "daemon"], { error: "Scope must be cli or daemon" });
export type PersonApiKeyScope = z.infer<typeof PersonApiKeyScope>;

/** The settings page's "New API key" form (form fields or JSON). */
export const ApiKeyInput = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, { error: "Name is required" })
    .max(100, { error: "Name must be at most 100 characters" }),
  scope: PersonApiKeyScope,
});
export type ApiKeyInput = z.infer<typeof ApiKeyInput>;

/** A key's "Revoke" button. */
export const RevokeApiKeyInput = z.object({
  id: z.string({ error: "Key id is required" }).trim().min(1, { error: "Key id is required" }).max(100),
});
export type RevokeApiKeyInput = z.infer<typeof RevokeApiKeyInput>;
