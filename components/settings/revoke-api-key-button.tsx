"use client";

import { useState } from "react";
import { revokeApiKeyAction } from "@/lib/server/actions/api-keys/revoke-api-key";
import { FormMessage } from "@/components/ui/form-fields";
import { dangerButtonClass, dangerSolidButtonClass, secondaryButtonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";

type Props = { id: string; name: string; isLocalDaemon: boolean };

/** A key's "Revoke", after a confirm step that says who stops working (the local daemon, for its own key). */
export function RevokeApiKeyButton({ id, name, isLocalDaemon }: Props) {
  const [state, action, pending] = useFormAction(revokeApiKeyAction);
  const [confirming, setConfirming] = useState(false);
  const textId = `revoke-api-key-${id}-text`;

  return (
    <div className="space-y-2">
      {confirming ? (
        <form
          action={action}
          role="group"
          aria-labelledby={textId}
          className="min-w-72 space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-left"
        >
          <input type="hidden" name="id" value={id} />
          <p id={textId} className="text-red-900">
            Revoke {name}? Daemons or scripts using it stop working.
            {isLocalDaemon && (
              <strong className="font-semibold">
                {" "}
                This is the local daemon&apos;s key: the local daemon will disconnect and cannot connect again until the
                next <code className="font-mono">npm start</code>, which makes it a new key.
              </strong>
            )}
          </p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={dangerSolidButtonClass} disabled={pending}>
              Confirm revoke
            </button>
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={pending}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className={dangerButtonClass}
          aria-label={`Revoke ${name}`}
          onClick={() => setConfirming(true)}
        >
          Revoke
        </button>
      )}
      {!state.ok && <FormMessage ok={false} message={state.message} />}
    </div>
  );
}
