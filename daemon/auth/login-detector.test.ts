import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { LoginDetector, mentionsLostLogin, stderrShowsLostLogin, stdoutShowsLostLogin } from "./login-detector";

const [initLine, assistantLine, resultLine] = readFileSync(
  new URL("../../test/fixtures/claude/not-logged-in.stream.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter(Boolean);

const PHRASES = [
  "Please run /login",
  "Invalid API key",
  "OAuth token has expired",
  "OAuth session expired",
  "Not logged in",
];

const assistantText = (text: string) =>
  JSON.stringify({ type: "assistant", message: { role: "assistant", content: [{ type: "text", text }] } });
const resultText = (text: string) =>
  JSON.stringify({ type: "result", subtype: "success", is_error: true, result: text });
const toolResult = (content: string) =>
  JSON.stringify({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content }] },
  });

describe("stdoutShowsLostLogin on the real CLI's not-logged-in transcript", () => {
  it("spots the assistant line flagged authentication_failed and the result", () => {
    expect(stdoutShowsLostLogin(assistantLine)).toBe(true);
    expect(stdoutShowsLostLogin(resultLine)).toBe(true);
  });

  it("ignores the init line", () => {
    expect(stdoutShowsLostLogin(initLine)).toBe(false);
  });

  it("counts the authentication_failed flag even without a known phrase", () => {
    const flagged = JSON.parse(assistantLine);
    flagged.message.content = [{ type: "text", text: "Something else entirely" }];
    expect(stdoutShowsLostLogin(JSON.stringify(flagged))).toBe(true);
  });
});

describe("each phrase", () => {
  it.each(PHRASES)("%s counts in assistant text, a result and stderr, in any case", (phrase) => {
    expect(stdoutShowsLostLogin(assistantText(`API Error: ${phrase}`))).toBe(true);
    expect(stdoutShowsLostLogin(resultText(phrase.toLowerCase()))).toBe(true);
    expect(stderrShowsLostLogin(`Error: ${phrase}`)).toBe(true);
    expect(mentionsLostLogin(phrase.toUpperCase())).toBe(true);
  });

  it.each(PHRASES)("%s in a tool result, user text or plain stdout does not count", (phrase) => {
    expect(stdoutShowsLostLogin(toolResult(`docs/README.md:\n${phrase} to continue`))).toBe(false);
    expect(stdoutShowsLostLogin(JSON.stringify({ type: "user", message: { role: "user", content: phrase } }))).toBe(
      false,
    );
    expect(stdoutShowsLostLogin(phrase)).toBe(false);
  });

  it("another API error or ordinary text does not count", () => {
    expect(
      stdoutShowsLostLogin(
        JSON.stringify({
          type: "assistant",
          error: "rate_limit",
          message: { content: [{ type: "text", text: "Slow down" }] },
        }),
      ),
    ).toBe(false);
    expect(stdoutShowsLostLogin(assistantText("The /login page renders a form"))).toBe(false);
    expect(stderrShowsLostLogin("warning: something noisy")).toBe(false);
    expect(mentionsLostLogin(null)).toBe(false);
  });
});

describe("LoginDetector", () => {
  it("reports the first sign only, whichever stream it comes from", () => {
    const onLoginLost = vi.fn();
    const detector = new LoginDetector(onLoginLost);
    detector.stdout(initLine);
    expect(onLoginLost).not.toHaveBeenCalled();
    detector.stdout(assistantLine);
    detector.stdout(resultLine);
    detector.stderr("Invalid API key");
    expect(onLoginLost).toHaveBeenCalledTimes(1);
    expect(detector.detected).toBe(true);
  });

  it("reports a stderr line", () => {
    const onLoginLost = vi.fn();
    const detector = new LoginDetector(onLoginLost);
    detector.stderr("OAuth token has expired");
    expect(onLoginLost).toHaveBeenCalledTimes(1);
  });
});
