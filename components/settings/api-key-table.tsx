import { formatDateTime } from "@/components/ui/format";
import type { ApiKeySummary } from "@/lib/server/api-keys/list-api-keys";
import { LOCAL_DAEMON_KEY_NAME } from "@/lib/server/api-keys/api-key-store";
import { RevokeApiKeyButton } from "./revoke-api-key-button";
import { DataTable } from "@/components/ui/data-table";

function KeyStatus({ revokedAt }: { revokedAt: Date | null }) {
  return (
    <span
      data-testid="api-key-status"
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        revokedAt ? "bg-neutral-100 text-neutral-600 ring-neutral-300" : "bg-green-50 text-green-800 ring-green-300"
      }`}
    >
      {revokedAt ? `revoked ${formatDateTime(revokedAt)}` : "active"}
    </span>
  );
}

/** The API keys, newest first: what each is for, its first characters, when it was last used, and whether it still works. */
export function ApiKeyTable({ keys }: { keys: ApiKeySummary[] }) {
  if (keys.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-neutral-600">
        No API keys yet.
      </p>
    );
  }
  return (
    <DataTable
      caption="API keys"
      columns={[
        { label: "Name" },
        { label: "Scope" },
        { label: "Key" },
        { label: "Created" },
        { label: "Last used" },
        { label: "Status" },
        { label: "Actions", visuallyHidden: true },
      ]}
    >
      {keys.map((key) => (
        <tr key={key.id} data-testid="api-key-row" className={`align-top ${key.revokedAt ? "text-neutral-500" : ""}`}>
          <td className="px-3 py-2 font-medium">{key.name}</td>
          <td className="px-3 py-2 font-mono text-xs">{key.scope}</td>
          <td className="whitespace-nowrap px-3 py-2 font-mono text-xs" data-testid="api-key-prefix">
            {key.prefix}…
          </td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">{formatDateTime(key.createdAt)}</td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">
            {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "never"}
          </td>
          <td className="px-3 py-2">
            <KeyStatus revokedAt={key.revokedAt} />
          </td>
          <td className="px-3 py-2 text-right">
            {!key.revokedAt && (
              <RevokeApiKeyButton
                id={key.id}
                name={key.name}
                isLocalDaemon={key.name === LOCAL_DAEMON_KEY_NAME && key.scope === "daemon"}
              />
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
