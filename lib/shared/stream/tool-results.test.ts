import { describe, expect, it } from "vitest";
import { normalizeLine } from "./normalize";
import { pairToolResults } from "./tool-results";

const call = (id: string) =>
  JSON.stringify({
    type: "assistant",
    message: { role: "assistant", content: [{ type: "tool_use", id, name: "Bash", input: { command: "ls" } }] },
  });
const answer = (id: string, text: string) =>
  JSON.stringify({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: text }] },
  });
const lines = (raw: string[]) => raw.flatMap((line, i) => normalizeLine({ seq: i + 1, stream: "stdout", line }));

describe("pairToolResults", () => {
  it("shows each result under its call, in the call's place", () => {
    const items = pairToolResults(
      lines([call("a"), call("b"), answer("b", "B out"), "plain text", answer("a", "A out")]),
    );
    expect(items.map((item) => item.kind)).toEqual(["tool", "tool", "entry"]);
    const [first, second] = items;
    expect(first.kind === "tool" && first.use.toolUseId === "a" && first.result?.content).toBe("A out");
    expect(second.kind === "tool" && second.result?.content).toBe("B out");
    expect(items.map((item) => item.key)).toEqual(["1:0", "2:0", "4:0"]);
  });

  it("keeps a result whose call was not seen on its own", () => {
    const items = pairToolResults(lines([answer("ghost", "out"), call("ghost")]));
    expect(items.map((item) => item.kind)).toEqual(["entry", "tool"]);
    expect(items[0].kind === "entry" && items[0].entry.kind).toBe("toolResult");
    expect(items[1].kind === "tool" && items[1].result).toBeNull();
  });

  it("pairs only the first result for an id; a second one stays visible", () => {
    const items = pairToolResults(lines([call("a"), answer("a", "one"), answer("a", "two")]));
    expect(items).toHaveLength(2);
    expect(items[1].kind === "entry" && items[1].entry.kind === "toolResult" && items[1].entry.content).toBe("two");
  });
});

describe("a long run", () => {
  it("normalises and pairs 10,000 lines quickly", () => {
    const raw: string[] = [];
    for (let i = 0; i < 2500; i++) raw.push(call(`t${i}`), answer(`t${i}`, `out ${i}\n`.repeat(20)), `plain ${i}`, "");
    const start = performance.now();
    const items = pairToolResults(lines(raw));
    expect(items).toHaveLength(7500);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
