import { z } from "zod";
import { AuthCode } from "../protocol/daemon";

const id = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(100);

/** A notification's "Dismiss" button. */
export const DismissNotificationInput = z.object({ id: id("Notification id") });
export type DismissNotificationInput = z.infer<typeof DismissNotificationInput>;

/** The login banner's "Hide". */
export const CloseLoginInput = z.object({ loginId: id("Login id") });
export type CloseLoginInput = z.infer<typeof CloseLoginInput>;

/**
 * The login banner's code field takes what AuthCode (lib/shared/protocol/daemon.ts, which the daemon checks too) takes
 * before it removes whitespace: read from that schema, so the two cannot differ.
 */
export const LOGIN_LIMITS = { code: AuthCode.in.in.maxLength ?? undefined } as const;

/** The login banner's "Submit code": the code is cleaned of whitespace and checked (see AuthCode). */
export const SubmitLoginCodeInput = z.object({ loginId: id("Login id"), code: AuthCode });
export type SubmitLoginCodeInput = z.infer<typeof SubmitLoginCodeInput>;
