import "server-only";
import { AppError } from "../../shared/app-error";
import { getRuntime } from "../runtime";
import { RemoveOrphanWorktreeInput } from "../../shared/schemas/daemon";

/** Removes a worktree folder no task owns from its daemon; returns what the daemon did. */
export async function removeOrphanWorktree(input: RemoveOrphanWorktreeInput): Promise<string> {
  const { id } = RemoveOrphanWorktreeInput.parse(input);
  const result = await getRuntime().removeOrphanWorktree(id);
  if (!result.ok) throw new AppError("unavailable", result.error);
  return result.message ?? "Worktree removed";
}
