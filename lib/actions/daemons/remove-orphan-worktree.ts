"use server";

import { revalidatePath } from "next/cache";
import { removeOrphanWorktree } from "../../daemons/remove-orphan-worktree";
import { RemoveOrphanWorktreeInput } from "../../schemas/daemon";
import { errorFormState, parseForm, type FormState } from "../form-state";

/** The daemons page's "Remove" on a worktree no task owns. */
export async function removeOrphanWorktreeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(RemoveOrphanWorktreeInput, formData);
  if ("state" in parsed) return parsed.state;
  try {
    const message = await removeOrphanWorktree(parsed.data);
    revalidatePath("/daemons");
    return { ok: true, message };
  } catch (error) {
    return errorFormState(error);
  }
}
