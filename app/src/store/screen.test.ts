import { describe, expect, it } from "vitest";
import { neighbourScreen, screenFromHash } from "./screen";

describe("screen", () => {
  it("reads the screen from the hash, the dashboard for anything else", () => {
    expect(screenFromHash("#profiles")).toBe("profiles");
    expect(screenFromHash("#/settings")).toBe("settings");
    expect(screenFromHash("")).toBe("dashboard");
    expect(screenFromHash("#admin")).toBe("dashboard");
  });

  it("moves with the arrow keys, wrapping, and Home/End", () => {
    expect(neighbourScreen("dashboard", "ArrowRight")).toBe("profiles");
    expect(neighbourScreen("settings", "ArrowRight")).toBe("dashboard");
    expect(neighbourScreen("dashboard", "ArrowLeft")).toBe("settings");
    expect(neighbourScreen("profiles", "Home")).toBe("dashboard");
    expect(neighbourScreen("profiles", "End")).toBe("settings");
    expect(neighbourScreen("profiles", "Enter")).toBeUndefined();
  });
});
