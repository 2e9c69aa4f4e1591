import { describe, expect, it } from "vitest";
import { parseUnifiedDiff, patchPath, unquote, type DiffLine } from "./unified-diff";

// Real `git diff` outputs (git 2.x, default options), one file each unless said otherwise.
const lines = (...rows: string[]) => rows.join("\n") + "\n";

const ADDED = lines(
  "diff --git a/added.txt b/added.txt",
  "new file mode 100644",
  "index 0000000..07f33c4",
  "--- /dev/null",
  "+++ b/added.txt",
  "@@ -0,0 +1,2 @@",
  "+new",
  "+file",
);

const DELETED = lines(
  "diff --git a/old.txt b/old.txt",
  "deleted file mode 100644",
  "index d1f10a2..0000000",
  "--- a/old.txt",
  "+++ /dev/null",
  "@@ -1,2 +0,0 @@",
  "-gone",
  "-file",
);

const MODIFIED = lines(
  "diff --git a/multi.txt b/multi.txt",
  "index e8823e1..f835a74 100644",
  "--- a/multi.txt",
  "+++ b/multi.txt",
  "@@ -1,6 +1,6 @@",
  " 1",
  " 2",
  "-3",
  "+three",
  " 4",
  " 5",
  " 6",
  "@@ -24,7 +24,8 @@ function section()",
  " 24",
  " 25",
  " 26",
  "-27",
  "+twenty-seven",
  "+extra",
  " 28",
  " 29",
  " 30",
);

const RENAMED_CHANGED = lines(
  "diff --git a/ren.txt b/renamed.txt",
  "similarity index 83%",
  "rename from ren.txt",
  "rename to renamed.txt",
  "index 0fdf397..72ce94f 100644",
  "--- a/ren.txt",
  "+++ b/renamed.txt",
  "@@ -1,6 +1,6 @@",
  " a",
  " b",
  "-c",
  "+C",
  " d",
  " e",
  " f",
);

const PURE_RENAME = lines(
  "diff --git a/pure.txt b/pure moved.txt",
  "similarity index 100%",
  "rename from pure.txt",
  "rename to pure moved.txt",
);

const BINARY = lines(
  "diff --git a/img.bin b/img.bin",
  "index 8352675..a903574 100644",
  "Binary files a/img.bin and b/img.bin differ",
);

const NEW_BINARY = lines(
  "diff --git a/new.bin b/new.bin",
  "new file mode 100644",
  "index 0000000..d0c3599",
  "Binary files /dev/null and b/new.bin differ",
);

const NO_NEWLINE = lines(
  "diff --git a/nonl.txt b/nonl.txt",
  "index 3d879e0..8b375e5 100644",
  "--- a/nonl.txt",
  "+++ b/nonl.txt",
  "@@ -1 +1 @@",
  "-no nl",
  "\\ No newline at end of file",
  "+no nl changed",
  "\\ No newline at end of file",
);

// git puts a tab after a `---`/`+++` path that contains a space.
const WITH_SPACE = lines(
  "diff --git a/with space.txt b/with space.txt",
  "index 587be6b..b77b4eb 100644",
  "--- a/with space.txt\t",
  "+++ b/with space.txt\t",
  "@@ -1 +1,2 @@",
  " x",
  "+y",
);

const QUOTED = lines(
  String.raw`diff --git "a/tab\tname.txt" "b/tab\tname.txt"`,
  "index bca70f3..2fa992c 100644",
  String.raw`--- "a/tab\tname.txt"`,
  String.raw`+++ "b/tab\tname.txt"`,
  "@@ -1 +1 @@",
  "-q",
  "+keep",
  String.raw`diff --git "a/\303\274n\303\257.txt" "b/\303\274n\303\257.txt"`,
  "new file mode 100644",
  "index 0000000..c600332",
  "--- /dev/null",
  String.raw`+++ "b/\303\274n\303\257.txt"`,
  "@@ -0,0 +1 @@",
  "+é",
);

const kinds = (rows: DiffLine[]) => rows.map((line) => line.kind).join(" ");

describe("parseUnifiedDiff", () => {
  it("gives nothing for an empty patch", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
    expect(parseUnifiedDiff("\n")).toEqual([]);
  });

  it("reads an added file", () => {
    const [file] = parseUnifiedDiff(ADDED);
    expect(file).toMatchObject({ oldPath: null, newPath: "added.txt", binary: false, truncated: false });
    expect(file.hunks).toHaveLength(1);
    expect(file.hunks[0]).toMatchObject({
      header: "@@ -0,0 +1,2 @@",
      oldStart: 0,
      oldLines: 0,
      newStart: 1,
      newLines: 2,
      section: "",
    });
    expect(file.hunks[0].lines).toEqual([
      { kind: "add", text: "new", oldNumber: null, newNumber: 1 },
      { kind: "add", text: "file", oldNumber: null, newNumber: 2 },
    ]);
  });

  it("reads a deleted file", () => {
    const [file] = parseUnifiedDiff(DELETED);
    expect(file).toMatchObject({ oldPath: "old.txt", newPath: null });
    expect(patchPath(file)).toBe("old.txt");
    expect(file.hunks[0].lines).toEqual([
      { kind: "del", text: "gone", oldNumber: 1, newNumber: null },
      { kind: "del", text: "file", oldNumber: 2, newNumber: null },
    ]);
  });

  it("reads a modified file with two hunks and numbers its lines", () => {
    const [file] = parseUnifiedDiff(MODIFIED);
    expect(file).toMatchObject({ oldPath: "multi.txt", newPath: "multi.txt" });
    const [first, second] = file.hunks;
    expect(kinds(first.lines)).toBe("context context del add context context context");
    expect(first.lines[2]).toEqual({ kind: "del", text: "3", oldNumber: 3, newNumber: null });
    expect(first.lines[3]).toEqual({ kind: "add", text: "three", oldNumber: null, newNumber: 3 });
    expect(first.lines[4]).toEqual({ kind: "context", text: "4", oldNumber: 4, newNumber: 4 });
    expect(second).toMatchObject({
      oldStart: 24,
      oldLines: 7,
      newStart: 24,
      newLines: 8,
      section: "function section()",
    });
    expect(kinds(second.lines)).toBe("context context context del add add context context context");
    expect(second.lines.at(-1)).toEqual({ kind: "context", text: "30", oldNumber: 30, newNumber: 31 });
  });

  it("reads several files in one patch", () => {
    const files = parseUnifiedDiff(ADDED + DELETED + MODIFIED + BINARY);
    expect(files.map(patchPath)).toEqual(["added.txt", "old.txt", "multi.txt", "img.bin"]);
    expect(files[2].hunks).toHaveLength(2);
  });

  it("reads a rename with changes", () => {
    const [file] = parseUnifiedDiff(RENAMED_CHANGED);
    expect(file).toMatchObject({ oldPath: "ren.txt", newPath: "renamed.txt" });
    expect(kinds(file.hunks[0].lines)).toBe("context context del add context context context");
  });

  it("reads a pure rename, a path with a space included", () => {
    const [file] = parseUnifiedDiff(PURE_RENAME);
    expect(file).toEqual({
      oldPath: "pure.txt",
      newPath: "pure moved.txt",
      binary: false,
      hunks: [],
      truncated: false,
    });
  });

  it("reads binary files", () => {
    const [changed, added] = parseUnifiedDiff(BINARY + NEW_BINARY);
    expect(changed).toEqual({ oldPath: "img.bin", newPath: "img.bin", binary: true, hunks: [], truncated: false });
    expect(added).toMatchObject({ oldPath: null, newPath: "new.bin", binary: true });
  });

  it("keeps the no-newline marker as a note without counting it", () => {
    const [file] = parseUnifiedDiff(NO_NEWLINE);
    expect(file.hunks[0].lines).toEqual([
      { kind: "del", text: "no nl", oldNumber: 1, newNumber: null },
      { kind: "note", text: "No newline at end of file", oldNumber: null, newNumber: null },
      { kind: "add", text: "no nl changed", oldNumber: null, newNumber: 1 },
      { kind: "note", text: "No newline at end of file", oldNumber: null, newNumber: null },
    ]);
    expect(file.truncated).toBe(false);
  });

  it("reads paths with spaces (and the tab git puts after them)", () => {
    const [file] = parseUnifiedDiff(WITH_SPACE);
    expect(file).toMatchObject({ oldPath: "with space.txt", newPath: "with space.txt" });
    expect(kinds(file.hunks[0].lines)).toBe("context add");
  });

  it("unquotes C-style quoted paths, octal UTF-8 bytes included", () => {
    const [tab, unicode] = parseUnifiedDiff(QUOTED);
    expect(tab).toMatchObject({ oldPath: "tab\tname.txt", newPath: "tab\tname.txt" });
    expect(kinds(tab.hunks[0].lines)).toBe("del add");
    expect(unicode).toMatchObject({ oldPath: null, newPath: "ünï.txt" });
    expect(unicode.hunks[0].lines[0].text).toBe("é");
  });

  it("takes a quoted path only from a diff --git line when there are no other lines", () => {
    const [file] = parseUnifiedDiff(
      lines(String.raw`diff --git "a/q\"uote" "b/q\"uote"`, "old mode 100644", "new mode 100755"),
    );
    expect(file).toMatchObject({ oldPath: 'q"uote', newPath: 'q"uote', hunks: [] });
  });

  it("returns what is there of a patch cut in the middle of a hunk", () => {
    const cut = MODIFIED.slice(0, MODIFIED.indexOf("+twenty-seven") + "+twen".length);
    const [file] = parseUnifiedDiff(cut);
    expect(file.truncated).toBe(true);
    expect(file.hunks).toHaveLength(2);
    expect(file.hunks[1].lines.at(-1)).toEqual({ kind: "add", text: "twen", oldNumber: null, newNumber: 27 });
  });

  it("marks only the cut file as truncated", () => {
    const cut = (ADDED + MODIFIED).slice(0, ADDED.length + MODIFIED.indexOf(" 5\n"));
    const [added, modified] = parseUnifiedDiff(cut);
    expect(added.truncated).toBe(false);
    expect(modified.truncated).toBe(true);
    expect(kinds(modified.hunks[0].lines)).toBe("context context del add context");
  });

  it("survives a patch cut in a file's header", () => {
    const files = parseUnifiedDiff(ADDED + "diff --git a/multi.txt b/multi.txt\nindex e88");
    expect(files.map(patchPath)).toEqual(["added.txt", "multi.txt"]);
    expect(files[1].hunks).toEqual([]);
  });

  it("does not take hunk lines that look like headers for headers", () => {
    const [file] = parseUnifiedDiff(
      lines("diff --git a/x b/x", "--- a/x", "+++ b/x", "@@ -1,2 +1,2 @@", "--- a/x", "+++ b/y", " diff --git a/z b/z"),
    );
    expect(file.hunks[0].lines.map((line) => [line.kind, line.text])).toEqual([
      ["del", "-- a/x"],
      ["add", "++ b/y"],
      ["context", "diff --git a/z b/z"],
    ]);
  });

  it("reads --no-prefix output", () => {
    const [file] = parseUnifiedDiff(
      lines("diff --git src/x.ts src/x.ts", "--- src/x.ts", "+++ src/x.ts", "@@ -1 +1 @@", "-a", "+b"),
    );
    expect(file).toMatchObject({ oldPath: "src/x.ts", newPath: "src/x.ts" });
  });
});

describe("unquote", () => {
  it("leaves unquoted text alone and decodes escapes", () => {
    expect(unquote("plain path")).toBe("plain path");
    expect(unquote(String.raw`"a\\b\"c\nd"`)).toBe('a\\b"c\nd');
    expect(unquote(String.raw`"\346\227\245"`)).toBe("日");
  });
});
