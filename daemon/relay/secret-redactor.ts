import { TRUNCATION_MARKER_PREFIX } from "../claude/line-splitter";

/**
 * Takes the secrets handed to claude out of what it prints, before a line is numbered and relayed: an `env` run by a
 * tool, or a token echoed in an error, is never stored on the server nor shown in a browser.
 */

/** Whose values are secrets: MAKIMA_API_KEY, CLAUDE_CODE_OAUTH_TOKEN, ANTHROPIC_API_KEY, GITHUB_TOKEN, DB_PASSWORD … */
const SECRET_NAME = /_(?:TOKEN|KEY|SECRET|PASSWORD)$/i;

/** Shorter values are not taken for secrets: replacing `abc` everywhere would mangle ordinary output. */
const MIN_SECRET_LENGTH = 8;

const BACKSLASH = 0x5c;

/** At the end of a cut line, a secret's first characters from this many on are taken for the secret. */
const MIN_CUT_PREFIX = 4;

/** The value inside a JSON string, as JSON.stringify (and so claude's stream-json) writes it. */
const jsonEscaped = (value: string) => JSON.stringify(value).slice(1, -1);

const regExpLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** How many backslashes come right before `index`. */
function backslashesBefore(line: string, index: number): number {
  let count = 0;
  while (index - count > 0 && line.charCodeAt(index - count - 1) === BACKSLASH) count++;
  return count;
}

export class SecretRedactor {
  /** One alternation of every form of every secret, longest first; null when there is nothing to redact. */
  private readonly pattern: RegExp | null;

  /** `replacements`: each form of each secret and the text that takes its place. */
  private constructor(private readonly replacements: Map<string, string>) {
    const forms = [...replacements.keys()].sort((a, b) => b.length - a.length);
    this.pattern = forms.length ? new RegExp(forms.map(regExpLiteral).join("|"), "g") : null;
  }

  /**
   * The secrets of the environment claude is given. Each is matched as it is, JSON-escaped (inside a stream-json
   * line) and JSON-escaped twice (a tool's JSON output quoted in a stream-json line); where one secret contains
   * another, the longer one is replaced whole.
   */
  static fromEnvironment(env: Readonly<Record<string, string | undefined>>): SecretRedactor {
    const replacements = new Map<string, string>();
    for (const [name, value] of Object.entries(env)) {
      if (!SECRET_NAME.test(name) || value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      // Only word characters in the label, so that it is safe inside a JSON string whatever the variable's name.
      const label = `[redacted ${name.replace(/[^\w]/g, "_")}]`;
      const once = jsonEscaped(value);
      for (const form of [value, once, jsonEscaped(once)]) if (!replacements.has(form)) replacements.set(form, label);
    }
    return new SecretRedactor(replacements);
  }

  /**
   * The line with every secret replaced by `[redacted NAME]`; the same string when it holds none. A line the daemon
   * cut (at 1 MiB) may end in the first part of a secret: that part goes too.
   */
  redact(line: string): string {
    if (!this.pattern) return line;
    const cut = line.lastIndexOf(TRUNCATION_MARKER_PREFIX);
    if (cut === -1) return this.redactWhole(line);
    return this.redactCutTail(this.redactWhole(line.slice(0, cut))) + line.slice(cut);
  }

  /**
   * Text still being written (claude's message as it types): every secret replaced, and whatever it ends with that
   * could begin a secret (even one character) held back, since the rest may follow; the next, longer text shows it
   * if it turned out to be no secret.
   */
  redactUnfinished(text: string): string {
    if (!this.pattern) return text;
    const redacted = this.redactWhole(text);
    let held = 0;
    for (const form of this.replacements.keys()) {
      for (let length = Math.min(form.length - 1, redacted.length); length > held; length--) {
        if (redacted.endsWith(form.slice(0, length))) {
          held = length;
          break;
        }
      }
    }
    return redacted.slice(0, redacted.length - held);
  }

  /** Replaces a secret's beginning (4 characters or more; the longest that fits) at the very end of a cut line. */
  private redactCutTail(text: string): string {
    let best = { length: 0, label: "" };
    for (const [form, label] of this.replacements) {
      for (
        let length = Math.min(form.length - 1, text.length);
        length >= Math.max(MIN_CUT_PREFIX, best.length + 1);
        length--
      ) {
        if (text.endsWith(form.slice(0, length))) {
          best = { length, label };
          break;
        }
      }
    }
    return best.length ? text.slice(0, text.length - best.length) + best.label : text;
  }

  private redactWhole(line: string): string {
    const pattern = this.pattern!;
    pattern.lastIndex = 0;
    let match = pattern.exec(line);
    if (!match) return line;
    let redacted = "";
    let copiedUpTo = 0;
    do {
      let start = match.index;
      let end = start + match[0].length;
      // A match must not begin or end inside a JSON escape (`\t` before a secret starting with "t", a secret
      // ending in a backslash that escapes the next character): the line would no longer parse. The escape is
      // redacted with the secret.
      if (backslashesBefore(line, start) % 2 === 1) start--;
      if (backslashesBefore(line, end) % 2 === 1) end = Math.min(line.length, end + (line[end] === "u" ? 5 : 1));
      redacted += line.slice(copiedUpTo, start) + this.replacements.get(match[0]);
      copiedUpTo = end;
      pattern.lastIndex = end;
    } while ((match = pattern.exec(line)));
    return redacted + line.slice(copiedUpTo);
  }
}
