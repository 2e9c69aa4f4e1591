import { z } from "zod";
import * as vocabulary from "../../generated/prisma/enums";

/**
 * Who may do what. Each role may do everything the roles before it may:
 * - viewer: reads everything, changes nothing;
 * - member: contracts, tasks, messages, clean-ups, merges, their own cli keys;
 * - admin: users other than owners, API keys of anyone, daemons (logins, orphan worktrees), settings, the audit log;
 * - owner: everything, including other owners.
 */
export const Role = z.enum(vocabulary.Role, { error: `Choose a role: ${Object.values(vocabulary.Role).join(", ")}` });
/** In order: each may do what the ones before it may (the order the schema declares them in). */
export const ROLES = Role.options;
export type Role = z.infer<typeof Role>;

export const ROLE_SUMMARY: Record<Role, string> = {
  viewer: "reads everything, changes nothing",
  member: "contracts, tasks, messages, clean-ups, merges",
  admin: "users other than owners, API keys, daemons, settings",
  owner: "everything, including other owners",
};

/** True when `role` may do what `required` may. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** The lower of two roles: a task's key acts as the person who started the task, at most as a member. */
export function lowerRole(a: Role, b: Role): Role {
  return hasRole(a, b) ? b : a;
}

/** Whether `actor` may give `target` (a user whose role is `from`) the role `to`: only owners touch owners. */
export function mayAssignRole(actor: Role, from: Role, to: Role): boolean {
  if (!hasRole(actor, "admin")) return false;
  return actor === "owner" || (from !== "owner" && to !== "owner");
}
