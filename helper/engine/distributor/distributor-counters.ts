// What the Data Distributor counts: why packets were dropped or steered, and per path what it sent and queued.

export interface DistributorCounters {
  packetsChosen: number;
  /** Extra copies made by redundant mode. */
  duplicates: number;
  latencySteered: number;
  /** Packets sent on the last path to answer while no path was usable. */
  fallbackToLastAnswered: number;
  /** Every usable path's queue was at its bound: the tunnel is full. */
  dropsQueueFull: number;
  /** No path to use at all (none known, none ever answered, or all over their data caps). */
  dropsNoPath: number;
  dropsInvalidSize: number;
  /** enqueue() for an unknown path or over a hard item cap. */
  dropsEnqueueRejected: number;
  /** Bulk packets dropped from a queue's head because the queue stood above its target (sojourn-drop.ts). */
  dropsStandingQueue: number;
  /** Queued packets of a path that went down, over its cap or was removed: moved to the path now in use... */
  movedOffLostPath: number;
  /** ...or dropped when that path had no room (or, in redundant mode, since copies went elsewhere). */
  droppedOffLostPath: number;
}

export function newDistributorCounters(): DistributorCounters {
  return {
    packetsChosen: 0,
    duplicates: 0,
    latencySteered: 0,
    fallbackToLastAnswered: 0,
    dropsQueueFull: 0,
    dropsNoPath: 0,
    dropsInvalidSize: 0,
    dropsEnqueueRejected: 0,
    dropsStandingQueue: 0,
    movedOffLostPath: 0,
    droppedOffLostPath: 0,
  };
}

export interface PathSendStats {
  readonly txBytes: number;
  readonly txPackets: number;
  readonly queuedBytes: number;
  readonly queuedPackets: number;
  readonly pacingRateBitsPerSec: number;
  readonly bottleneckRateBitsPerSec: number;
  readonly capReached: boolean;
}
