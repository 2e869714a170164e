// Vertical markers for failovers and all-paths-down on a time chart; a function, since recharts wants them as direct children.
import { ReferenceLine } from "recharts";
import type { PathEvent } from "../../../main/ipc/dashboard-types";

/** The events worth a line across the charts: the moments traffic had to move. */
export function markedEvents(events: readonly PathEvent[]): PathEvent[] {
  return events.filter((e) => e.kind === "failover" || e.kind === "all-paths-down");
}

export function eventMarkers(events: readonly PathEvent[], withLabels: boolean) {
  // Two paths can fail in the same 100 ms step: the detail (naming the path) keeps their keys apart.
  return events.map((event) => (
    <ReferenceLine
      key={`${event.kind}-${event.atMs}-${event.detail}`}
      x={event.atMs}
      className={`event-marker event-marker-${event.kind}`}
      stroke={event.kind === "failover" ? "#e5534b" : "#b62324"}
      strokeDasharray="4 3"
      ifOverflow="hidden"
      {...(withLabels
        ? {
            label: {
              value: event.kind === "failover" ? "failover" : "all down",
              position: "insideTopRight" as const,
              fill: "#e5534b",
              fontSize: 11,
            },
          }
        : {})}
    />
  ));
}
