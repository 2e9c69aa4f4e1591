import "server-only";
import { getRuntime } from "../runtime";
import { CloseLoginInput } from "../../shared/schemas/notification";

/** Takes a login off the banner, in every open browser. */
export async function closeLogin(input: CloseLoginInput): Promise<void> {
  await getRuntime().closeLogin(CloseLoginInput.parse(input).loginId);
}
