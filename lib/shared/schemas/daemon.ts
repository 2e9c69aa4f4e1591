import { z } from "zod";

/** The daemons page's "Remove" button on an orphan worktree. */
export const RemoveOrphanWorktreeInput = z.object({
  id: z.string().trim().min(1, { error: "Worktree id is required" }).max(100),
});
export type RemoveOrphanWorktreeInput = z.infer<typeof RemoveOrphanWorktreeInput>;
