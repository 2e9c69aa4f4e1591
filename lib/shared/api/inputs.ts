import { z } from "zod";
import { checkedAllowRules, ContractInput, ContractReportInput } from "../schemas/contract";
import { MAX_SEQ } from "../protocol/daemon";
import { CreateTaskInput } from "../schemas/task";
import { EntryCategory } from "../stream/entry-categories";
import { MAX_SEARCH_QUERY_LENGTH, searchTerms } from "../stream/search-text";

/**
 * What the `/api/v1` routes take beyond their path's params (a query string, or a JSON body), where it is not a
 * form's schema as it is: one schema each, used by the route and by the OpenAPI document (lib/shared/api/routes.ts).
 */

/** No input beyond the route's own params. */
export const NoInput = z.object({}).loose();

/** `GET /audit?before=&limit=`. */
export const AuditQuery = z.object({
  before: z.iso.datetime({ error: "before must be an ISO date-time" }).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(1000).default(200),
});

/** `GET /tasks/:id/output?afterSeq=&limit=`. */
export const OutputQuery = z.object({
  afterSeq: z.coerce.number({ error: "afterSeq must be a number" }).int().nonnegative().max(MAX_SEQ).default(0),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(5000).default(1000),
});

/** The most hits one search answers with (ask again with `afterSeq` for the next). */
export const MAX_SEARCH_HITS = 1000;
/** How far a search counts its hits. */
export const MAX_SEARCH_COUNT = 10_000;

/**
 * `GET /tasks/:id/search?q=&kinds=&afterSeq=&limit=`: `q` the words to find (lib/shared/stream/search-text.ts),
 * `kinds` a comma-separated subset of messages, tools, errors (default: everything).
 */
export const SearchQuery = z.object({
  q: z
    .string({ error: "Give what to search for as ?q=" })
    .max(MAX_SEARCH_QUERY_LENGTH, { error: `The search may be at most ${MAX_SEARCH_QUERY_LENGTH} characters long` })
    .refine((q) => searchTerms(q).length > 0, { error: "Search for at least one word (letters or digits)" }),
  kinds: z
    .string()
    .max(100)
    .default("")
    .transform((text, context) => {
      const kinds = text.split(",").filter(Boolean);
      for (const kind of kinds) {
        if (!EntryCategory.safeParse(kind).success)
          context.addIssue({ code: "custom", message: `kinds takes messages, tools and errors, not "${kind}"` });
      }
      return [...new Set(kinds)] as EntryCategory[];
    }),
  afterSeq: z.coerce.number({ error: "afterSeq must be a number" }).int().nonnegative().max(MAX_SEQ).default(0),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(MAX_SEARCH_HITS).default(200),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** `GET /tasks/:id/file?path=`. */
export const FileQuery = z.object({
  path: z
    .string({ error: "Give the file's path as ?path=" })
    .min(1, { error: "Give the file's path as ?path=" })
    .max(4096),
});

/**
 * `POST /contracts` `{ name, repository, description?, baseBranch?, targetBranch?, autonomousLoop?, maxIterations?,
 * completionAction?, permissionMode?, allowRules?, denyUnansweredAfterMinutes?, autoResume? }`: the form's fields as
 * JSON, the allowed tools an array of rules (the form's textarea takes them one a line), automatic resumes on unless
 * said.
 */
export const CreateContractInput = ContractInput.extend({
  autoResume: z.boolean({ error: "autoResume must be true or false" }).default(true),
  allowRules: checkedAllowRules(
    z.array(z.string(), { error: 'allowRules must be an array of rules, e.g. ["Bash(npm test:*)", "Edit"]' }),
  ).default([]),
});

/** `POST /contracts/:id/reports` `{ progress }`. */
export const ReportInput = ContractReportInput.pick({ progress: true });

/** `POST /contracts/:id/tasks` `{ name, plan, parentTaskId?, supervisor? }`. */
export const SpawnTaskInput = CreateTaskInput.omit({ contractId: true });
