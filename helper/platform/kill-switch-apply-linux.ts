// Turns the kill switch on for one tunnel: its nft table applied in one transaction, the undo journaled first,
// and updated in place (same transaction idiom) when the uplinks or the server's endpoint change.
import { runIp } from "../runtime/ip-command";
import {
  journalPath,
  performAction,
  type SystemAction,
  type SystemChanges,
  SystemJournal,
} from "../runtime/system-journal";
import {
  checkLinuxInterfaceName,
  type KillSwitchSpec,
  killSwitchRuleset,
  killSwitchStartTableName,
  killSwitchTableName,
} from "./kill-switch-linux";

/** What changes while a tunnel runs: the server's endpoints and the uplinks that reach it. */
export type KillSwitchTargets = Pick<KillSwitchSpec, "endpoints" | "uplinks">;

/** The kill switch of one running tunnel. */
export interface KillSwitch {
  /** The nft table (`inet`), for messages and for removing it by hand. */
  readonly table: string;
  /** What the rules let out now. */
  readonly targets: KillSwitchTargets;
  /**
   * Replaces the rules atomically (no moment without them) after the uplinks or the endpoint changed; what is not
   * given stays as it was. One update at a time, in call order.
   */
  update(next: Partial<KillSwitchTargets>): Promise<void>;
}

async function kernelInterfaceNames(): Promise<string[]> {
  const parsed: unknown = JSON.parse(await runIp(["-j", "link", "show"]));
  if (!Array.isArray(parsed)) throw new Error("ip -j link show: expected a JSON array");
  return parsed.flatMap((entry) => {
    const name = (entry as { ifname?: unknown }).ifname;
    return typeof name === "string" ? [name] : [];
  });
}

function applyAction(ruleset: string): SystemAction {
  return { kind: "run", argv: ["nft", "-f", "-"], stdin: ruleset };
}

function applyJournaled(changes: SystemChanges, table: string, ruleset: string): Promise<void> {
  // Creating the table before deleting it makes the undo succeed whether or not someone removed it by hand.
  const undo = applyAction(`table inet ${table}\ndelete table inet ${table}\n`);
  return changes.change(`nft table inet ${table} (kill switch)`, applyAction(ruleset), undo);
}

/**
 * The start table's own journal, opened before the tunnel's: a start that died while its start table was on left
 * it here, and it is removed now. Undefined for a name no start table can have had.
 */
export async function openStartJournal(
  tunName: string,
  log: (line: string) => void,
): Promise<SystemJournal | undefined> {
  try {
    checkLinuxInterfaceName(tunName);
  } catch {
    return undefined;
  }
  return SystemJournal.open(journalPath(`${tunName}-killswitch`), log);
}

/**
 * Blocks with the same rules under the start table's name while the tunnel's host opens: that open first undoes
 * what a crashed run left, its kill switch table included, and this keeps blocking through that moment. Remove it
 * (`start.undoAll()`) once the tunnel's own table is on.
 */
export async function engageStartTable(start: SystemJournal, spec: KillSwitchSpec): Promise<void> {
  const table = killSwitchStartTableName(spec.tunName);
  await applyJournaled(start, table, killSwitchRuleset(spec, await kernelInterfaceNames(), table));
}

/**
 * Applies the kill switch through `changes` (the tunnel's journal), so stop and a failed start remove it. After
 * a crash the table stays in the kernel and keeps blocking (fail closed) until the next start on this interface
 * restores the journal. Every value is checked against the kernel before anything is applied.
 */
export async function engageKillSwitch(changes: SystemChanges, spec: KillSwitchSpec): Promise<KillSwitch> {
  const table = killSwitchTableName(spec.tunName);
  await applyJournaled(changes, table, killSwitchRuleset(spec, await kernelInterfaceNames(), table));
  let current = spec;
  let queue = Promise.resolve();
  return {
    table,
    get targets() {
      return { endpoints: current.endpoints, uplinks: current.uplinks };
    },
    update(next) {
      const run = queue.then(async () => {
        const wanted = { ...current, ...next };
        // Already journaled: the undo above removes whatever version of the table is in place.
        await performAction(applyAction(killSwitchRuleset(wanted, await kernelInterfaceNames())));
        current = wanted;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
