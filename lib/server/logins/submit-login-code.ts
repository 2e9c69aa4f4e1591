import "server-only";
import { AppError } from "../../shared/app-error";
import { getRuntime } from "../runtime";
import { SubmitLoginCodeInput } from "../../shared/schemas/notification";

/** Sends the pasted code to the daemon's waiting `claude setup-token`; returns claude's answer, or throws it. */
export async function submitLoginCode(input: SubmitLoginCodeInput): Promise<string> {
  const { loginId, code } = SubmitLoginCodeInput.parse(input);
  const result = await getRuntime().submitLoginCode(loginId, code);
  if (!result.ok) throw new AppError("unavailable", result.error);
  return result.message;
}
