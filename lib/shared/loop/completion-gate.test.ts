import { describe, expect, it } from "vitest";
import { CompletionGate, MAX_BLOCKERS, MAX_EXTRAS, MAX_VALUE_CHARS } from "./completion-gate";
import { LOOP_SYSTEM_PROMPT } from "./system-prompt";

const gate = (body: string) => `<COMPLETION_GATE>\n${body}\n</COMPLETION_GATE>`;
const READY = gate('ready: true\nreason: "all done"\nprogress: "tests pass"\nblockers: []');
const big = "x".repeat(1 << 20);

/** Each case: the text, and the fields expected of parseLast (null: no gate). */
const cases: [name: string, text: string, expected: Partial<CompletionGate> | null][] = [
  [
    "the documented format",
    READY,
    { ready: true, reason: "all done", progress: "tests pass", blockers: [], extras: {}, complete: true, problems: [] },
  ],
  [
    "not ready with blockers",
    gate('ready: false\nreason: "tests fail"\nprogress: "wrote the parser"\nblockers: ["3 tests fail", "lint"]'),
    {
      ready: false,
      reason: "tests fail",
      progress: "wrote the parser",
      blockers: ["3 tests fail", "lint"],
      complete: true,
    },
  ],
  ["no gate at all", "I am done with the task.", null],
  ["an empty text", "", null],
  [
    "prose before and after",
    `Here is my summary.\n\n${READY}\n\nThanks for reading!`,
    { ready: true, reason: "all done" },
  ],
  [
    "two gates: the last wins",
    `${gate("ready: false\nreason: first")}\nmore work\n${gate("ready: true\nreason: second")}`,
    { ready: true, reason: "second" },
  ],
  [
    "the last wins even when it is not ready",
    `${READY}\n${gate("ready: no\nreason: regressed")}`,
    { ready: false, reason: "regressed", complete: true },
  ],
  [
    "an unclosed gate after a closed one: the closed one counts",
    `${READY}\nlater:\n<COMPLETION_GATE>\nready: false\n`,
    { ready: true, reason: "all done" },
  ],
  ["only an unclosed gate", "<COMPLETION_GATE>\nready: true\nreason: done\n", null],
  ["a closing tag alone", "ready: true\n</COMPLETION_GATE>", null],
  [
    "a stray opening tag inside: the nearest opening counts",
    "<COMPLETION_GATE>\nready: false\n<COMPLETION_GATE>\nready: true\nreason: inner\n</COMPLETION_GATE>",
    { ready: true, reason: "inner" },
  ],
  [
    "a stray closing tag after a gate is ignored",
    `${READY}\nI wrote </COMPLETION_GATE> above.`,
    { ready: true, reason: "all done" },
  ],
  ["uppercase and mixed-case tags", "<completion_gate>\nready: true\n</Completion_Gate>", { ready: true }],
  ["a one-line gate", "<COMPLETION_GATE>ready: true</COMPLETION_GATE>", { ready: true, complete: true }],
  ["inside a ```yaml fence", `Final status:\n\`\`\`yaml\n${READY}\n\`\`\``, { ready: true, reason: "all done" }],
  [
    "a fence inside the tags",
    "<COMPLETION_GATE>\n```\nready: true\nreason: fenced\n```\n</COMPLETION_GATE>",
    { ready: true, reason: "fenced" },
  ],
  [
    "inside a ~~~ fence",
    `~~~\n${gate("ready: false\nreason: tilde")}\n~~~`,
    { ready: false, reason: "tilde", complete: true },
  ],
  ["ready: YES", gate("ready: YES"), { ready: true, complete: true }],
  ["ready: No", gate("ready: No"), { ready: false, complete: true }],
  ['ready: "true"', gate('ready: "true"'), { ready: true }],
  ["ready: 'false'", gate("ready: 'false'"), { ready: false, complete: true }],
  ["ready: TRUE in backticks", gate("ready: `TRUE`"), { ready: true }],
  ["ready on the next line", gate("ready:\n  true\nreason: done"), { ready: true, reason: "done" }],
  [
    "missing ready: not ready, with the fields it could read",
    gate('reason: "done, I think"\nblockers: none'),
    { ready: false, reason: "done, I think", blockers: [], complete: false, problems: ["ready is missing"] },
  ],
  [
    "ready: maybe",
    gate("ready: maybe\nprogress: half"),
    { ready: false, progress: "half", complete: false, problems: ['ready: cannot read "maybe"'] },
  ],
  [
    "ready: true with trailing words is not read as true",
    gate("ready: true (mostly)"),
    { ready: false, complete: false },
  ],
  [
    "an empty gate",
    "<COMPLETION_GATE></COMPLETION_GATE>",
    {
      ready: false,
      reason: null,
      progress: null,
      blockers: [],
      extras: {},
      complete: false,
      problems: ["ready is missing"],
    },
  ],
  [
    "keys in any case",
    gate("READY: true\nReason: Loud\nPROGRESS: much"),
    { ready: true, reason: "Loud", progress: "much" },
  ],
  [
    "bold keys",
    gate('**ready**: true\n**Reason:** "bold"\n__progress__: underlined'),
    { ready: true, reason: "bold", progress: "underlined", extras: {} },
  ],
  [
    "a bold value after a bold key keeps its markers",
    gate("ready: false\n**reason**: **two** tests fail"),
    { reason: "**two** tests fail" },
  ],
  [
    "indentation, tabs and trailing spaces",
    gate('   ready:\ttrue   \n\treason:\t"tabbed"  '),
    { ready: true, reason: "tabbed" },
  ],
  [
    "CRLF line endings",
    "<COMPLETION_GATE>\r\nready: false\r\nreason: windows\r\nblockers:\r\n- one\r\n- two\r\n</COMPLETION_GATE>\r\n",
    { ready: false, reason: "windows", blockers: ["one", "two"], complete: true },
  ],
  ["ready:true without a space", gate("ready:true"), { ready: true }],
  [
    "escaped double quotes in a value",
    gate('ready: false\nreason: "the \\"parse\\" step fails"'),
    { reason: 'the "parse" step fails' },
  ],
  ["escaped and doubled single quotes", gate("ready: false\nreason: 'it\\'s ''done'''"), { reason: "it's 'done'" }],
  [
    "an unquoted value keeps its quotes inside",
    gate('ready: false\nreason: the "parse" step fails'),
    { reason: 'the "parse" step fails' },
  ],
  [
    "a multi-line quoted value",
    gate('ready: false\nreason: "first line\n  second line"\nprogress: p'),
    { reason: "first line\nsecond line", progress: "p" },
  ],
  [
    "continuation lines of an unquoted value",
    gate("ready: false\nprogress: wrote the parser\nand its tests\n\nreason: r"),
    { progress: "wrote the parser\nand its tests", reason: "r" },
  ],
  [
    "a URL on a continuation line does not start a field",
    gate("ready: false\nreason: see\nhttps://example.com/x"),
    { reason: "see\nhttps://example.com/x", extras: {} },
  ],
  [
    "blockers as a multi-line JSON array",
    gate('ready: false\nblockers: [\n  "first",\n  "second"\n]'),
    { blockers: ["first", "second"], complete: true },
  ],
  [
    "blockers with commas, quotes and brackets inside",
    gate('ready: false\nblockers: ["fix a, b and c", "the \\"x\\" test", \'it\\\'s [flaky]\']'),
    { blockers: ["fix a, b and c", 'the "x" test', "it's [flaky]"] },
  ],
  [
    "blockers as a sloppy array of bare items",
    gate("ready: false\nblockers: [tests fail, 'lint']"),
    { blockers: ["tests fail", "lint"], complete: true },
  ],
  [
    "blockers as - and * bullets",
    gate('ready: false\nblockers:\n  - tests fail: 3 of them\n  * "quoted item"\n  - lint'),
    { blockers: ["tests fail: 3 of them", "quoted item", "lint"], complete: true },
  ],
  [
    "numbered blockers with a wrapped line",
    gate("ready: false\nblockers:\n1. the build\n   is slow\n2) docs"),
    { blockers: ["the build is slow", "docs"] },
  ],
  [
    "blockers as one line of text",
    gate("ready: false\nblockers: waiting on review, then merge"),
    { blockers: ["waiting on review, then merge"] },
  ],
  ["blockers: none", gate("ready: true\nblockers: none"), { ready: true, blockers: [], complete: true }],
  [
    "blockers: empty, then the next key",
    gate("ready: true\nblockers:\nreason: nothing left"),
    { ready: true, blockers: [], reason: "nothing left" },
  ],
  ["blockers: - None.", gate("ready: true\nblockers:\n- None."), { ready: true, blockers: [] }],
  [
    "a blockers array without ] makes the gate not ready",
    gate('ready: true\nblockers: ["a", "b"'),
    { ready: false, blockers: ["a", "b"], complete: false, problems: ["blockers: the list has no closing ]"] },
  ],
  [
    "a never-closed quote in blockers",
    gate('ready: false\nblockers: ["a", "b'),
    { blockers: ["a", "b"], complete: false, problems: ["blockers: a quote is never closed"] },
  ],
  [
    "unknown keys are kept in extras",
    gate("ready: false\nNext_Steps: write docs\nconfidence: 'high'\nblockers: []"),
    { extras: { next_steps: "write docs", confidence: "high" }, complete: true },
  ],
  ["a repeated key: the last wins", gate("ready: false\nready: true"), { ready: true }],
  ["lines before the first field are ignored", gate("Here is my gate:\nready: true"), { ready: true, complete: true }],
  [
    "a JSON object body",
    '<COMPLETION_GATE>\n{"ready": false, "reason": "json", "blockers": ["x"], "eta": 5}\n</COMPLETION_GATE>',
    { ready: false, reason: "json", blockers: ["x"], extras: { eta: "5" }, complete: true },
  ],
  [
    "a JSON object body in a fence",
    '<COMPLETION_GATE>\n```json\n{"ready": "yes", "progress": null}\n```\n</COMPLETION_GATE>',
    { ready: true, progress: null },
  ],
  [
    "a 1 MiB value is cut",
    gate(`ready: false\nreason: ${big}`),
    { ready: false, complete: true, reason: `${"x".repeat(MAX_VALUE_CHARS - 1)}…` },
  ],
  [
    "binary junk around a gate",
    `\u0000\u00ff<COMPLETION_\u0001GATE>\u00fe\ufffd${READY}\u0007\u0000`,
    { ready: true, reason: "all done" },
  ],
];

describe("CompletionGate.parseLast", () => {
  it("has at least 35 cases", () => expect(cases.length).toBeGreaterThanOrEqual(35));

  it.each(cases)("%s", (_name, text, expected) => {
    const parsed = CompletionGate.parseLast(text);
    if (expected === null) return expect(parsed).toBeNull();
    expect(parsed).toMatchObject(expected);
    // Every result fits the schema, and `ready` never holds with problems.
    expect(CompletionGate.schema.parse(parsed)).toEqual(parsed);
    expect(parsed!.complete).toBe(parsed!.problems.length === 0);
    if (parsed!.ready) expect(parsed!.complete).toBe(true);
  });

  it("reads the format the loop's system prompt shows", () => {
    expect(CompletionGate.parseLast(LOOP_SYSTEM_PROMPT)).toEqual({
      ready: false,
      reason: "why the task is or is not done",
      progress: "what you accomplished so far, concretely",
      blockers: ["what still stands in the way"],
      extras: {},
      complete: true,
      problems: [],
    });
  });

  it("keeps at most MAX_BLOCKERS blockers and MAX_EXTRAS extras", () => {
    const blockers = Array.from({ length: 80 }, (_, i) => `- b${i}`).join("\n");
    const extras = Array.from({ length: 30 }, (_, i) => `k${i}: v`).join("\n");
    const parsed = CompletionGate.parseLast(gate(`ready: false\nblockers:\n${blockers}\n${extras}`))!;
    expect(parsed.blockers).toHaveLength(MAX_BLOCKERS);
    expect(Object.keys(parsed.extras)).toHaveLength(MAX_EXTRAS);
  });

  it("cuts each blocker to MAX_VALUE_CHARS", () => {
    const parsed = CompletionGate.parseLast(gate(`ready: false\nblockers: ["${big}", "short"]`))!;
    expect(parsed.blockers.map((b) => b.length)).toEqual([MAX_VALUE_CHARS, 5]);
  });
});

describe("parseLast stays fast on hostile input", () => {
  const fast = (text: string, ms = 1000) => {
    const start = performance.now();
    const parsed = CompletionGate.parseLast(text);
    expect(performance.now() - start).toBeLessThan(ms);
    return parsed;
  };

  it("10,000 gates", () => {
    const text = `${gate("ready: false\nreason: no")}\n`.repeat(9_999) + READY;
    expect(fast(text)?.ready).toBe(true);
  });

  it("10,000 stray opening tags and one gate", () => {
    expect(fast(`${"<COMPLETION_GATE> ".repeat(10_000)}${READY}`)?.reason).toBe("all done");
  });

  it("a 1 MiB gate of many lines, quotes and unclosed lists", () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => (i % 2 ? `- "item ${i}` : `k${i}: [“x”, "y`)).join("\n");
    expect(fast(gate(`ready: true\nblockers: ["${'\\"'.repeat(100_000)}\n${lines}`))?.ready).toBe(false);
  });

  it("1 MiB of whitespace, markers and colons", () => {
    expect(fast(gate(`ready: ${" ".repeat(1 << 19)}x\n${"*".repeat(1 << 19)}:`))?.ready).toBe(false);
  });
});
