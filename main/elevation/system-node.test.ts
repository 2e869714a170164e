// Which node runs the helper as root, over a fake file system and fake `node --version` answers.
import { describe, expect, it } from "vitest";
import { chooseSystemNode, type NodeProbe } from "./system-node";

function fakeNodeProbe(files: Record<string, { uid: number; mode: number; version?: string }>): NodeProbe {
  return {
    stat: (file) =>
      files[file] ? { uid: files[file].uid, mode: files[file].mode, isFile: true } : undefined,
    version: async (file) => files[file]?.version,
  };
}

describe("chooseSystemNode (fake files)", () => {
  it("takes the first root-owned, new-enough node", async () => {
    const probe = fakeNodeProbe({
      "/usr/bin/node": { uid: 0, mode: 0o100755, version: "v20.19.2" },
      "/usr/local/bin/node": { uid: 0, mode: 0o100755, version: "v22.1.0" },
    });
    expect(await chooseSystemNode(probe)).toEqual({ ok: true, nodePath: "/usr/bin/node" });
  });

  it("skips a node the user could change and one too old, saying why and what to install", async () => {
    const probe = fakeNodeProbe({
      "/usr/bin/node": { uid: 0, mode: 0o100755, version: "v18.19.0" },
      "/usr/local/bin/node": { uid: 1000, mode: 0o100755, version: "v22.1.0" },
    });
    const choice = await chooseSystemNode(probe);
    expect(choice.ok).toBe(false);
    if (!choice.ok) {
      expect(choice.error).toContain("/usr/bin/node is v18.19.0");
      expect(choice.error).toContain("/usr/local/bin/node is not a root-owned file");
      expect(choice.error).toContain("Install Node.js 20.19 or newer");
    }
  });

  it("refuses a group-writable node", async () => {
    const probe = fakeNodeProbe({ "/usr/bin/node": { uid: 0, mode: 0o100775, version: "v20.19.0" } });
    expect((await chooseSystemNode(probe, ["/usr/bin/node"])).ok).toBe(false);
  });

  it("says there is none when no candidate exists", async () => {
    const choice = await chooseSystemNode(fakeNodeProbe({}));
    expect(!choice.ok && choice.error).toContain("there is none at /usr/bin/node or /usr/local/bin/node");
  });
});
