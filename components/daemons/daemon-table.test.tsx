import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DaemonTable, type DaemonRow } from "./daemon-table";

const daemon = (restarts: number): DaemonRow => ({
  id: `d${restarts}`,
  hostname: `host-${restarts}`,
  status: "connected",
  capacity: 4,
  version: "0.1.0",
  runsAsRoot: false,
  sandboxed: false,
  restarts,
  lastHeartbeatAt: new Date("2026-01-01T00:00:00Z"),
  disconnectedAt: null,
  tasks: [],
});

/** The text of the restarts line in each row (null where there is none). */
function restartLines(rows: DaemonRow[]): (string | null)[] {
  const html = renderToStaticMarkup(<DaemonTable daemons={rows} />);
  return html
    .split('data-testid="daemon-row"')
    .slice(1)
    .map((row) => row.match(/data-testid="daemon-restarts"[^>]*>([^<]*)</)?.[1] ?? null);
}

describe("DaemonTable", () => {
  it("says beside the status how often makima start restarted a daemon, and nothing for none", () => {
    expect(restartLines([daemon(0), daemon(1), daemon(3)])).toEqual([
      null,
      "restarted once by makima start",
      "restarted 3 times by makima start",
    ]);
  });
});
