import { AppError } from "../contracts/errors";
import { getRuntime } from "../server/runtime";
import { SubmitLoginCodeInput } from "../schemas/notification";

/** Sends the pasted code to the daemon's waiting `claude setup-token`; returns claude's answer, or throws it. */
export async function submitLoginCode(input: SubmitLoginCodeInput): Promise<string> {
  const { loginId, code } = SubmitLoginCodeInput.parse(input);
  const result = await getRuntime().submitLoginCode(loginId, code);
  if (!result.ok) throw new AppError("unavailable", result.error);
  return result.message;
}
