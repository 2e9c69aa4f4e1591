const PROBLEMS = ["conflict", "failed"];

const HEADINGS: Record<string, string> = {
  merged: "Merged into the target branch",
  kept: "Branch kept",
  nothing: "Completion action: nothing to do",
  conflict: "Merge conflict: not merged",
  failed: "Completion action failed",
};

/** What the contract's completion action did after the task succeeded; a conflict or failure stands out. */
export function CompletionOutcome({ outcome, message }: { outcome: string; message: string | null }) {
  const problem = PROBLEMS.includes(outcome);
  return (
    <div
      role={problem ? "alert" : "status"}
      data-testid="completion-outcome"
      className={`rounded-md border px-3 py-2 ${problem ? "border-amber-300 bg-amber-50 text-amber-950" : "border-green-200 bg-green-50 text-green-900"}`}
    >
      <p className="font-medium">{HEADINGS[outcome] ?? `Completion action: ${outcome}`}</p>
      {message && <p className="mt-1 whitespace-pre-wrap font-mono text-xs">{message}</p>}
    </div>
  );
}
