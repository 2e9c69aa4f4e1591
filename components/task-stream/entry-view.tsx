"use client";

import { memo, useState } from "react";
import { Markdown } from "@/components/ui/markdown";
import type { StreamEntry, StreamEntryOf } from "@/lib/shared/stream/entry";
import type { StreamItem } from "@/lib/shared/stream/tool-results";
import { oneLine } from "@/lib/shared/stream/format";
import { LazyDetails } from "./lazy-details";
import { LongText } from "./long-text";
import { RateLimitLine, SystemNoticeLine } from "./notice-view";
import { ResultCard } from "./result-card";
import { itemAnchors } from "./row-seqs";
import { ToolCallView, ToolResultView } from "./tool-view";

/**
 * One item of the task view, with what a subagent did nested under its call. Memoised on its entries' identity,
 * which stays stable as output grows (the items around them are rebuilt each time).
 */
export const StreamItemView = memo(function StreamItemView({ item }: { item: StreamItem }) {
  const kind = item.kind === "tool" ? "toolUse" : item.entry.kind;
  const anchors = itemAnchors(item);
  return (
    <div id={anchors.own} data-kind={kind} data-key={item.key} data-subagent-entry={parentOf(item) ? "" : undefined}>
      {anchors.result ? <span id={anchors.result} /> : null}
      {item.kind === "tool" ? (
        <ToolCallView
          use={item.use}
          result={item.result}
          steps={item.children.length}
          nested={item.children.map((child) => (
            <StreamItemView key={child.key} item={child} />
          ))}
        />
      ) : (
        <EntryView entry={item.entry} />
      )}
    </div>
  );
}, sameItem);

function parentOf(item: StreamItem): string | undefined {
  return item.kind === "tool" ? item.use.parentToolUseId : item.entry.parentToolUseId;
}

function sameItem(prev: { item: StreamItem }, next: { item: StreamItem }): boolean {
  return sameItems(prev.item, next.item);
}

/** The same entries, nested the same way (children compared one by one: a subagent's list only grows). */
function sameItems(a: StreamItem, b: StreamItem): boolean {
  if (a === b) return true;
  if (a.kind === "entry" && b.kind === "entry") return a.entry === b.entry;
  if (a.kind !== "tool" || b.kind !== "tool") return false;
  if (a.use !== b.use || a.result !== b.result || a.children.length !== b.children.length) return false;
  return a.children.every((child, i) => sameItems(child, b.children[i]));
}

const mono = "font-mono text-xs whitespace-pre-wrap break-all";

function EntryView({ entry }: { entry: Exclude<StreamEntry, StreamEntryOf<"toolUse">> }) {
  switch (entry.kind) {
    case "init":
      return (
        <p className="text-xs text-zinc-500">
          Session started{entry.model ? ` · ${entry.model}` : ""}
          {entry.cwd ? <span className="font-mono"> · {entry.cwd}</span> : null}
        </p>
      );
    case "assistantText":
      return <AssistantText text={entry.text} />;
    case "thinking":
      return (
        <LazyDetails
          summary={
            <span className="italic text-zinc-500">
              Thinking
              {entry.text ? (
                <span className="ml-2 not-italic text-zinc-400">{oneLine(entry.text.slice(0, 400), 100)}</span>
              ) : null}
            </span>
          }
        >
          {() => (
            <LongText text={entry.text} className="border-l-2 border-zinc-200 pl-2 text-sm italic text-zinc-500" />
          )}
        </LazyDetails>
      );
    case "userText":
      return (
        <div className="rounded-md border-l-2 border-sky-400 bg-sky-50 px-3 py-1.5">
          <span className="text-xs font-semibold text-sky-800">You</span>
          <LongText text={entry.text} className="text-sm text-zinc-900" />
        </div>
      );
    case "toolResult":
      return <ToolResultView result={entry} orphan />;
    case "result":
      return <ResultCard entry={entry} />;
    case "apiError":
      return (
        <div className="rounded-md border border-red-300 bg-red-50 px-3 py-1.5 text-sm text-red-800">
          <span className="font-semibold">API error ({entry.error}): </span>
          <LongText text={entry.text} className="inline" />
        </div>
      );
    case "stderr":
      return (
        <div className={`${mono} text-amber-800`}>
          <span className="mr-2 select-none rounded bg-amber-100 px-1 text-amber-700">stderr</span>
          <LongText text={entry.text} className="inline" />
        </div>
      );
    case "system":
      return <SystemNotice entry={entry} />;
    case "systemNotice":
      return <SystemNoticeLine entry={entry} />;
    case "rateLimit":
      return <RateLimitLine entry={entry} />;
    case "loopIteration":
      return (
        <div className="w-full rounded-md border border-indigo-200 bg-indigo-50 px-3 py-1 text-center text-xs font-semibold text-indigo-800">
          {`Iteration ${entry.n} of ${entry.max}`}
        </div>
      );
    case "loopGate":
      return <LoopGateCard entry={entry} />;
    case "loopBreaker":
      return (
        <div
          role="alert"
          className="w-full rounded-md border border-red-400 bg-red-50 px-3 py-1.5 text-sm text-red-800"
        >
          <span className="whitespace-pre-wrap font-semibold">{`Circuit breaker tripped: ${entry.reason}`}</span>
          <span className="ml-2 text-xs text-red-700">{`(iteration ${entry.iteration})`}</span>
        </div>
      );
    case "loopDone":
      return (
        <p className="whitespace-pre-wrap text-xs text-zinc-600">
          {`Loop finished after ${entry.iterations} ${entry.iterations === 1 ? "iteration" : "iterations"}: ${entry.reason}`}
        </p>
      );
    case "raw":
      return (
        <div className={`${mono} text-zinc-700`}>
          <LongText text={entry.text} className="inline" />
          {entry.truncated ? <span className="ml-2 rounded bg-zinc-200 px-1 text-zinc-600">truncated</span> : null}
        </div>
      );
    case "unknown":
      return (
        <LazyDetails
          className={`${mono} text-zinc-600`}
          summary={
            <span className="font-mono">
              <span className="rounded bg-zinc-200 px-1">{entry.type ?? "json"}</span>{" "}
              {oneLine(entry.text.slice(0, 500), 120)}
            </span>
          }
        >
          {() => <LongText text={entry.text} className="mt-1 rounded bg-zinc-50 p-2" />}
        </LazyDetails>
      );
    default:
      // Not reachable with today's entry kinds; a future kind still shows rather than vanishing.
      return <pre className={mono}>{JSON.stringify(entry as unknown)}</pre>;
  }
}

/** claude's message as markdown (components/ui/markdown.tsx), with its source a click away. */
function AssistantText({ text }: { text: string }) {
  const [source, setSource] = useState(false);
  return (
    <div className="group relative">
      <button
        type="button"
        onClick={() => setSource((shown) => !shown)}
        aria-label={source ? "Show formatted" : "Show the markdown source"}
        className="absolute right-0 top-0 rounded px-1 text-[10px] text-zinc-400 opacity-0 hover:bg-zinc-100 focus:opacity-100 group-hover:opacity-100"
      >
        {source ? "formatted" : "source"}
      </button>
      {source ? (
        <LongText text={text} className="font-mono text-xs text-zinc-800" />
      ) : (
        <Markdown text={text} className="text-zinc-900" />
      )}
    </div>
  );
}

const levelStyle = {
  info: "border-zinc-300 bg-zinc-50 text-zinc-600",
  warning: "border-amber-400 bg-amber-50 text-amber-800",
  error: "border-red-400 bg-red-50 text-red-800",
} as const;

/** A notice from the daemon (watchdog, restarts …), coloured by its level. */
function SystemNotice({ entry }: { entry: StreamEntryOf<"system"> }) {
  return (
    <div
      className={`rounded border-l-2 px-2 py-1 text-xs ${levelStyle[entry.level] ?? levelStyle.info}`}
      data-level={entry.level}
    >
      <span className="mr-2 select-none font-semibold">makima</span>
      <LongText text={entry.text} className="inline" />
    </div>
  );
}

/** The loop's completion gate verdict: green when ready, amber when not, with its reason and blockers. */
function LoopGateCard({ entry }: { entry: StreamEntryOf<"loopGate"> }) {
  const style = entry.ready
    ? "border-green-400 bg-green-50 text-green-900"
    : "border-amber-400 bg-amber-50 text-amber-900";
  return (
    <div className={`rounded-md border px-3 py-1.5 text-sm ${style}`} data-ready={entry.ready ? "true" : "false"}>
      <p className="font-semibold">
        {entry.ready ? "Completion gate: ready" : "Completion gate: not ready"}
        <span className="ml-2 text-xs font-normal opacity-75">{`(iteration ${entry.iteration})`}</span>
      </p>
      {entry.reason ? <p className="whitespace-pre-wrap break-words">{`Reason: ${entry.reason}`}</p> : null}
      {entry.progress ? <p className="whitespace-pre-wrap break-words">{`Progress: ${entry.progress}`}</p> : null}
      {entry.blockers.length > 0 ? (
        <div>
          <p>Blockers:</p>
          <ul className="list-disc pl-5">
            {entry.blockers.map((blocker, i) => (
              <li key={i} className="whitespace-pre-wrap break-words">
                {blocker}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
