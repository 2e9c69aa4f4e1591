import { describe, expect, it } from "vitest";
import { completeCharactersLength, LineSplitter, TRUNCATION_MARKER_PREFIX, truncationMarker } from "./line-splitter";

function collect(maxLineBytes?: number) {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), { maxLineBytes });
  return { lines, splitter };
}

describe("LineSplitter", () => {
  it("joins a line split across chunks", () => {
    const { lines, splitter } = collect();
    splitter.push(Buffer.from('{"type":"ass'));
    splitter.push(Buffer.from('istant"}\n{"type"'));
    splitter.push(Buffer.from(':"result"}\n'));
    expect(lines).toEqual(['{"type":"assistant"}', '{"type":"result"}']);
  });

  it("decodes a multibyte character split across chunks", () => {
    const { lines, splitter } = collect();
    const bytes = Buffer.from("héllo 😀 wörld\n");
    // Cut inside "é" (2 bytes) and inside the emoji (4 bytes).
    const emoji = bytes.indexOf(Buffer.from("😀"));
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2, emoji + 1));
    splitter.push(bytes.subarray(emoji + 1, emoji + 3));
    splitter.push(bytes.subarray(emoji + 3));
    expect(lines).toEqual(["héllo 😀 wörld"]);
  });

  it("strips a trailing carriage return, even when it ends a chunk", () => {
    const { lines, splitter } = collect();
    splitter.push(Buffer.from("one\r\ntwo\r"));
    splitter.push(Buffer.from("\nthree\r\n"));
    expect(lines).toEqual(["one", "two", "three"]);
  });

  it("keeps a carriage return that is not at the end of a line", () => {
    const { lines, splitter } = collect();
    splitter.push(Buffer.from("progress 10%\rprogress 20%\n"));
    expect(lines).toEqual(["progress 10%\rprogress 20%"]);
  });

  it("flushes a final line without a newline on end()", () => {
    const { lines, splitter } = collect();
    splitter.push(Buffer.from("first\nlast"));
    expect(lines).toEqual(["first"]);
    splitter.end();
    expect(lines).toEqual(["first", "last"]);
  });

  it("emits nothing on end() after a terminated line", () => {
    const { lines, splitter } = collect();
    splitter.push(Buffer.from("only\n"));
    splitter.end();
    expect(lines).toEqual(["only"]);
  });

  it("splits many lines in one chunk and keeps empty lines", () => {
    const { lines, splitter } = collect();
    const input = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    splitter.push(Buffer.from(`${input.join("\n")}\n\n\nafter blanks\n`));
    expect(lines).toEqual([...input, "", "", "after blanks"]);
  });

  it("truncates a 3 MiB line fed in 64 KiB chunks, holding at most 1 MiB", () => {
    const { lines, splitter } = collect();
    const chunk = Buffer.alloc(64 * 1024, "a");
    let maxPending = 0;
    for (let i = 0; i < 48; i++) {
      splitter.push(chunk);
      maxPending = Math.max(maxPending, splitter.pendingBytes);
    }
    splitter.push(Buffer.from("\nnext\n"));

    const marker = truncationMarker(3 * 1024 * 1024, 1024 * 1024);
    expect(marker).toBe(" … [line truncated: 3145728 bytes in all, 1048576 kept]");
    expect(maxPending).toBe(1024 * 1024);
    expect(splitter.pendingBytes).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0].length).toBeLessThanOrEqual(1024 * 1024 + marker.length);
    expect(lines[0]).toBe("a".repeat(1024 * 1024) + marker);
    expect(lines[1]).toBe("next");
  });

  it("cuts a truncated line at a character boundary", () => {
    const { lines, splitter } = collect(10);
    // 9 ASCII bytes, then "€" (3 bytes) straddles the 10-byte limit.
    splitter.push(Buffer.from("123456789€xyz\n"));
    expect(lines).toEqual([`123456789${truncationMarker(15, 9)}`]);
    expect(lines[0].startsWith("123456789" + TRUNCATION_MARKER_PREFIX)).toBe(true);
  });

  it("truncates an over-long final line flushed by end()", () => {
    const { lines, splitter } = collect(4);
    splitter.push(Buffer.from("abcdefgh"));
    splitter.end();
    expect(lines).toEqual([`abcd${truncationMarker(8, 4)}`]);
  });

  it("does not truncate a line exactly at the limit followed by CRLF", () => {
    const { lines, splitter } = collect(4);
    splitter.push(Buffer.from("abcd\r"));
    splitter.push(Buffer.from("\nef\n"));
    expect(lines).toEqual(["abcd", "ef"]);
  });
});

describe("completeCharactersLength", () => {
  it("drops a trailing incomplete character only", () => {
    const euro = Buffer.from("€"); // e2 82 ac
    expect(completeCharactersLength(Buffer.from("ab"))).toBe(2);
    expect(completeCharactersLength(Buffer.concat([Buffer.from("a"), euro]))).toBe(4);
    expect(completeCharactersLength(Buffer.concat([Buffer.from("a"), euro.subarray(0, 2)]))).toBe(1);
    expect(completeCharactersLength(Buffer.from("😀").subarray(0, 3))).toBe(0);
    expect(completeCharactersLength(Buffer.alloc(0))).toBe(0);
  });
});
