import { describe, expect, it } from "vitest";
import { Keypair, KeypairSet } from "./keypair";

const keypair = (isInitiator: boolean, id: number) =>
  new Keypair(new Uint8Array(32).fill(id), new Uint8Array(32).fill(id), isInitiator, 0, id, id + 100);

function newSet() {
  const discarded: Keypair[] = [];
  const set = new KeypairSet((k) => {
    discarded.push(k);
    k.zero();
  });
  return { set, discarded };
}

describe("keypair rotation", () => {
  it("an initiator's new keypair becomes current at once, the old one previous, the one before erased", () => {
    const { set, discarded } = newSet();
    const first = keypair(true, 1);
    const second = keypair(true, 2);
    const third = keypair(true, 3);
    set.install(first);
    set.install(second);
    expect([set.current, set.previous]).toEqual([second, first]);
    set.install(third);
    expect([set.current, set.previous]).toEqual([third, second]);
    expect(discarded).toEqual([first]);
    expect(first.sendKey.every((b) => b === 0) && first.receiveKey.every((b) => b === 0)).toBe(true);
  });

  it("a responder's keypair waits in next until the initiator uses it", () => {
    const { set, discarded } = newSet();
    const old = keypair(true, 1);
    set.install(old);
    const fresh = keypair(false, 2);
    set.install(fresh);
    expect([set.current, set.next]).toEqual([old, fresh]);
    expect(set.confirm(old)).toBe(false);
    expect(set.confirm(fresh)).toBe(true);
    expect([set.current, set.previous, set.next]).toEqual([fresh, old, undefined]);
    expect(discarded).toEqual([]);
  });

  it("drops and zeroes keypairs once they pass REJECT_AFTER_TIME", () => {
    const { set, discarded } = newSet();
    const only = keypair(true, 1);
    set.install(only);
    expect(set.earliestExpiryMs()).toBe(180_000);
    set.expire(179_999);
    expect(set.current).toBe(only);
    set.expire(180_000);
    expect(set.current).toBeUndefined();
    expect(discarded).toEqual([only]);
    expect(only.sendKey.every((b) => b === 0)).toBe(true);
  });
});
