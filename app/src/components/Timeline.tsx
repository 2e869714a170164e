// The path events of this session, newest first, each with its time: when the last failover happened and why.
import { memo } from "react";
import type { PathEvent, PathEventKind } from "../../../main/ipc/dashboard-types";
import { formatClockTime } from "../format/units";

const kindLabels: Record<PathEventKind, string> = {
  failover: "Failover",
  "path-up": "Path up",
  "path-down": "Path down",
  "all-paths-down": "All paths down",
};

/** The timeline shows the newest this many; the store keeps more for the chart markers. */
const shownEvents = 50;

export const Timeline = memo(function Timeline({ events }: { readonly events: readonly PathEvent[] }) {
  const newestFirst = events.slice(-shownEvents).reverse();
  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title" className="card-title">
        Events
      </h2>
      {/* Focusable so a keyboard can scroll it; a log, so screen readers announce new entries politely. */}
      <ol
        className="timeline-list"
        role="log"
        aria-live="polite"
        aria-labelledby="timeline-title"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
      >
        {newestFirst.length === 0 && <li className="timeline-empty">No path events yet.</li>}
        {newestFirst.map((event) => (
          <li
            key={`${event.kind}-${event.atMs}-${event.detail}`}
            className="timeline-event"
            data-kind={event.kind}
            data-testid="timeline-event"
          >
            <time className="timeline-time" dateTime={new Date(event.atMs).toISOString()}>
              {formatClockTime(event.atMs)}
            </time>
            <span className="timeline-kind">{kindLabels[event.kind]}</span>
            <span className="timeline-detail">{event.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
});
