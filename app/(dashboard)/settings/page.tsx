import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeyTable } from "@/components/settings/api-key-table";
import { NewApiKeyForm } from "@/components/settings/new-api-key-form";
import { linkClass } from "@/components/ui/styles";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

type SearchParams = Promise<{ taskKeys?: string }>;

export default async function SettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const includeTaskKeys = (await searchParams).taskKeys === "show";
  const { keys, hiddenTaskKeys } = await listApiKeys({ includeTaskKeys });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
      </div>
      <section aria-labelledby="api-keys-heading" className="space-y-4">
        <div>
          <h2 id="api-keys-heading" className="text-base font-semibold">
            API keys
          </h2>
          <p className="text-neutral-600">
            Daemons and the <code className="font-mono">makima</code> command sign in with a key. Each key is shown once,
            when it is made; the server stores only its hash, so a lost key cannot be shown again: revoke it and make a
            new one.
          </p>
        </div>
        <NewApiKeyForm />
        <ApiKeyTable keys={keys} />
        {includeTaskKeys ? (
          <p className="text-neutral-600" data-testid="task-keys-note">
            Task keys are listed too: the server makes one for each task it runs.{" "}
            <Link href="/settings" className={linkClass}>
              Hide task keys
            </Link>
          </p>
        ) : (
          hiddenTaskKeys > 0 && (
            <p className="text-neutral-600" data-testid="task-keys-note">
              {hiddenTaskKeys} task {hiddenTaskKeys === 1 ? "key" : "keys"} (made for running tasks) not listed.{" "}
              <Link href="/settings?taskKeys=show" className={linkClass}>
                Show task keys
              </Link>
            </p>
          )
        )}
      </section>
    </div>
  );
}
