import type { Metadata } from "next";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { cardClass } from "@/components/ui/styles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set your password" };

type Props = { searchParams: Promise<{ token?: string }> };

/** Where a new user's (or a reset) one-time link leads. */
export default async function SetPasswordPage({ searchParams }: Props) {
  const token = (await searchParams).token ?? "";
  return (
    <div className={`${cardClass} space-y-4 p-6`}>
      <h1 className="text-lg font-semibold">Set your password</h1>
      {token ? (
        <SetPasswordForm token={token} />
      ) : (
        <p role="alert">This link is incomplete: open the whole link you were given.</p>
      )}
    </div>
  );
}
