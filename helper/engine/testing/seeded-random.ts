// Seeded xoshiro128** generator: the RandomSource for engines under test and the dice of the simulated links.

import type { RandomSource } from "../ports";

const twoTo32 = 2 ** 32;

/**
 * Not cryptographic; repeatable. Streams are keyed by label rather than split off one another, so adding a link
 * or an engine to a scenario does not change the numbers any other component draws.
 */
export class SeededRandom implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  /**
   * Any finite number is a valid seed (its integer part, up to 2^53, and its sign count). A label gives an
   * independent stream for one named component (e.g. "link:fiber:up"), fixed by (seed, label) alone.
   */
  constructor(seed: number, label = "") {
    if (!Number.isFinite(seed))
      throw new RangeError(`SeededRandom: seed must be a finite number, got ${seed}`);
    const integer = Math.trunc(Math.abs(seed));
    let state = (integer >>> 0) ^ Math.imul(Math.floor(integer / twoTo32) >>> 0, 0x85ebca6b);
    state ^= Math.imul(fnv1a32(label), 0xc2b2ae35) ^ (seed < 0 ? 0x632be5ab : 0);
    [state, this.s0] = splitMix32(state);
    [state, this.s1] = splitMix32(state);
    [state, this.s2] = splitMix32(state);
    [state, this.s3] = splitMix32(state);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const shifted = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = rotateLeft(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32-bit resolution (ample for loss and jitter dice). */
  next(): number {
    return this.nextUint32() / twoTo32;
  }

  /** Standard normal (mean 0, deviation 1) by Box-Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  fill(bytes: Uint8Array): void {
    let index = 0;
    while (index < bytes.length) {
      let word = this.nextUint32();
      for (let k = 0; k < 4 && index < bytes.length; k++, index++) {
        bytes[index] = word & 0xff;
        word >>>= 8;
      }
    }
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function splitMix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) | 0];
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
