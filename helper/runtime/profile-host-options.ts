// From a profile to what a TunnelHost needs: the one mapping both roles (`braid up`, `braid server run`) use.
import type { BraidProfile } from "../config/braid-profile";
import type { TunnelHostOptions } from "./tunnel-host";

/** wg-quick's default when the profile names no MTU. */
export const DEFAULT_MTU_BYTES = 1420;

/** What the profile does not say: the role, the TUN's name, sockets, scheduler and where things go. */
export type HostChoices = Omit<
  TunnelHostOptions,
  "privateKey" | "addresses" | "mtuBytes" | "probeIntervalMs"
>;

export function profileHostOptions(profile: BraidProfile, choices: HostChoices): TunnelHostOptions {
  const { interface: iface } = profile.wireguard;
  const { probeRateHz } = profile.braid;
  return {
    ...choices,
    privateKey: iface.privateKey,
    addresses: iface.addresses,
    mtuBytes: iface.mtuBytes ?? DEFAULT_MTU_BYTES,
    ...(probeRateHz !== undefined && { probeIntervalMs: 1_000 / probeRateHz }),
  };
}
