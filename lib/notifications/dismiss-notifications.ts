import { getRuntime } from "../server/runtime";
import { DismissNotificationInput } from "../schemas/notification";

/** A person dismisses one notification, or all of theirs: gone from their panel in each of their browsers. */
export async function dismissNotifications(userId: string, input: DismissNotificationInput | "all"): Promise<string[]> {
  return getRuntime().dismissNotifications(
    userId,
    input === "all" ? "all" : [DismissNotificationInput.parse(input).id],
  );
}
