// The production RandomSource: the operating system's CSPRNG.
import { randomFillSync } from "node:crypto";
import type { RandomSource } from "../engine/ports";

export const nodeRandom: RandomSource = {
  fill: (bytes) => {
    randomFillSync(bytes);
  },
};
