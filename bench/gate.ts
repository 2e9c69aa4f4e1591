/**
 * `npm run bench:gate`: how fast `CompletionGate.parseLast` reads hostile text, and whether it stays linear.
 *
 * Cases: (a) 10,000 gates in one text, (b) one 1 MiB gate (a long quoted reason full of escapes, a value
 * of many continuation lines, a long bullet list), (c) 1 MiB of random latin1 junk with a stray
 * `<COMPLETION_GATE>` every KiB and a closing tag near its end, (d) 8 MiB of prose with one gate at the end.
 * Each is timed as the median of 7 runs after 2 warm-up runs; MB is 10^6 characters.
 * Linearity: the slowest case (least MB/s) is built again at 1 MiB and 8 MiB, and its time per MB at 8 MiB
 * must be within 3× of that at 1 MiB. Ends with one line:
 *   gate: <min MB/s> MB/s worst case, linear: yes|no
 */
import { CompletionGate } from "../lib/shared/loop/completion-gate";

const MiB = 1 << 20;
const GATE =
  '<COMPLETION_GATE>\nready: false\nreason: "not yet"\nprogress: "step 3"\nblockers: ["tests"]\n</COMPLETION_GATE>\n';

/** Repeats `unit` (cut at the end) to `chars` characters. */
function fill(unit: string, chars: number): string {
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

const cases: Record<string, { size: number; build: (chars: number) => string }> = {
  "(a) 10,000 gates": {
    size: 10_000 * GATE.length,
    build: (chars) => GATE.repeat(Math.max(1, Math.floor(chars / GATE.length))),
  },
  "(b) one 1 MiB gate": {
    size: MiB,
    build: (chars) => {
      const third = Math.floor(chars / 3);
      const reason = fill('a \\"quoted\\" word, ', third);
      const progress = fill("did one more thing\n  ", third);
      const blockers = fill('- "blocker", with: commas\n', third);
      return `<COMPLETION_GATE>\nready: false\nreason: "${reason}"\nprogress: ${progress}\nblockers:\n${blockers}\n</COMPLETION_GATE>`;
    },
  },
  "(c) 1 MiB binary junk": {
    size: MiB,
    build: (chars) => {
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
      const parts: string[] = [];
      for (let i = 0; i < chars; i += 1024)
        parts.push(String.fromCharCode(...Array.from({ length: 1024 }, random)), "<COMPLETION_GATE>");
      parts.splice(-3, 0, "</COMPLETION_GATE>");
      return parts.join("");
    },
  },
  "(d) 8 MiB prose, one gate": {
    size: 8 * MiB,
    build: (chars) =>
      fill("The agent edited lib/loop/gate.ts and ran the tests; 3 of 40 failed.\n", chars - GATE.length) + GATE,
  },
};

function time(text: string): number {
  const runs: number[] = [];
  for (let run = 0; run < 9; run++) {
    const start = performance.now();
    CompletionGate.parseLast(text);
    if (run >= 2) runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[3];
}

const megabytes = (text: string) => text.length / 1e6;
let worst = { name: "", mbPerSecond: Infinity };
for (const [name, { size, build }] of Object.entries(cases)) {
  const text = build(size);
  const ms = time(text);
  const mbPerSecond = megabytes(text) / (ms / 1000);
  const gate = CompletionGate.parseLast(text);
  console.log(
    `${name}: ${megabytes(text).toFixed(2)} MB in ${ms.toFixed(2)} ms, ${mbPerSecond.toFixed(0)} MB/s (gate: ${gate ? `ready ${gate.ready}` : "none"})`,
  );
  if (mbPerSecond < worst.mbPerSecond) worst = { name, mbPerSecond };
}

const build = cases[worst.name].build;
const small = build(MiB);
const large = build(8 * MiB);
const msPerMbSmall = time(small) / megabytes(small);
const msPerMbLarge = time(large) / megabytes(large);
const ratio = msPerMbLarge / msPerMbSmall;
console.log(
  `${worst.name} at 1 MiB: ${msPerMbSmall.toFixed(2)} ms/MB; at 8 MiB: ${msPerMbLarge.toFixed(2)} ms/MB (${ratio.toFixed(2)}×)`,
);
console.log(`gate: ${worst.mbPerSecond.toFixed(0)} MB/s worst case, linear: ${ratio <= 3 ? "yes" : "no"}`);
