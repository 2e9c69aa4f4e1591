import { getRuntime } from "../server/runtime";
import { DismissNotificationInput } from "../schemas/notification";

/** Dismisses one notification, or all of them, in every open browser. */
export async function dismissNotifications(input: DismissNotificationInput | "all"): Promise<string[]> {
  return getRuntime().dismissNotifications(input === "all" ? "all" : [DismissNotificationInput.parse(input).id]);
}
