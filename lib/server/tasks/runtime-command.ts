import "server-only";
import { AppError } from "../../shared/app-error";
import { getRuntime, type CommandResult, type MakimaRuntime } from "../runtime";

/**
 * Runs a command through the server's runtime; a refusal (daemon gone, task not running) or a missing
 * runtime becomes an `AppError("unavailable")` with the reason as its message.
 */
export async function runRuntimeCommand(command: (runtime: MakimaRuntime) => Promise<CommandResult>): Promise<void> {
  let result: CommandResult;
  try {
    result = await command(getRuntime());
  } catch (error) {
    throw new AppError("unavailable", error instanceof Error ? error.message : String(error));
  }
  if (!result.ok) throw new AppError("unavailable", result.error);
}
