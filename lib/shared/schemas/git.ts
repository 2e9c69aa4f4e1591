import { z } from "zod";
import { atMost } from "./text-limit";

/** The longest branch name the forms and the API take. */
export const BRANCH_NAME_MAX = 250;

/**
 * Why `name` is not a valid git branch name (the rules of `git check-ref-format --branch`), or null
 * when it is one.
 */
export function branchNameProblem(name: string): string | null {
  if (name.length === 0) return "is required";
  if (/\s/.test(name)) return "must not contain spaces";
  if (/[\x00-\x1f\x7f]/.test(name)) return "must not contain control characters";
  if (name.startsWith("-")) return 'must not start with "-"';
  if (name.includes("..")) return 'must not contain ".."';
  if (/[~^:?*[\\]/.test(name)) return "must not contain any of ~ ^ : ? * [ \\";
  if (name.includes("@{")) return 'must not contain "@{"';
  if (name === "@") return 'must not be "@"';
  if (name.startsWith("/") || name.endsWith("/")) return 'must not start or end with "/"';
  if (name.includes("//")) return 'must not contain "//"';
  if (name.endsWith(".lock")) return 'must not end with ".lock"';
  if (name.endsWith(".")) return 'must not end with "."';
  if (name.split("/").some((part) => part.startsWith("."))) return 'no part of it may start with "."';
  return null;
}

/** A git branch name, trimmed; the error message starts with the field's label. */
export function branchName(label: string) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .max(BRANCH_NAME_MAX, atMost(label, BRANCH_NAME_MAX))
    .superRefine((value, ctx) => {
      const problem = branchNameProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${label} ${problem}` });
    });
}
