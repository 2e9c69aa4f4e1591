import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { cardClass } from "@/components/ui/styles";
import { localPath } from "@/lib/shared/auth/sign-in-path";
import { sessionActor } from "@/lib/server/auth/actor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string; created?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { next: requested, created } = await searchParams;
  const next = (requested && localPath(requested)) || "/";
  if (await sessionActor(await headers())) redirect(next);
  return (
    <div className={`${cardClass} space-y-4 p-6`}>
      <h1 className="text-lg font-semibold">Sign in</h1>
      {created && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
          The owner account is ready: sign in with it.
        </p>
      )}
      <SignInForm next={next} />
    </div>
  );
}
