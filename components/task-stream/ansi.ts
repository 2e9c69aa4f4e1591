import Anser from "anser";

/**
 * A command's output as a terminal would colour it, for React to draw as spans (never as HTML). Only colour and
 * style sequences (SGR, `ESC [ … m`) are kept; everything else a program may print for a terminal — cursor moves,
 * screen and line clears, titles and hyperlinks (OSC), other escapes and control characters — is taken out first,
 * and a carriage return keeps what was written over it last, as a progress bar ends up. Then anser reads the colours.
 */

export interface AnsiSpan {
  text: string;
  /** CSS colours ("rgb(187, 0, 0)"), null for the default. */
  color: string | null;
  background: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
}

/** Spans past this many are joined into one plain span: a colour per character must not mean 100,000 elements. */
export const MAX_SPANS = 2_000;

const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/y;
const SGR = /^\x1b\[[0-9;:]*m$/;
const SGR_ANYWHERE = /\x1b\[[0-9;:]*m/g;
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
/** DCS, SOS, PM and APC strings, up to their terminator. */
const STRING_SEQUENCE = /\x1b[PX^_][^\x1b]*(?:\x1b\\)?/g;
/** Other escapes: charset selection (`ESC ( B`), keypad modes (`ESC =`) …; a lone ESC. */
const OTHER_ESCAPE = /\x1b(?:[ -/]*[0-~])?/y;
/** C0 and C1 controls but tab, newline and ESC (only SGR is left of those by then); DEL too. */
const CONTROL = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]/g;

/** The text with only SGR sequences left, carriage returns resolved and other controls removed. */
export function sanitizeTerminal(text: string): string {
  const withoutStrings = text.replace(OSC, "").replace(STRING_SEQUENCE, "");
  return resolveCarriageReturns(onlySgr(withoutStrings))
    .replace(/[^\n]\x08/g, "")
    .replace(CONTROL, "");
}

/** Every ESC sequence but SGR taken out. */
function onlySgr(text: string): string {
  if (!text.includes("\x1b")) return text;
  let out = "";
  let at = 0;
  for (let i = text.indexOf("\x1b"); i !== -1; i = text.indexOf("\x1b", at)) {
    out += text.slice(at, i);
    CSI.lastIndex = i;
    const csi = CSI.exec(text);
    if (csi) {
      if (SGR.test(csi[0])) out += csi[0];
      at = i + csi[0].length;
      continue;
    }
    OTHER_ESCAPE.lastIndex = i;
    at = i + (OTHER_ESCAPE.exec(text)?.[0].length ?? 1);
  }
  return out + text.slice(at);
}

/**
 * `10%\r50%\r100%` → `100%` on each line (what was written over is dropped, its colour changes kept); a `\r\n`
 * line ending stays a line ending.
 */
function resolveCarriageReturns(text: string): string {
  if (!text.includes("\r")) return text;
  return text
    .split("\n")
    .map((line) => {
      const trimmed = line.endsWith("\r") ? line.replace(/\r+$/, "") : line;
      const last = trimmed.lastIndexOf("\r");
      if (last === -1) return trimmed;
      const colours = trimmed.slice(0, last).match(SGR_ANYWHERE)?.join("") ?? "";
      return colours + trimmed.slice(last + 1);
    })
    .join("\n");
}

/** The output's spans (the caller caps how much output it passes). */
export function ansiSpans(text: string): AnsiSpan[] {
  const clean = sanitizeTerminal(text);
  if (!clean.includes("\x1b")) return clean ? [plain(clean)] : [];
  const entries = Anser.ansiToJson(clean, { json: true, remove_empty: true, use_classes: false });
  const spans: AnsiSpan[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (spans.length === MAX_SPANS - 1) {
      spans.push(
        plain(
          entries
            .slice(i)
            .map((entry) => entry.content)
            .join(""),
        ),
      );
      break;
    }
    const entry = entries[i];
    const decorations = new Set(entry.decorations ?? []);
    // anser has already swapped the colours of reversed text.
    const [color, background] = [rgb(entry.fg), rgb(entry.bg)];
    spans.push({
      text: decorations.has("hidden") ? " ".repeat(entry.content.length) : entry.content,
      color,
      background,
      bold: decorations.has("bold"),
      dim: decorations.has("dim"),
      italic: decorations.has("italic"),
      underline: decorations.has("underline"),
      strike: decorations.has("strikethrough"),
    });
  }
  return spans;
}

function plain(text: string): AnsiSpan {
  return {
    text,
    color: null,
    background: null,
    bold: false,
    dim: false,
    italic: false,
    underline: false,
    strike: false,
  };
}

/** anser's "187, 0, 0" → "rgb(187, 0, 0)"; anything else (null, a class name) → null. */
function rgb(value: string | null | undefined): string | null {
  const parts = value ? /^(\d{1,3}),\s*(\d{1,3}),\s*(\d{1,3})$/.exec(value) : null;
  return parts ? `rgb(${parts[1]}, ${parts[2]}, ${parts[3]})` : null;
}
