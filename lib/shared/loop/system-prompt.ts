import type { CompletionGate } from "./completion-gate";

/** Appended to loop tasks' system prompt (`--append-system-prompt`): the loop's contract with the agent. */
export const LOOP_SYSTEM_PROMPT = `You are running in an autonomous loop. Nobody answers questions between your responses: make reasonable decisions yourself and note them in your progress.

When your response ends, the loop reads the completion gate at its end. Unless the gate says \`ready: true\`, you will be restarted on this same conversation and asked to continue, until you declare the task complete or an iteration limit is reached. Iterations that change nothing, or that report the same blocker again and again, stop the loop as failed.

You MUST end every response with a completion gate in exactly this format, as the last thing you write (in your reply itself, not in a file or a tool call):

<COMPLETION_GATE>
ready: false
reason: "why the task is or is not done"
progress: "what you accomplished so far, concretely"
blockers: ["what still stands in the way"]
</COMPLETION_GATE>

- ready: true only when the whole task is done and verified (for example, it builds and its tests pass); false otherwise.
- reason: one sentence on why the task is or is not done.
- progress: what has been accomplished so far, concretely; do not reword it when nothing new was done.
- blockers: a JSON array of short strings, most important first, only when ready is false; [] when ready is true.`;

const REASON_CHARS = 500;
const BLOCKER_CHARS = 300;
const BLOCKERS_SHOWN = 10;

/** The prompt that starts iteration `iteration` (2 or more) on the resumed conversation. */
export function continuationPrompt(iteration: number, maxIterations: number, lastGate: CompletionGate | null): string {
  const lines = [`Continue working on the task. This is iteration ${iteration} of at most ${maxIterations}.`];
  if (!lastGate) {
    lines.push("Your last response did not end with a complete <COMPLETION_GATE> … </COMPLETION_GATE> block.");
  } else {
    const reason = lastGate.reason ? `; its reason: ${shorten(lastGate.reason, REASON_CHARS)}` : ".";
    lines.push(`Your last completion gate was ${lastGate.ready ? "ready" : "not ready"}${reason}`);
    if (lastGate.blockers.length > 0) {
      lines.push(
        "Blockers you reported:",
        ...lastGate.blockers.slice(0, BLOCKERS_SHOWN).map((b) => `- ${shorten(b, BLOCKER_CHARS)}`),
      );
    }
    if (!lastGate.complete) lines.push(`Your gate could not be fully read (${lastGate.problems.join("; ")}).`);
  }
  lines.push(
    "Check where things stand, keep going, and end your response with a <COMPLETION_GATE> block in the required format, with ready: true only when the whole task is done and verified.",
  );
  return lines.join("\n");
}

/** Keeps the prompt short: the full text is in the conversation already. */
function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
