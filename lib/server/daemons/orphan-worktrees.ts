import "server-only";
import path from "node:path";
import type { PrismaClient } from "../db/client";
import { RemoveWorktreeReply } from "../../shared/protocol/daemon";
import type { WorktreeFolder } from "../../shared/protocol/worktree";
import { worktreePrefix } from "../../shared/worktree-name";
import type { DaemonHub } from "../daemon-hub";
import type { CommandResult } from "../runtime";

const REMOVE_TIMEOUT_MS = 120_000;

/**
 * Worktree folders on daemons that no task owns. Each daemon lists its worktrees folder after it authenticates;
 * a folder is owned when it is the worktree of one of the daemon's tasks (by path, or by the task id prefix its
 * name starts with). Owned folders update their task's size; the rest replace the daemon's orphan list.
 */
export class OrphanWorktrees {
  constructor(
    private readonly db: PrismaClient,
    private readonly transport: Pick<DaemonHub, "request">,
  ) {}

  async inventoryReceived(daemonId: string, listed: WorktreeFolder[]): Promise<void> {
    // One row per folder: a path listed twice (the last listing of it counts) would break the unique (daemonId, path).
    const folders = [...new Map(listed.map((folder) => [folder.path, folder])).values()];
    const tasks = await this.db.task.findMany({ where: { daemonId }, select: { id: true, worktreePath: true } });
    const ownerOf = (folder: WorktreeFolder) =>
      tasks.find(
        (task) => task.worktreePath === folder.path || path.basename(folder.path).startsWith(worktreePrefix(task.id)),
      );
    const orphans: WorktreeFolder[] = [];
    await this.db.$transaction(async (tx) => {
      for (const folder of folders) {
        const owner = ownerOf(folder);
        if (owner) await tx.task.update({ where: { id: owner.id }, data: { worktreeBytes: folder.sizeBytes } });
        else orphans.push(folder);
      }
      await tx.orphanWorktree.deleteMany({ where: { daemonId } });
      await tx.orphanWorktree.createMany({
        data: orphans.map((folder) => ({
          daemonId,
          path: folder.path,
          branch: folder.branch,
          sizeBytes: folder.sizeBytes,
        })),
      });
    });
    if (orphans.length) console.log(`[orphans] daemon ${daemonId} holds ${orphans.length} worktree(s) no task owns`);
  }

  /** Asks the daemon to remove an orphan folder (committing uncommitted work first); the row goes once it is gone. */
  async remove(orphanId: string): Promise<CommandResult & { message?: string }> {
    const orphan = await this.db.orphanWorktree.findUnique({ where: { id: orphanId } });
    if (!orphan) return { ok: false, error: "This worktree is no longer listed" };
    const answer = await this.transport.request(
      orphan.daemonId,
      { type: "removeWorktree", path: orphan.path },
      RemoveWorktreeReply,
      REMOVE_TIMEOUT_MS,
    );
    if (!answer.ok) return answer;
    await this.db.orphanWorktree.deleteMany({ where: { id: orphanId } });
    return { ok: true, message: answer.message };
  }
}
