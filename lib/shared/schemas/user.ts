import { z } from "zod";
import { Role } from "../auth/roles";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const EMAIL_MAX_LENGTH = 254;
export const USER_NAME_MAX_LENGTH = 100;

export const Email = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "Email is required" })
  .max(EMAIL_MAX_LENGTH, { error: `Email must be at most ${EMAIL_MAX_LENGTH} characters` })
  .pipe(z.email({ error: "Enter an email address such as you@example.com" }));

export const Password = z
  .string({ error: "Password is required" })
  .min(PASSWORD_MIN_LENGTH, { error: `Password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` });

const UserName = z
  .string()
  .trim()
  .max(USER_NAME_MAX_LENGTH, { error: `Name must be at most ${USER_NAME_MAX_LENGTH} characters` })
  .default("");

const Id = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(100);

/** The first account, from the one-time link `makima server` prints. */
export const SetupOwnerInput = z.object({
  token: z
    .string({ error: "The set-up link is incomplete" })
    .min(1, { error: "The set-up link is incomplete" })
    .max(200),
  name: UserName,
  email: Email,
  password: Password,
});
export type SetupOwnerInput = z.infer<typeof SetupOwnerInput>;

/** Settings → Users → "Add user": the person sets their password through a one-time link. */
export const AddUserInput = z.object({ email: Email, name: UserName, role: Role });
export type AddUserInput = z.infer<typeof AddUserInput>;

export const ChangeUserRoleInput = z.object({ userId: Id("User"), role: Role });
export type ChangeUserRoleInput = z.infer<typeof ChangeUserRoleInput>;

export const SetUserDisabledInput = z.object({
  userId: Id("User"),
  disabled: z.enum(["true", "false"]).transform((value) => value === "true"),
});
export type SetUserDisabledInput = z.infer<typeof SetUserDisabledInput>;

/** A user's "New password link" (for a forgotten password): a one-time link, like a new user's. */
export const PasswordLinkInput = z.object({ userId: Id("User") });

/** Settings → Sessions → "Revoke". */
export const RevokeSessionInput = z.object({ sessionId: Id("Session") });
