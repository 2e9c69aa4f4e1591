"use client";

import type { ReactNode } from "react";
import { isLong, oneLine, prettyInput, toolHint } from "@/lib/shared/stream/format";
import type { ToolResult, ToolUse } from "@/lib/shared/stream/tool-results";
import { AnsiText } from "./ansi-text";
import { LazyDetails } from "./lazy-details";
import { LongText } from "./long-text";
import { ToolImages } from "./tool-images";

/**
 * The pieces every tool call's view is made of: its frame and header line (name, what it acts on, how it went),
 * its input as JSON on demand, and its result (text, terminal output or images; open when short, collapsed when
 * long, red when an error).
 */

export type CallStatus = "running" | "error" | "done";

export function callStatus(result: ToolResult | null): CallStatus {
  return result === null ? "running" : result.isError ? "error" : "done";
}

/** The frame around a tool call. */
export function ToolFrame({ children, tone = "plain" }: { children: ReactNode; tone?: "plain" | "quiet" }) {
  const style = tone === "quiet" ? "px-2" : "rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1";
  return <div className={style}>{children}</div>;
}

/** The call's one line: name, target, status (or what it came to). */
export function ToolHeader({
  name,
  target,
  status,
  outcome,
}: {
  name: string;
  target?: string;
  status: CallStatus;
  outcome?: string;
}) {
  return (
    <span className="inline-flex max-w-full items-baseline gap-2 align-baseline">
      <span className="shrink-0 font-mono font-semibold text-zinc-800">{oneLine(name, 80)}</span>
      {target ? <span className="min-w-0 truncate font-mono text-zinc-500">{target}</span> : null}
      <span
        className={`shrink-0 ${status === "error" ? "text-red-600" : "text-zinc-400"}`}
        title={status === "running" ? "no result yet" : undefined}
      >
        {status === "running" ? "…" : (outcome ?? status)}
      </span>
    </span>
  );
}

/** The call's input as pretty JSON, rendered only when opened. */
export function InputJson({ input, label = "input" }: { input: unknown; label?: string }) {
  return (
    <LazyDetails summary={<span className="text-zinc-500">{label}</span>}>
      {() => (
        <LongText text={prettyInput(input)} className="mt-1 rounded bg-white p-2 font-mono text-xs text-zinc-700" />
      )}
    </LazyDetails>
  );
}

/** A tool's output: open when short, collapsed when long; errors have a red border and say "error". */
export function ToolResultView({
  result,
  orphan = false,
  terminal = false,
  openWhenShort = true,
  label = "result",
}: {
  result: ToolResult;
  /** Its call was not seen: say which id it answers. */
  orphan?: boolean;
  /** Terminal output: ANSI colours drawn, other control sequences removed. */
  terminal?: boolean;
  openWhenShort?: boolean;
  label?: string;
}) {
  const border = result.isError ? "border-red-500" : "border-zinc-300";
  const content = trimTrailingNewlines(result.content);
  const lineCount = content ? countLines(content) : 0;
  return (
    <LazyDetails
      defaultOpen={result.isError || (openWhenShort && !isLong(content))}
      className={`mt-1 border-l-2 pl-2 ${border}`}
      summary={
        <span className="text-zinc-500">
          {result.isError ? <span className="font-semibold text-red-600">error</span> : label}
          {orphan ? <span className="font-mono"> for {oneLine(result.toolUseId, 40) || "an unknown call"}</span> : null}
          <span>
            {" "}
            · {lineCount.toLocaleString("en-US")} {lineCount === 1 ? "line" : "lines"}
          </span>
        </span>
      }
    >
      {() => <ToolResultBody result={result} terminal={terminal} />}
    </LazyDetails>
  );
}

/** A result's text (or terminal output) and images, without a frame. */
export function ToolResultBody({ result, terminal = false }: { result: ToolResult; terminal?: boolean }) {
  const content = trimTrailingNewlines(result.content);
  const box = "max-h-96 overflow-y-auto font-mono text-xs";
  return (
    <>
      {terminal ? (
        <AnsiText
          text={content || "(no output)"}
          className={`${box} rounded bg-zinc-900 p-2 ${result.isError ? "text-red-300" : "text-zinc-100"}`}
        />
      ) : (
        <LongText
          text={content || "(no output)"}
          className={`${box} ${result.isError ? "text-red-700" : "text-zinc-700"}`}
        />
      )}
      <ToolImages images={result.images} />
    </>
  );
}

/** A generic call: its header, its input as JSON when opened, its result beneath. */
export function GenericToolCall({ use, result }: { use: ToolUse; result: ToolResult | null }) {
  return (
    <ToolFrame>
      <LazyDetails summary={<ToolHeader name={use.name} target={toolHint(use.input)} status={callStatus(result)} />}>
        {() => (
          <LongText
            text={prettyInput(use.input)}
            className="mt-1 rounded bg-white p-2 font-mono text-xs text-zinc-700"
          />
        )}
      </LazyDetails>
      {result ? <ToolResultView result={result} /> : null}
    </ToolFrame>
  );
}

export function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === "\n" || text[end - 1] === "\r")) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Lines in `text`, counted up to 100,000. */
export function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1 && lines < 100_000; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
