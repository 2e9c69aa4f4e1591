/** A task could not be set up (repository, worktree); its message is shown to the user as the reason. */
export class TaskSetupError extends Error {
  override name = "TaskSetupError";
}
