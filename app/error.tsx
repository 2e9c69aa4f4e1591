"use client";

import Link from "next/link";
import { buttonClass, linkClass } from "@/components/ui/styles";

type Props = { error: Error & { digest?: string }; retry: () => void };

/**
 * The last resort when a page fails to render. Forms never end here (useFormAction turns a failed submit into a
 * message on the form); `retry` renders the page again from the server.
 */
export default function ErrorPage({ error, retry }: Props) {
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-neutral-600">
        This page could not be shown. Try again; if it keeps failing, the server&apos;s log says why.
      </p>
      {error.digest && (
        <p className="mt-1 text-xs text-neutral-500">
          Reference <code className="font-mono">{error.digest}</code>
        </p>
      )}
      <p className="mt-4 flex items-center justify-center gap-4">
        <button type="button" className={buttonClass} onClick={retry}>
          Try again
        </button>
        <Link href="/" className={linkClass}>
          Back to contracts
        </Link>
      </p>
    </div>
  );
}
