// After a helper restart: connects again to the profile the user was connected to, through the control service so
// every client sees the usual transitions; retried while it fails (at boot the network may come up later).
import type { ControlService } from "../control/control-service";

export interface Reconnecting {
  stop(): void;
}

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

export function reconnectWanted(
  service: Pick<ControlService, "handlers">,
  controller: { readonly wantedProfile: string | undefined },
  profile: string,
  log: (line: string) => void,
  retryMs = FIRST_RETRY_MS,
): Reconnecting {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Anything the user asked for since (another profile, disconnect) wins over what the last run wanted.
  const stillWanted = () => !stopped && controller.wantedProfile === profile;
  const attempt = async (waitMs: number) => {
    if (!stillWanted()) return;
    log(`braid helper: connecting again to "${profile}", as before the restart`);
    const state = await service.handlers.connect({ profile });
    if (state.state !== "error" || !stillWanted()) return;
    log(`braid helper: "${profile}" did not connect (${state.message}); trying again in ${waitMs / 1000} s`);
    timer = setTimeout(() => void attempt(Math.min(waitMs * 2, MAX_RETRY_MS)), waitMs);
  };
  void attempt(retryMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
