import { describe, expect, it } from "vitest";
import { truncationMarker } from "../claude/line-splitter";
import { SecretRedactor } from "./secret-redactor";

const OAUTH = "sk-ant-oat01-abcdefghijklmnop";
const API_KEY = "sk-ant-api03-qrstuvwxyz012345";

/** A stream-json line the way claude prints a tool's output. */
const toolResult = (content: string) =>
  JSON.stringify({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content }] },
  });

const contentOf = (line: string) => JSON.parse(line).message.content[0].content as string;

describe("SecretRedactor", () => {
  it("replaces a secret in a plain line with its variable's name", () => {
    const redactor = SecretRedactor.fromEnvironment({ CLAUDE_CODE_OAUTH_TOKEN: OAUTH });
    expect(redactor.redact(`token=${OAUTH} (expires soon)`)).toBe(
      "token=[redacted CLAUDE_CODE_OAUTH_TOKEN] (expires soon)",
    );
  });

  it("takes secrets from names ending in _TOKEN, _KEY, _SECRET or _PASSWORD with 8 characters or more", () => {
    const env = {
      MAKIMA_API_KEY: "mk_task_0123456789",
      ANTHROPIC_API_KEY: API_KEY,
      SOME_SERVICE_TOKEN: "service-token-value",
      APP_SECRET: "app-secret-value",
      DB_PASSWORD: "hunter22",
      FOO_KEY: "abc",
      HOME: "/home/someone-long-enough",
      MAKIMA_TASK_ID: "4bd94cf9-0000-4000-8000-000000000000",
      EMPTY_TOKEN: "",
      UNSET_TOKEN: undefined,
    };
    const redactor = SecretRedactor.fromEnvironment(env);
    const printed = Object.entries(env)
      .map(([name, value]) => `${name}=${value ?? ""}`)
      .join(" ");
    expect(redactor.redact(printed)).toBe(
      [
        "MAKIMA_API_KEY=[redacted MAKIMA_API_KEY]",
        "ANTHROPIC_API_KEY=[redacted ANTHROPIC_API_KEY]",
        "SOME_SERVICE_TOKEN=[redacted SOME_SERVICE_TOKEN]",
        "APP_SECRET=[redacted APP_SECRET]",
        "DB_PASSWORD=[redacted DB_PASSWORD]",
        "FOO_KEY=abc",
        "HOME=/home/someone-long-enough",
        "MAKIMA_TASK_ID=4bd94cf9-0000-4000-8000-000000000000",
        "EMPTY_TOKEN=",
        "UNSET_TOKEN=",
      ].join(" "),
    );
  });

  it("replaces several secrets, and each one every time, in one line", () => {
    const redactor = SecretRedactor.fromEnvironment({ CLAUDE_CODE_OAUTH_TOKEN: OAUTH, ANTHROPIC_API_KEY: API_KEY });
    expect(redactor.redact(`${API_KEY}:${OAUTH}:${API_KEY}${OAUTH}`)).toBe(
      "[redacted ANTHROPIC_API_KEY]:[redacted CLAUDE_CODE_OAUTH_TOKEN]:[redacted ANTHROPIC_API_KEY][redacted CLAUDE_CODE_OAUTH_TOKEN]",
    );
  });

  it("replaces a secret that contains another one whole", () => {
    const redactor = SecretRedactor.fromEnvironment({ SHORT_TOKEN: "abcdefgh", LONG_TOKEN: "xx-abcdefgh-yy" });
    expect(redactor.redact("xx-abcdefgh-yy abcdefgh")).toBe("[redacted LONG_TOKEN] [redacted SHORT_TOKEN]");
  });

  it("replaces a secret JSON-escaped inside a stream-json line, which stays valid JSON", () => {
    const tricky = 'pa"ss\\word/é\ttab';
    const redactor = SecretRedactor.fromEnvironment({ CLAUDE_CODE_OAUTH_TOKEN: tricky, ANTHROPIC_API_KEY: API_KEY });
    const line = toolResult(`CLAUDE_CODE_OAUTH_TOKEN=${tricky}\nANTHROPIC_API_KEY=${API_KEY}\n`);
    expect(line).not.toContain(tricky);
    const redacted = redactor.redact(line);
    expect(redacted).not.toContain(JSON.stringify(tricky).slice(1, -1));
    expect(contentOf(redacted)).toBe(
      "CLAUDE_CODE_OAUTH_TOKEN=[redacted CLAUDE_CODE_OAUTH_TOKEN]\nANTHROPIC_API_KEY=[redacted ANTHROPIC_API_KEY]\n",
    );
  });

  it("replaces a secret escaped twice: a tool's JSON output quoted in a stream-json line", () => {
    const tricky = 'quote"inside-secret';
    const redactor = SecretRedactor.fromEnvironment({ SOME_SERVICE_TOKEN: tricky });
    const line = toolResult(JSON.stringify({ token: tricky }));
    const redacted = redactor.redact(line);
    expect(JSON.parse(contentOf(redacted))).toEqual({ token: "[redacted SOME_SERVICE_TOKEN]" });
  });

  it("never leaves half a JSON escape behind", () => {
    // A tab printed right before the secret's tail ("\t" + "ok-…"), and a secret ending in a backslash found
    // where that backslash opens an escape ("\n").
    const redactor = SecretRedactor.fromEnvironment({ A_TOKEN: "tok-12345678", B_TOKEN: "ends-with\\" });
    for (const raw of [
      '{"type":"user","text":"\\tok-12345678 and ends-with\\\\"}',
      '{"type":"user","text":"ends-with\\n"}',
    ]) {
      const redacted = redactor.redact(raw);
      expect(JSON.parse(redacted).type, raw).toBe("user");
      expect(redacted).not.toMatch(/tok-12345678|ends-with/);
    }
  });

  it("takes the beginning of a secret off the end of a line the daemon cut, and leaves the marker", () => {
    const redactor = SecretRedactor.fromEnvironment({
      CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-abcdefghijklmnop",
      SHORT_KEY: "zzzz",
    });
    const marker = truncationMarker(2_000_000, 1_048_576);
    expect(redactor.redact(`x`.repeat(10) + "TOKEN=sk-ant-oat01-abcd" + marker)).toBe(
      "x".repeat(10) + "TOKEN=[redacted CLAUDE_CODE_OAUTH_TOKEN]" + marker,
    );
    // Fewer than 4 characters of a secret at the cut are taken for ordinary text.
    expect(redactor.redact("ends in sk-" + marker)).toBe("ends in sk-" + marker);
    // A whole secret before the cut goes as usual, and an uncut line is never trimmed at its end.
    expect(redactor.redact("sk-ant-oat01-abcdefghijklmnop then sk-an" + marker)).toBe(
      "[redacted CLAUDE_CODE_OAUTH_TOKEN] then [redacted CLAUDE_CODE_OAUTH_TOKEN]" + marker,
    );
    expect(redactor.redact("ends in sk-ant-oat01")).toBe("ends in sk-ant-oat01");
  });

  it("holds back whatever could begin a secret at the end of text still being written, even one character", () => {
    const redactor = SecretRedactor.fromEnvironment({ CLAUDE_CODE_OAUTH_TOKEN: OAUTH });
    expect(redactor.redactUnfinished("the token is s")).toBe("the token is ");
    expect(redactor.redactUnfinished("the token is sk-ant-oat01-abcdefghijklmno")).toBe("the token is ");
    expect(redactor.redactUnfinished(`the token is ${OAUTH}`)).toBe("the token is [redacted CLAUDE_CODE_OAUTH_TOKEN]");
    // What turned out to be no secret shows once the text goes on.
    expect(redactor.redactUnfinished("the token is sk-ant-nope")).toBe("the token is sk-ant-nope");
    expect(SecretRedactor.fromEnvironment({}).redactUnfinished("ends in s")).toBe("ends in s");
  });

  it("returns the line itself when there is nothing to redact", () => {
    const line = toolResult("nothing secret here");
    expect(SecretRedactor.fromEnvironment({}).redact(line)).toBe(line);
    expect(SecretRedactor.fromEnvironment({ SOME_TOKEN: "not-in-the-line" }).redact(line)).toBe(line);
  });

  it("keeps its labels JSON-safe whatever the variable's name", () => {
    const redactor = SecretRedactor.fromEnvironment({ 'we"ird\\_TOKEN': "weird-token-value" });
    expect(JSON.parse(redactor.redact(toolResult("weird-token-value"))).message.content[0].content).toBe(
      "[redacted we_ird__TOKEN]",
    );
  });

  it("redacts a 1 MiB line in a few milliseconds", () => {
    const env = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`SECRET_${i}_TOKEN`, `secret-value-number-${i}-${"x".repeat(30)}`]),
    );
    const redactor = SecretRedactor.fromEnvironment(env);
    const line = toolResult(`${"lorem ipsum secret-value-number sk-ant ".repeat(27_000)}${env.SECRET_7_TOKEN}`);
    expect(line.length).toBeGreaterThan(1024 * 1024);
    const startedAt = performance.now();
    const redacted = redactor.redact(line);
    expect(performance.now() - startedAt).toBeLessThan(100);
    expect(redacted.endsWith('[redacted SECRET_7_TOKEN]"}]}}')).toBe(true);
  });
});
