import "server-only";
import { getRuntime } from "../runtime";
import { DismissNotificationInput } from "../../shared/schemas/notification";

/** A person dismisses one notification, or all of theirs: gone from their panel in each of their browsers. */
export async function dismissNotifications(userId: string, input: DismissNotificationInput | "all"): Promise<string[]> {
  return getRuntime().dismissNotifications(
    userId,
    input === "all" ? "all" : [DismissNotificationInput.parse(input).id],
  );
}
