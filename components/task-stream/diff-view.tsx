"use client";

import { useMemo, useState, type ReactNode } from "react";
import { plural } from "@/lib/shared/stream/format";
import { EditInput, MultiEditInput, readInput, WriteInput } from "@/lib/shared/stream/tool-inputs";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { addedLines, lineDiff, type LineDiff } from "./diff-lines";
import { callStatus, GenericToolCall, ToolFrame, ToolHeader, ToolResultView } from "./tool-parts";

/** Diff lines drawn at first, and how many more each "show more" adds. */
export const DIFF_LINES_SHOWN = 80;
export const DIFF_LINES_STEP = 400;
/** Edits of one MultiEdit call drawn at first. */
export const EDITS_SHOWN = 20;

/**
 * Edit, MultiEdit and Write calls as diffs (./diff-lines.ts): the lines an edit removed and added with a little
 * context, a written file as added lines. The tool's own confirmation stays collapsed; an error shows open.
 */
export function EditCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const input = useMemo(() => readInput(EditInput, use.input), [use.input]);
  const diff = useMemo(() => (input ? lineDiff(input.old_string, input.new_string) : null), [input]);
  if (!input || !diff) return <GenericToolCall use={use} result={result} />;
  return (
    <ChangeFrame use={use} result={result} path={input.file_path} counts={counts(diff)}>
      {input.replace_all ? <p className="text-xs text-zinc-500">every occurrence</p> : null}
      <DiffBlock diff={diff} />
    </ChangeFrame>
  );
}

export function MultiEditCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const input = useMemo(() => readInput(MultiEditInput, use.input), [use.input]);
  const [shown, setShown] = useState(EDITS_SHOWN);
  const diffs = useMemo(
    () => input?.edits.slice(0, shown).map((edit) => lineDiff(edit.old_string, edit.new_string)) ?? null,
    [input, shown],
  );
  if (!input || !diffs) return <GenericToolCall use={use} result={result} />;
  const total = diffs.reduce((sum, diff) => ({ added: sum.added + diff.added, removed: sum.removed + diff.removed }), {
    added: 0,
    removed: 0,
  });
  return (
    <ChangeFrame
      use={use}
      result={result}
      path={input.file_path}
      counts={`${plural(input.edits.length, "edit")} · ${counts(total)}`}
    >
      {diffs.map((diff, i) => (
        <div key={i} className="mt-1">
          <p className="text-xs text-zinc-500">
            {`edit ${i + 1} of ${input.edits.length}`}
            {input.edits[i].replace_all ? " · every occurrence" : ""}
          </p>
          <DiffBlock diff={diff} />
        </div>
      ))}
      {input.edits.length > shown ? (
        <MoreButton onClick={() => setShown((n) => n + EDITS_SHOWN)}>
          {`… show more edits (${input.edits.length - shown} left)`}
        </MoreButton>
      ) : null}
    </ChangeFrame>
  );
}

export function WriteCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  const input = useMemo(() => readInput(WriteInput, use.input), [use.input]);
  const diff = useMemo(() => (input ? addedLines(input.content) : null), [input]);
  if (!input || !diff) return <GenericToolCall use={use} result={result} />;
  return (
    <ChangeFrame use={use} result={result} path={input.file_path} counts={plural(diff.added, "line")}>
      <DiffBlock diff={diff} initial={Math.min(DIFF_LINES_SHOWN, 40)} />
    </ChangeFrame>
  );
}

function ChangeFrame({
  use,
  result,
  path,
  counts,
  children,
}: {
  use: ToolUse;
  result: ToolResult | null;
  path: string;
  counts: string;
  children: ReactNode;
}) {
  const status = callStatus(result);
  return (
    <ToolFrame>
      <div className="text-xs">
        <ToolHeader name={use.name} target={path} status={status} outcome={status === "done" ? counts : undefined} />
      </div>
      {children}
      {result ? <ToolResultView result={result} openWhenShort={false} /> : null}
    </ToolFrame>
  );
}

function counts({ added, removed }: { added: number; removed: number }): string {
  return `+${added} −${removed}`;
}

const lineStyle = {
  add: "bg-emerald-50 text-emerald-900",
  del: "bg-red-50 text-red-900",
  same: "text-zinc-600",
} as const;
const sign = { add: "+", del: "-", same: " " } as const;

/** The diff's lines, `initial` of them at first. */
export function DiffBlock({ diff, initial = DIFF_LINES_SHOWN }: { diff: LineDiff; initial?: number }) {
  const [shown, setShown] = useState(initial);
  const lines = diff.lines.slice(0, shown);
  return (
    <div className="mt-1 overflow-x-auto rounded border border-zinc-200 bg-white font-mono text-xs" data-diff="">
      {diff.exact ? null : (
        <p className="px-2 text-zinc-500">
          Too large or too different to compare line by line: the old text, then the new.
        </p>
      )}
      {lines.map((line, i) =>
        line.kind === "skip" ? (
          <div key={i} className="select-none px-2 text-zinc-400">{`⋯ ${plural(line.count, "line")}`}</div>
        ) : (
          <div key={i} className={`whitespace-pre-wrap break-all px-2 ${lineStyle[line.kind]}`} data-line={line.kind}>
            <span className="mr-2 select-none opacity-60">{sign[line.kind]}</span>
            {line.text.length > 2_000 ? `${line.text.slice(0, 2_000)}…` : line.text || "\u00a0"}
          </div>
        ),
      )}
      {diff.lines.length > shown ? (
        <MoreButton onClick={() => setShown((n) => n + DIFF_LINES_STEP)}>
          {`… show more (${plural(diff.lines.length - shown, "line")} left)`}
        </MoreButton>
      ) : null}
    </div>
  );
}

function MoreButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="m-1 rounded border border-zinc-300 px-1.5 text-xs text-zinc-600 hover:bg-zinc-100"
    >
      {children}
    </button>
  );
}
