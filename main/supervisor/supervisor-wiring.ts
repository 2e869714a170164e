// Assembles the supervisor from the real pieces (socket probe, unit file, sudo-prompt, staging) and maps its
// dialogs onto a message box; main.ts passes Electron's dialog.showMessageBox and its paths.
import { existsSync } from "node:fs";
import { defaultLayout } from "../../helper/service/service-host";
import { helperScriptPath, prepareElevation } from "../elevation/helper-elevation-plan";
import { sudoPromptElevator } from "../elevation/sudo-prompt-elevator";
import { probeHelper } from "./helper-probe";
import { createHelperSupervisor, type HelperSupervisor } from "./helper-supervisor";
import type { Ask, SupervisorDialog } from "./supervisor-dialogs";

/** The fields of Electron's MessageBoxOptions the dialogs use. */
export interface MessageBoxRequest {
  type: "question" | "error";
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

export function messageBoxRequest(dialog: SupervisorDialog): MessageBoxRequest {
  const cancelIndex = dialog.buttons.findIndex((b) => b.choice === dialog.cancelChoice);
  return {
    type: dialog.type,
    title: dialog.title,
    message: dialog.message,
    detail: dialog.detail,
    buttons: dialog.buttons.map((b) => b.label),
    defaultId: 0,
    cancelId: cancelIndex < 0 ? dialog.buttons.length - 1 : cancelIndex,
    noLink: true,
  };
}

/** A message box's answer (the button's index) as the dialog's choice; anything else is the cancel choice. */
export function askThroughMessageBox(
  show: (request: MessageBoxRequest) => Promise<{ response: number }>,
): Ask {
  return async (dialog) => {
    const { response } = await show(messageBoxRequest(dialog));
    return dialog.buttons[response]?.choice ?? dialog.cancelChoice;
  };
}

export interface SupervisorWiring {
  readonly appVersion: string;
  readonly socketPath: string;
  /** dist/main (Electron's __dirname): the helper bundle is found beside it. */
  readonly mainDir: string;
  /** Where the private staging folder goes (app.getPath("temp")). */
  readonly tempDir: string;
  readonly ask: Ask;
}

export function createRealSupervisor(wiring: SupervisorWiring): HelperSupervisor {
  return createHelperSupervisor({
    appVersion: wiring.appVersion,
    probe: () => probeHelper(wiring.socketPath),
    facts: () => ({
      serviceInstalled: existsSync(defaultLayout.unitPath),
      systemdRunning: existsSync(defaultLayout.systemdRunDir),
    }),
    ask: wiring.ask,
    prepare: (kind) =>
      prepareElevation(kind, {
        scriptPath: helperScriptPath(wiring.mainDir),
        stageParent: wiring.tempDir,
        userUid: process.getuid?.() ?? -1,
      }),
    elevator: sudoPromptElevator(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
