import { describe, expect, it } from "vitest";
import { createSenderCheck } from "./sender-check";

describe("sender check", () => {
  const isTrusted = createSenderCheck("http://127.0.0.1:5173/");

  it("accepts the app's own top frame, with any query or hash", () => {
    expect(isTrusted({ url: "http://127.0.0.1:5173/", parent: null })).toBe(true);
    expect(isTrusted({ url: "http://127.0.0.1:5173/?view=paths#top", parent: null })).toBe(true);
  });

  it("refuses other ports, hosts, paths, schemes, subframes and garbage", () => {
    for (const url of [
      "http://127.0.0.1:5174/",
      "http://localhost:5173/",
      "http://127.0.0.1:5173/other.html",
      "https://127.0.0.1:5173/",
      "not a url",
      "",
    ]) {
      expect(isTrusted({ url, parent: null }), url).toBe(false);
    }
    expect(isTrusted({ url: "http://127.0.0.1:5173/", parent: { url: "x" } })).toBe(false);
    expect(isTrusted(null)).toBe(false);
  });
});
