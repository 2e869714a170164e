// Everything before the password prompt: the helper's files gathered, staged and hashed, a system node and the
// system tools found, and the elevated line built from them. Nothing here runs as root.
import { existsSync } from "node:fs";
import path from "node:path";
import { type BundleFile, bundleFiles } from "../../helper/service/bundle-files";
import type { ElevationKind, PreparedLine } from "../supervisor/helper-supervisor";
import { buildInstallLine, buildLoginOnlyLine, resolveSystemTools } from "./elevated-command";
import { removeStage, stageHelperFiles } from "./stage-helper-files";
import { chooseSystemNode, type NodeProbe, realNodeProbe } from "./system-node";

/**
 * dist/helper/braid.js beside dist/main; in a package, asarUnpack keeps it (and its native packages) in
 * app.asar.unpacked, where plain file reads and root's cp can reach it.
 */
export function helperScriptPath(mainDir: string): string {
  const script = path.join(mainDir, "..", "helper", "braid.js");
  return script.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}

export interface ElevationPlanDeps {
  readonly scriptPath: string;
  /** Where the private staging folder is made (the temp folder; outside an AppImage's read-only mount). */
  readonly stageParent: string;
  readonly userUid: number;
  readonly nodeProbe?: NodeProbe;
  readonly exists?: (file: string) => boolean;
  readonly gather?: (scriptPath: string) => BundleFile[];
}

export async function prepareElevation(kind: ElevationKind, deps: ElevationPlanDeps): Promise<PreparedLine> {
  const tools = resolveSystemTools(deps.exists ?? existsSync);
  if (typeof tools === "string") throw new Error(tools);
  const node = await chooseSystemNode(deps.nodeProbe ?? realNodeProbe);
  if (!node.ok) throw new Error(node.error);
  const files = (deps.gather ?? bundleFiles)(deps.scriptPath);
  const staged = stageHelperFiles(files, deps.stageParent);
  try {
    const helper = { ...staged, nodePath: node.nodePath };
    const line =
      kind === "install" ? buildInstallLine(tools, helper) : buildLoginOnlyLine(tools, helper, deps.userUid);
    return { line, cleanup: () => removeStage(staged.stageDir) };
  } catch (error) {
    removeStage(staged.stageDir);
    throw error;
  }
}
