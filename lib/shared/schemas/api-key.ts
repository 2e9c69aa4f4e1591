import { z } from "zod";
import { atMost } from "./text-limit";

/** The longest value each text field of the "New API key" form takes. */
export const API_KEY_LIMITS = { name: 100 } as const;

/** The scopes a person gives keys; "task" keys are made and revoked by the server for each running task. */
export const PersonApiKeyScope = z.enum(["cli", "daemon"], { error: "Scope must be cli or daemon" });
export type PersonApiKeyScope = z.infer<typeof PersonApiKeyScope>;

/** The settings page's "New API key" form (form fields or JSON). */
export const ApiKeyInput = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, { error: "Name is required" })
    .max(API_KEY_LIMITS.name, atMost("Name", API_KEY_LIMITS.name)),
  scope: PersonApiKeyScope,
});
export type ApiKeyInput = z.infer<typeof ApiKeyInput>;

/** A key's "Revoke" button. */
export const RevokeApiKeyInput = z.object({
  id: z.string({ error: "Key id is required" }).trim().min(1, { error: "Key id is required" }).max(100),
});
export type RevokeApiKeyInput = z.infer<typeof RevokeApiKeyInput>;
