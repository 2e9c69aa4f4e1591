import { z } from "zod";

/**
 * The inputs of the tools the task view draws in their own way, as the agent SDK types them (sdk-tools.d.ts:
 * FileEditInput, FileMultiEditInput of older CLIs, FileWriteInput, BashInput, FileReadInput, GrepInput, GlobInput,
 * AgentInput, TodoWriteInput). Read with zod: an input that does not fit is drawn as plain JSON instead, so a CLI that
 * changes a shape costs a prettier view, never a broken one.
 */

const text = z.string();

export const EditInput = z.object({
  file_path: text,
  old_string: text,
  new_string: text,
  replace_all: z.boolean().optional(),
});
export type EditInput = z.infer<typeof EditInput>;

export const MultiEditInput = z.object({
  file_path: text,
  edits: z.array(z.object({ old_string: text, new_string: text, replace_all: z.boolean().optional() })),
});
export type MultiEditInput = z.infer<typeof MultiEditInput>;

export const WriteInput = z.object({ file_path: text, content: text });
export type WriteInput = z.infer<typeof WriteInput>;

export const BashInput = z.object({
  command: text,
  description: text.optional(),
  timeout: z.number().optional(),
  run_in_background: z.boolean().optional(),
});
export type BashInput = z.infer<typeof BashInput>;

export const ReadInput = z.object({ file_path: text, offset: z.number().optional(), limit: z.number().optional() });
export type ReadInput = z.infer<typeof ReadInput>;

export const GrepInput = z.object({
  pattern: text,
  path: text.optional(),
  glob: text.optional(),
  type: text.optional(),
  output_mode: text.optional(),
});
export type GrepInput = z.infer<typeof GrepInput>;

export const GlobInput = z.object({ pattern: text, path: text.optional() });
export type GlobInput = z.infer<typeof GlobInput>;

/** Task (older CLIs) and Agent: the call that starts a subagent. */
export const AgentInput = z.object({
  description: text.optional(),
  prompt: text.optional(),
  subagent_type: text.optional(),
});
export type AgentInput = z.infer<typeof AgentInput>;

/** The tools whose calls start a subagent (`parent_tool_use_id` of its lines is their id). */
export const AGENT_TOOLS: ReadonlySet<string> = new Set(["Task", "Agent"]);

/** `input` read with `schema`, or null when it does not fit. */
export function readInput<T>(schema: z.ZodType<T>, input: unknown): T | null {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data : null;
}
