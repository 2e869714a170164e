// The row of path cards, with its space reserved before the first sample so nothing below it jumps.
import type { PathSnapshot } from "../../../main/ipc/dashboard-types";
import { PathCard } from "./PathCard";

export function PathCardList({ paths }: { readonly paths: readonly PathSnapshot[] }) {
  return (
    <section className="path-list" aria-label="Paths">
      {paths.length === 0 ? (
        <p className="path-list-empty">
          Connect to see each link: what it carries, how fast and how reliably.
        </p>
      ) : (
        paths.map((path) => <PathCard key={path.id} path={path} />)
      )}
    </section>
  );
}
