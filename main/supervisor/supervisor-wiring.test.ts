// The dialogs as message boxes (labels in order, Escape as the dialog's cancel choice) and where the packaged
// helper bundle is looked for.
import { describe, expect, it } from "vitest";
import { helperScriptPath } from "../elevation/helper-elevation-plan";
import { dialogFor } from "./supervisor-dialogs";
import { askThroughMessageBox, messageBoxRequest } from "./supervisor-wiring";

describe("message boxes (a fake showMessageBox)", () => {
  const install = dialogFor({ state: "missing" });
  if (!install) throw new Error("missing has a dialog");

  it("shows the labels in order, the first as default, Not now as cancel", () => {
    expect(messageBoxRequest(install)).toMatchObject({
      type: "question",
      buttons: ["Install…", "Not now"],
      defaultId: 0,
      cancelId: 1,
    });
  });

  it("maps the button pressed back to the choice; an unknown index is the cancel choice", async () => {
    expect(await askThroughMessageBox(async () => ({ response: 0 }))(install)).toBe("install");
    expect(await askThroughMessageBox(async () => ({ response: 1 }))(install)).toBe("not-now");
    expect(await askThroughMessageBox(async () => ({ response: 7 }))(install)).toBe("not-now");
  });
});

describe("helperScriptPath", () => {
  it("is dist/helper/braid.js beside dist/main in the build tree", () => {
    expect(helperScriptPath("/work/main/dist/main")).toBe("/work/main/dist/helper/braid.js");
  });

  it("reads from app.asar.unpacked in a package (root cannot read inside the asar)", () => {
    expect(helperScriptPath("/tmp/.mount_BraidX/resources/app.asar/dist/main")).toBe(
      "/tmp/.mount_BraidX/resources/app.asar.unpacked/dist/helper/braid.js",
    );
  });
});
