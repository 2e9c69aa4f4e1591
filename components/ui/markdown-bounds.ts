import type { Parent, PhrasingContent, Root, RootContent } from "mdast";

/**
 * What keeps rendering claude's markdown bounded, whatever it wrote (a 1 MiB line, a 5,000-row table, lists nested
 * thousands deep): the markdown parser's cost grows with the text and, for some inputs, faster than it, and its tree
 * is walked recursively. So the text is rendered in chunks of at most `CHUNK_CHARS` characters and `CHUNK_LINES`
 * lines, cut where markdown allows (a code fence cut in two is closed and opened again, a table's header repeated); a
 * chunk whose shape is known to be slow or deep to parse is shown as plain text; and the parsed tree is pruned
 * (`remarkBounds`) to `MAX_DEPTH` levels and `MAX_TABLE_ROWS` rows per table before anything renders it.
 */

export const CHUNK_CHARS = 8_000;
export const CHUNK_LINES = 400;
export const MAX_DEPTH = 10;
export const MAX_TABLE_ROWS = 100;
/**
 * Past these a chunk is plain text: a line nested deeper (its container markers, and its indentation counted two
 * spaces a level), more container markers in all (nested lists cost the parser most), emphasis runs or brackets.
 */
export const MAX_LINE_NESTING = 12;
export const MAX_CONTAINER_MARKERS = 1200;
export const MAX_DELIMITER_RUNS = 600;
export const MAX_BRACKETS = 500;

/** Where a cut left the markdown: inside a code fence (to be opened again) or a table (its header to repeat). */
export interface CutState {
  fence: { marker: string; opening: string } | null;
  tableHeader: string | null;
}

export const START: CutState = { fence: null, tableHeader: null };

export interface Chunk {
  /** The chunk's markdown, with what makes it stand alone (a fence reopened or closed, a table header). */
  text: string;
  /** Where in the source the next chunk starts. */
  end: number;
  state: CutState;
}

/** A code fence, however indented (one in a list item is indented like the item's text). */
const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;
const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** The first `count` chunks of `source` (fewer when it ends sooner). */
export function markdownChunks(source: string, count: number): Chunk[] {
  const chunks: Chunk[] = [];
  let at = 0;
  let state = START;
  while (at < source.length && chunks.length < count) {
    const chunk = nextChunk(source, at, state);
    chunks.push(chunk);
    at = chunk.end;
    state = chunk.state;
  }
  return chunks;
}

/** The chunk of `source` from `start`, which the cut before it left in `state`. Looks at one chunk's worth only. */
export function nextChunk(source: string, start: number, state: CutState): Chunk {
  const limit = Math.min(source.length, start + CHUNK_CHARS);
  let best: { end: number; state: CutState } | null = null; // after a blank line outside a fence
  let fallback: { end: number; state: CutState } | null = null; // after any line
  let current = state;
  let previous = "";
  let lines = 0;
  let at = start;
  while (at < limit && lines < CHUNK_LINES) {
    const newline = source.indexOf("\n", at);
    if (newline === -1 || newline >= limit) {
      if (newline === -1 && source.length === limit) {
        // The source ends inside this chunk: all of it goes.
        return finish(source, start, source.length, state, afterLine(current, previous, source.slice(at)));
      }
      break;
    }
    const line = source.slice(at, newline);
    current = afterLine(current, previous, line);
    previous = line;
    at = newline + 1;
    lines++;
    const cut = { end: at, state: current };
    fallback = cut;
    if (!current.fence && line.trim() === "") best = cut;
  }
  if (at >= source.length) return finish(source, start, source.length, state, current);
  const chosen = best && best.end - start >= (fallback!.end - start) / 2 ? best : fallback;
  if (chosen) return finish(source, start, chosen.end, state, chosen.state);
  // One line longer than a chunk: cut at a space if there is one late enough, never inside a surrogate pair.
  let end = limit;
  const space = source.lastIndexOf(" ", limit - 1);
  if (space > start + CHUNK_CHARS / 2) end = space + 1;
  else if (isHighSurrogate(source.charCodeAt(end - 1))) end--;
  return finish(source, start, end, state, current);
}

function finish(source: string, start: number, end: number, before: CutState, after: CutState): Chunk {
  let text = source.slice(start, end);
  if (before.fence) text = `${before.fence.opening}\n${text}`;
  else if (before.tableHeader && text.split("\n", 1)[0].trim() !== "") text = `${before.tableHeader}\n${text}`;
  if (after.fence && end < source.length) text = `${text.endsWith("\n") ? text : `${text}\n`}${after.fence.marker}`;
  return { text, end, state: end < source.length ? after : START };
}

/** The state after one more line: a fence opened or closed, a table begun or ended. */
function afterLine(state: CutState, previous: string, line: string): CutState {
  const fence = FENCE.exec(line);
  if (state.fence) {
    const closes =
      fence !== null &&
      fence[1][0] === state.fence.marker[0] &&
      fence[1].length >= state.fence.marker.length &&
      fence[2].trim() === "";
    return closes ? START : state;
  }
  if (fence && !(fence[1][0] === "`" && fence[2].includes("`"))) {
    return { fence: { marker: fence[1], opening: line.trimStart() }, tableHeader: null };
  }
  if (line.trim() === "") return START;
  if (state.tableHeader) return state;
  if (previous.includes("|") && DELIMITER_ROW.test(line) && line.includes("-")) {
    return { fence: null, tableHeader: `${previous}\n${line}` };
  }
  return state;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Why a chunk had better be shown as plain text, or null: outside code fences, a line nested more than
 * `MAX_LINE_NESTING` levels (`> > - > …`, or indented that far), more than `MAX_CONTAINER_MARKERS` container markers,
 * `MAX_DELIMITER_RUNS` runs of `*`/`_` or `MAX_BRACKETS` `[`. Such text is rare in real messages and costs the
 * parser far more than its length (or overflows its stack).
 */
export function markdownRisk(chunk: string): string | null {
  let runs = 0;
  let brackets = 0;
  let markers = 0;
  let fence: string | null = null;
  for (const line of chunk.split("\n")) {
    const opener = FENCE.exec(line);
    if (fence) {
      if (opener && opener[1][0] === fence[0] && opener[1].length >= fence.length && opener[2].trim() === "") {
        fence = null;
      }
      continue;
    }
    if (opener) {
      fence = opener[1];
      continue;
    }
    const { indent, count } = lineContainers(line);
    const nesting = Math.floor(indent / 2) + count;
    if (nesting > MAX_LINE_NESTING) return `nested ${nesting} levels deep`;
    markers += count;
    if (markers > MAX_CONTAINER_MARKERS) return `more than ${MAX_CONTAINER_MARKERS} nested list and quote markers`;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === "[") brackets++;
      else if ((c === "*" || c === "_") && line[i - 1] !== c) {
        // A run of one character; an intraword underscore (snake_case) does not emphasise.
        if (c === "_" && isWordChar(line[i - 1]) && isWordChar(line[i + 1])) continue;
        runs++;
      }
    }
    if (runs > MAX_DELIMITER_RUNS) return `more than ${MAX_DELIMITER_RUNS} emphasis marks`;
    if (brackets > MAX_BRACKETS) return `more than ${MAX_BRACKETS} brackets`;
  }
  return null;
}

/** How far a line is indented (a tab counts 4) and how many container markers (`>`, list bullets, `1.`) open it. */
function lineContainers(line: string): { indent: number; count: number } {
  let depth = 0;
  let i = 0;
  let indent = 0;
  for (; line[i] === " " || line[i] === "\t"; i++) indent += line[i] === "\t" ? 4 : 1;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    const c = line[i];
    if (c === ">") {
      depth++;
      i++;
    } else if ((c === "-" || c === "*" || c === "+") && (line[i + 1] === " " || line[i + 1] === "\t")) {
      depth++;
      i += 2;
    } else {
      let j = i;
      while (j < line.length && j - i < 9 && line[j] >= "0" && line[j] <= "9") j++;
      if (j > i && (line[j] === "." || line[j] === ")") && (line[j + 1] === " " || line[j + 1] === "\t")) {
        depth++;
        i = j + 2;
      } else break;
    }
  }
  return { indent, count: depth };
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

const PHRASING_PARENTS = new Set(["emphasis", "strong", "delete", "link", "linkReference"]);

/**
 * A remark plugin: prunes the tree to `MAX_DEPTH` levels (deeper content is a "…") and tables to `MAX_TABLE_ROWS`
 * rows (a line after the table says how many more there were). Its own recursion stops at `MAX_DEPTH`.
 */
export function remarkBounds() {
  return (tree: Root) => {
    prune(tree, 0);
  };
}

function prune(node: Parent, depth: number): void {
  const children = node.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (!("children" in child)) continue;
    if (depth + 1 >= MAX_DEPTH) {
      children[i] = PHRASING_PARENTS.has(child.type)
        ? ({ type: "text", value: "…" } satisfies PhrasingContent)
        : { type: "paragraph", children: [{ type: "text", value: "… (nested too deeply to show)" }] };
      continue;
    }
    if (child.type === "table" && child.children.length > MAX_TABLE_ROWS + 1) {
      const hidden = child.children.length - (MAX_TABLE_ROWS + 1);
      child.children = child.children.slice(0, MAX_TABLE_ROWS + 1);
      children.splice(i + 1, 0, {
        type: "paragraph",
        children: [
          {
            type: "emphasis",
            children: [{ type: "text", value: `… ${hidden.toLocaleString("en-US")} more rows not shown` }],
          },
        ],
      });
      i++;
    }
    prune(child as Parent, depth + 1);
  }
}

/** Only links a person may follow from here: http(s) and mailto; anything else (javascript:, data:, relative) is dropped. */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : "";
}
