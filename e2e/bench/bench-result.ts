// The result object of `braid bench` (printed as JSON, read back by the report writer): one schema for both.

export type SinglePathKind = "veth" | "wireguard-go" | "braid" | "braid-vs-wireguard-go";

export interface Percentiles {
  readonly p50: number | null;
  readonly p99: number | null;
}

export interface PingFigures extends Percentiles {
  readonly sent: number;
  readonly lost: number;
}

export interface SinglePathRow {
  readonly kind: SinglePathKind;
  /** What ran at each end, for the report. */
  readonly label: string;
  /** iperf3 TCP, one stream, received: client → server and server → client. */
  readonly upload_mbit: number;
  readonly download_mbit: number;
  /** Each round's throughput when the case ran more than once; the figures above are then medians. */
  readonly runs: readonly { readonly upload_mbit: number; readonly download_mbit: number }[];
  readonly upload_retransmits: number;
  readonly download_retransmits: number;
  readonly idle_ping_ms: PingFigures;
  /** Ping while iperf3 runs (both directions' runs pooled). */
  readonly loaded_ping_ms: PingFigures;
  /** CPU of each tunnel process during iperf3, percent of one core (null: no tunnel process). */
  readonly tunnel_cpu_pct: { readonly server: number; readonly client: number } | null;
}

export interface MultipathSide {
  readonly goodput_mbit: number;
  readonly efficiency: number;
  readonly probe: {
    readonly sent: number;
    readonly lost: number;
    readonly max_gap_ms: number;
    readonly rtt_ms: Percentiles;
  };
  readonly emulator_cpu_pct: number;
  /** CPU of `braid server run` and `braid up` during the traffic, percent of one core (null: no tunnel). */
  readonly braid_cpu_pct: { readonly server: number; readonly client: number } | null;
  /** Each round's figures when the scenario ran more than once (goodput, RTTs and CPU above are then medians,
   * probe counts are sums and the gap is the longest of any round). */
  readonly runs: readonly {
    readonly goodput_mbit: number;
    readonly max_gap_ms: number;
    readonly lost: number;
    readonly sent: number;
  }[];
  /** Braid's own path events (path-down, failover...), tunnel runs only; the first round's when there were several. */
  readonly events: readonly { t_s: number; kind: string; link: string }[];
}

export interface MultipathRow {
  readonly scenario: string;
  readonly mode: string;
  readonly links: readonly { name: string; rate_mbit: number; delay_ms: number }[];
  readonly link_events: readonly string[];
  readonly tcp_streams: number;
  readonly direction: string;
  readonly link_sum_mbit: number;
  readonly best_link_mbit: number;
  readonly braid: MultipathSide | null;
  /** The same scenario without a tunnel: ECMP routing over the links. */
  readonly baseline: MultipathSide | null;
}

export interface BenchFailure {
  readonly case: string;
  readonly error: string;
}

export interface BenchResult {
  readonly date: string;
  readonly commit: string | null;
  /** Uncommitted changes in the tree the build came from (other people's work in progress included). */
  readonly tree_dirty: boolean | null;
  readonly quick: boolean;
  readonly machine: {
    readonly cpus: number;
    readonly cpu_model: string;
    readonly kernel: string;
    readonly os: string;
    readonly node: string;
    readonly load_avg_1m: number;
  };
  readonly single_path: readonly SinglePathRow[];
  readonly multipath: readonly MultipathRow[];
  readonly failures: readonly BenchFailure[];
  readonly duration_s: number;
}
