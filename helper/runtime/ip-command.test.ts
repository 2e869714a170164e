import { describe, expect, it } from "vitest";
import { tunnelRoutePrefixes } from "./ip-command";

describe("tunnelRoutePrefixes", () => {
  it("splits default routes into two halves so the original default route stays for the endpoint", () => {
    expect(tunnelRoutePrefixes(["0.0.0.0/0", "::/0"])).toEqual([
      "0.0.0.0/1",
      "128.0.0.0/1",
      "::/1",
      "8000::/1",
    ]);
  });
  it("keeps ordinary prefixes as they are", () => {
    expect(tunnelRoutePrefixes(["10.8.0.0/24"])).toEqual(["10.8.0.0/24"]);
  });
});
