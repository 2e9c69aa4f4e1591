"use client";

import { useId, useReducer } from "react";
import { answerApprovalAction } from "@/lib/server/actions/approvals/answer-approval";
import type { FormState } from "@/lib/shared/form-state";
import type { UserQuestion } from "@/lib/shared/protocol/claude-control";
import type { ApprovalEvent } from "@/lib/shared/protocol/ui";
import { FormMessage, TextAreaField } from "@/components/ui/form-fields";
import { formatDateTime } from "@/components/ui/format";
import {
  buttonClass,
  cardClass,
  dangerButtonClass,
  inputClass,
  labelClass,
  secondaryButtonClass,
} from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import {
  answersReady,
  approvalCardModel,
  cardLabel,
  emptyDraft,
  historyLine,
  questionAnswers,
  reduceDraft,
  type ApprovalBody,
  type DiffRow,
  type QuestionDraft,
  type QuestionDraftAction,
} from "./approval-card-model";
import { Markdown } from "@/components/ui/markdown";

/** The longest message the server takes with an answer. */
const MESSAGE_LIMIT = 10_000;

/** What a viewer sees instead of the buttons. */
export const VIEWER_NOTE = "Your role may watch, not answer.";

type Answer = ReturnType<typeof useFormAction<FormState>>;

// ---------------------------------------------------------------------------------------------------------------
// What was asked.

const rowStyle: Record<DiffRow["kind"], { row: string; marker: string }> = {
  add: { row: "bg-green-50 text-green-900", marker: "+" },
  del: { row: "bg-red-50 text-red-900", marker: "-" },
  context: { row: "text-neutral-800", marker: " " },
  note: { row: "bg-blue-50 italic text-blue-800", marker: "" },
};

function DiffPreview({ filePath, rows, note }: { filePath: string; rows: DiffRow[]; note: string | null }) {
  return (
    <div className="space-y-1">
      <p className="break-all font-mono text-xs text-neutral-900">{filePath}</p>
      {rows.length > 0 && (
        <div className="max-h-96 overflow-auto rounded-md border border-neutral-200">
          <table
            aria-label={`Changes to ${filePath}`}
            className="min-w-full border-collapse font-mono text-xs [tab-size:4]"
          >
            <tbody>
              {rows.map((row, index) => {
                const style = rowStyle[row.kind];
                return (
                  <tr key={index} data-kind={row.kind} className={style.row}>
                    <td
                      aria-hidden={row.kind === "context" || row.kind === "note" ? true : undefined}
                      className="w-px select-none px-1.5 align-top"
                    >
                      {style.marker}
                    </td>
                    <td className="whitespace-pre pr-4">{row.text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {note && <p className="text-xs text-neutral-600">{note}</p>}
    </div>
  );
}

/** The plan claude proposes, as the document it wrote. */
export function PlanText({ markdown }: { markdown: string }) {
  return (
    <div
      data-testid="approval-plan"
      className="max-h-[28rem] overflow-auto rounded-md border border-neutral-200 bg-neutral-50 px-3 py-2"
    >
      <Markdown text={markdown} />
    </div>
  );
}

/** What claude wants to do (a question's questions are its form, not shown here). */
export function ApprovalBodyView({ body }: { body: ApprovalBody }) {
  switch (body.type) {
    case "command":
      return (
        <div className="space-y-1">
          <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-neutral-900 px-3 py-2 font-mono text-xs text-neutral-100">
            {body.command}
          </pre>
          {body.description && <p className="text-neutral-600">{body.description}</p>}
        </div>
      );
    case "diff":
      return <DiffPreview filePath={body.filePath} rows={body.rows} note={body.note} />;
    case "url":
      return (
        <div className="space-y-1">
          <p className="break-all font-mono text-xs text-neutral-900">{body.url}</p>
          {body.prompt && <p className="whitespace-pre-wrap text-neutral-600">{body.prompt}</p>}
        </div>
      );
    case "plan":
      return <PlanText markdown={body.markdown} />;
    case "json":
      return (
        <pre className="max-h-80 overflow-auto whitespace-pre rounded-md border border-neutral-200 bg-neutral-50 px-3 py-2 font-mono text-xs text-neutral-800">
          {body.json}
        </pre>
      );
    case "questions":
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The answers.

/** A tool's answer: Allow, Allow always (adds `alwaysRule` to the contract), or Deny with an optional message. */
function ToolAnswerForm({
  approval,
  answer,
  canAllow,
}: {
  approval: ApprovalEvent;
  answer: Answer;
  canAllow: boolean;
}) {
  const [state, formAction, pending] = answer;
  const id = useId();
  const rule = approval.alwaysRule.trim();
  const busy = pending || state.ok;
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="approvalId" value={approval.id} />
      <MessageField id={id} state={state} hint="Optional; sent with Deny: why not, or what to do instead." />
      <div className="flex flex-wrap items-center gap-2">
        {canAllow && (
          <button type="submit" name="decision" value="allow" className={buttonClass} disabled={busy}>
            Allow
          </button>
        )}
        {canAllow && rule && (
          <button
            type="submit"
            name="decision"
            value="allow_always"
            className={secondaryButtonClass}
            disabled={busy}
            title={`Allow, and add the rule ${rule} to the contract's allowed tools`}
            aria-describedby={`${id}-rule`}
          >
            Allow always
          </button>
        )}
        <button type="submit" name="decision" value="deny" className={dangerButtonClass} disabled={busy}>
          Deny
        </button>
        {pending && <span className="text-neutral-500">Sending…</span>}
      </div>
      {canAllow && rule && (
        <p id={`${id}-rule`} className="text-xs text-neutral-500">
          Allow always adds the rule <code className="font-mono text-neutral-800">{rule}</code> to the contract&apos;s
          allowed tools.
        </p>
      )}
      <FormMessage ok={state.ok} message={state.message} />
    </form>
  );
}

/** The message claude gets with a refusal (Deny, Keep planning), kept when the answer is refused. */
function MessageField({ id, state, hint }: { id: string; state: Answer[0]; hint: string }) {
  return (
    <TextAreaField
      id={`${id}-message`}
      name="message"
      label="Message for claude"
      rows={2}
      maxLength={MESSAGE_LIMIT}
      defaultValue={state.values?.message ?? ""}
      errors={state.fieldErrors?.message}
      hint={hint}
    />
  );
}

/** A plan's answer: Approve plan, or Keep planning with a message of what to change. */
function PlanAnswerForm({ approval, answer }: { approval: ApprovalEvent; answer: Answer }) {
  const [state, formAction, pending] = answer;
  const id = useId();
  const busy = pending || state.ok;
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="approvalId" value={approval.id} />
      <MessageField id={id} state={state} hint="Sent with Keep planning: what the plan should change." />
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" name="decision" value="allow" className={buttonClass} disabled={busy}>
          Approve plan
        </button>
        <button type="submit" name="decision" value="deny" className={secondaryButtonClass} disabled={busy}>
          Keep planning
        </button>
        {pending && <span className="text-neutral-500">Sending…</span>}
      </div>
      <p className="text-xs text-neutral-500">
        Once approved, claude carries the plan out, editing files without asking.
      </p>
      <FormMessage ok={state.ok} message={state.message} />
    </form>
  );
}

/** Element ids of a question's parts, from the request's id (the form below uses no hooks). */
const questionId = (approvalId: string, index: number) => `approval-${approvalId}-question-${index}`;

/**
 * A question request's form, given what is chosen so far (`draft`) and where choices go (`onChange`): each question
 * with its options as buttons (pressed when chosen) and an "Other answer" field, then "Send answers", enabled once
 * every question has an answer. Uses no hooks, so a test can call it, press its buttons and look again.
 */
export function QuestionForm({
  approval,
  questions,
  draft,
  onChange,
  formAction,
  pending,
  sent,
}: {
  approval: Pick<ApprovalEvent, "id">;
  questions: UserQuestion[];
  draft: QuestionDraft;
  onChange: (action: QuestionDraftAction) => void;
  formAction: (formData: FormData) => void;
  pending: boolean;
  /** Answered already: the buttons stay off until the card turns into its history line. */
  sent: boolean;
}) {
  const busy = pending || sent;
  const ready = answersReady(questions, draft);
  return (
    <form action={formAction} noValidate className="space-y-3">
      <input type="hidden" name="approvalId" value={approval.id} />
      <input type="hidden" name="decision" value="allow" />
      <input type="hidden" name="answers" value={JSON.stringify(questionAnswers(questions, draft))} />
      {questions.map((question, index) => {
        const base = questionId(approval.id, index);
        const entry = draft[index];
        return (
          <fieldset
            key={index}
            aria-labelledby={`${base}-text`}
            className="space-y-2 rounded-md border border-neutral-200 px-3 py-2"
          >
            <div>
              {question.header && (
                <p className="text-xs font-medium uppercase tracking-wide text-neutral-500">{question.header}</p>
              )}
              <p id={`${base}-text`} className="font-medium text-neutral-900">
                {question.question}
              </p>
              <p className="text-xs text-neutral-500">{question.multiSelect ? "Choose one or more." : "Choose one."}</p>
            </div>
            <div className="flex flex-wrap gap-2">
              {question.options.map((option, optionIndex) => {
                const chosen = entry?.chosen.includes(option.label) ?? false;
                const descriptionId = `${base}-option-${optionIndex}`;
                return (
                  <div key={optionIndex} className="max-w-xs">
                    <button
                      type="button"
                      aria-pressed={chosen}
                      aria-describedby={option.description ? descriptionId : undefined}
                      disabled={busy}
                      onClick={() => onChange({ type: "choose", question: index, label: option.label })}
                      className={`${chosen ? buttonClass : secondaryButtonClass} w-full`}
                    >
                      {option.label}
                    </button>
                    {option.description && (
                      <p id={descriptionId} className="mt-0.5 text-xs text-neutral-500">
                        {option.description}
                      </p>
                    )}
                  </div>
                );
              })}
            </div>
            <div>
              <label htmlFor={`${base}-other`} className={labelClass}>
                Other answer
              </label>
              <input
                id={`${base}-other`}
                type="text"
                maxLength={MESSAGE_LIMIT}
                value={entry?.other ?? ""}
                disabled={busy}
                onChange={(event) => onChange({ type: "other", question: index, text: event.target.value })}
                className={`mt-1 ${inputClass}`}
              />
            </div>
          </fieldset>
        );
      })}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className={buttonClass} disabled={busy || !ready} aria-busy={pending}>
          Send answers
        </button>
        {pending && <span className="text-neutral-500">Sending…</span>}
        {!ready && !busy && <span className="text-xs text-neutral-500">Answer every question to send.</span>}
      </div>
    </form>
  );
}

function QuestionAnswer({
  approval,
  questions,
  answer,
}: {
  approval: ApprovalEvent;
  questions: UserQuestion[];
  answer: Answer;
}) {
  const [state, formAction, pending] = answer;
  const [draft, dispatch] = useReducer(reduceDraft, questions, emptyDraft);
  return (
    <div className="space-y-2">
      <QuestionForm
        approval={approval}
        questions={questions}
        draft={draft}
        onChange={dispatch}
        formAction={formAction}
        pending={pending}
        sent={state.ok}
      />
      <FormMessage ok={state.ok} message={state.message} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The card.

/** An answered request in one quiet line: what it was, then "Allowed by ada@example.com at 14:02" and the like. */
export function ApprovalHistoryLine({ approval, now }: { approval: ApprovalEvent; now: number }) {
  const model = approvalCardModel(approval);
  const line = historyLine(approval, now);
  return (
    <p
      data-testid="approval-history"
      data-status={approval.status}
      className="flex flex-wrap items-baseline gap-x-2 text-sm text-neutral-600"
    >
      <span className="font-medium text-neutral-700">{model.title}</span>
      {model.summary && (
        <span className="min-w-0 max-w-full truncate font-mono text-xs text-neutral-700">{model.summary}</span>
      )}
      {line && (
        <span>
          {line.lead}
          {line.at && line.atIso && (
            <>
              {" at "}
              <time dateTime={line.atIso} title={formatDateTime(line.atIso)} suppressHydrationWarning>
                {line.at}
              </time>
            </>
          )}
        </span>
      )}
    </p>
  );
}

/**
 * One of claude's requests. Pending: a card (a region labelled "Approval needed: <title>") with what claude wants to
 * do, why it asked, and the answer's buttons (none for a viewer); answered, withdrawn or expired: its history line.
 */
export function ApprovalCard({
  approval,
  canAnswer,
  now,
}: {
  approval: ApprovalEvent;
  canAnswer: boolean;
  now: number;
}) {
  const answer = useFormAction(answerApprovalAction);
  if (approval.status !== "pending") return <ApprovalHistoryLine approval={approval} now={now} />;
  const model = approvalCardModel(approval);
  const label = cardLabel(model);
  const { body } = model;
  return (
    <section
      aria-label={label}
      data-testid="approval-card"
      data-kind={approval.kind}
      className={`${cardClass} space-y-3 border-l-4 border-l-violet-600 px-4 py-3`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold text-neutral-900">{model.title}</h3>
        <span className="text-xs text-neutral-500">
          {approval.kind === "tool" && <span className="font-mono">{approval.toolName}</span>}
          {approval.kind === "tool" && " · "}
          <time dateTime={approval.createdAt} suppressHydrationWarning>
            {`asked ${formatDateTime(approval.createdAt)}`}
          </time>
        </span>
      </div>
      <ApprovalBodyView body={body} />
      {model.reason && (
        <p className="whitespace-pre-wrap text-sm text-neutral-600">
          <span className="font-medium text-neutral-700">Why claude asks: </span>
          {model.reason}
        </p>
      )}
      {!canAnswer ? (
        <p className="text-neutral-500">{VIEWER_NOTE}</p>
      ) : body.type === "questions" ? (
        <QuestionAnswer approval={approval} questions={body.questions} answer={answer} />
      ) : approval.kind === "plan" ? (
        <PlanAnswerForm approval={approval} answer={answer} />
      ) : (
        // A question that cannot be read can only be declined.
        <ToolAnswerForm approval={approval} answer={answer} canAllow={approval.kind === "tool"} />
      )}
    </section>
  );
}
