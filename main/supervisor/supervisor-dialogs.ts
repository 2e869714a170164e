// What the supervisor says to the user before it elevates, and after a failure: one dialog per asking state,
// naming why root is needed and what will change on the machine.
import type { SupervisorState, UserChoice } from "./supervisor-state";

export interface SupervisorDialog {
  readonly type: "question" | "error";
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  /** In display order; the first is the default. */
  readonly buttons: readonly { readonly choice: UserChoice; readonly label: string }[];
  /** What closing the dialog (Escape) means. */
  readonly cancelChoice: UserChoice;
}

/** main.ts shows it with dialog.showMessageBox; tests answer it with a fake. */
export type Ask = (dialog: SupervisorDialog) => Promise<UserChoice>;

const whatInstallDoes =
  "Braid's helper is the small part that runs as root: it creates the tunnel device, sets routes and DNS, and the kill switch. Installing it as a system service (braid-helper) asks for your password once; the helper then starts with the computer. Its files are checked by SHA-256 before they run as root.";

const notNow = { choice: "not-now", label: "Not now" } as const;

export function dialogFor(state: SupervisorState): SupervisorDialog | undefined {
  switch (state.state) {
    case "missing":
      return {
        type: "question",
        title: "Install Braid's helper",
        message: "Braid needs its helper to connect. Install it now?",
        detail: whatInstallDoes,
        buttons: [{ choice: "install", label: "Install…" }, notNow],
        cancelChoice: "not-now",
      };
    case "not-running":
      return {
        type: "question",
        title: "Braid's helper is not answering",
        message: "Braid's helper service is installed but does not answer. Reinstall and start it?",
        detail: `What Braid saw: ${state.detail}. Reinstalling puts back its files, restarts the service and asks for your password once.`,
        buttons: [{ choice: "install", label: "Reinstall…" }, notNow],
        cancelChoice: "not-now",
      };
    case "wrong-version":
      return {
        type: "question",
        title: "Update Braid's helper",
        message: `The installed helper is version ${state.helperVersion}; this app is ${state.appVersion}. Replace the helper with ${state.appVersion}?`,
        detail: `${whatInstallDoes} A running tunnel is disconnected while the helper is replaced.`,
        buttons: [{ choice: "install", label: "Update…" }, notNow],
        cancelChoice: "not-now",
      };
    case "declined":
      return {
        type: "question",
        title: "Start Braid's helper for this login only",
        message: "Start the helper for now, without installing it?",
        detail: `${state.reason} Braid can instead start the helper until the computer restarts; nothing is installed, and it asks for your password once.`,
        buttons: [{ choice: "login-only", label: "Start for this login only…" }, notNow],
        cancelChoice: "not-now",
      };
    case "failed":
      return {
        type: "error",
        title: "Braid's helper",
        message: state.message,
        detail: `Next: ${state.nextStep}`,
        buttons: [{ choice: "not-now", label: "OK" }],
        cancelChoice: "not-now",
      };
    default:
      return undefined;
  }
}
