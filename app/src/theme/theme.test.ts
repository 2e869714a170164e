import { describe, expect, it } from "vitest";
import { cachedTheme, resolveTheme } from "./theme";

describe("theme", () => {
  it("follows the system only when asked to", () => {
    expect(resolveTheme("system", true)).toBe("light");
    expect(resolveTheme("system", false)).toBe("dark");
    expect(resolveTheme("dark", true)).toBe("dark");
    expect(resolveTheme("light", false)).toBe("light");
  });

  it("starts from the cached choice, and from system for anything else", () => {
    const storage = (value: string | null) => ({ getItem: () => value });
    expect(cachedTheme(storage("light"))).toBe("light");
    expect(cachedTheme(storage("dark"))).toBe("dark");
    expect(cachedTheme(storage("solarized"))).toBe("system");
    expect(cachedTheme(storage(null))).toBe("system");
  });
});
