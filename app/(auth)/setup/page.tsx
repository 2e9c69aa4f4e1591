import type { Metadata } from "next";
import Link from "next/link";
import { SetupOwnerForm } from "@/components/auth/setup-owner-form";
import { cardClass, linkClass } from "@/components/ui/styles";
import { getDb } from "@/lib/server/db/client";
import { setupTokenState } from "@/lib/server/auth/accounts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create the first account" };

type Props = { searchParams: Promise<{ token?: string }> };

/** The first account, an owner: only with the one-time link the server printed while it had no account. */
export default async function SetupPage({ searchParams }: Props) {
  const token = (await searchParams).token ?? "";
  const state = await setupTokenState(getDb(), token);
  return (
    <div className={`${cardClass} space-y-4 p-6`}>
      <h1 className="text-lg font-semibold">Create the first account</h1>
      {state === "valid" && (
        <>
          <p className="text-neutral-600">
            This account is the owner: it may do everything, including adding other people.
          </p>
          <SetupOwnerForm token={token} />
        </>
      )}
      {state === "invalid" && (
        <p role="alert" className="text-neutral-700">
          This set-up link is not valid: it may have expired, been replaced by a newer one, or been used. Restart{" "}
          <code className="font-mono">makima server</code> for a new link.
        </p>
      )}
      {state === "done" && (
        <p role="alert" className="text-neutral-700">
          The first account has already been made.{" "}
          <Link href="/sign-in" className={linkClass}>
            Sign in
          </Link>
        </p>
      )}
    </div>
  );
}
