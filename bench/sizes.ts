import type { RepoSpec } from './repo-generator';

/** What one benchmark run works on; `--quick` shrinks everything for a smoke run. */
export interface BenchSizes {
  manyFiles: Extract<RepoSpec, { kind: 'many-files' }>;
  large: Extract<RepoSpec, { kind: 'large' }>;
  /** Samples per run of the no-change check (direct and end to end), the push and the poll latency. */
  noChangeSamples: number;
  pushSamples: number;
  pollSamples: number;
  /** Apps watching the repository in the fetch-count scenario (the JSON key says 50). */
  fanoutApps: number;
  /** Files in the commit whose webhooks measure the notifier's throughput. */
  throughputFiles: number;
  /** RESCAN_INTERVAL_MS and SCAN_INTERVAL_MS of the polling scenario. */
  pollIntervalMs: number;
  pollTickMs: number;
  /** Delivery scenario: apps on one repository, files in the commit that fans out to all of them. */
  deliveryApps: number;
  deliveryFilesPerApp: number;
  /** Apps whose endpoints hang beside the healthy one, and latency samples (each phase). */
  hangingApps: number;
  hangSamples: number;
}

export const FULL: BenchSizes = {
  manyFiles: { kind: 'many-files', seed: 20_000, files: 20_000, binaryShare: 0.005 },
  large: { kind: 'large', seed: 200, textFiles: 1_000, binaryBytes: 200_000_000 },
  noChangeSamples: 20,
  pushSamples: 5,
  pollSamples: 5,
  fanoutApps: 50,
  throughputFiles: 2_000,
  pollIntervalMs: 3_000,
  pollTickMs: 200,
  deliveryApps: 100,
  deliveryFilesPerApp: 20,
  hangingApps: 10,
  hangSamples: 5,
};

export const QUICK: BenchSizes = {
  manyFiles: { kind: 'many-files', seed: 2_000, files: 2_000, binaryShare: 0.005 },
  large: { kind: 'large', seed: 20, textFiles: 200, binaryBytes: 20_000_000 },
  noChangeSamples: 5,
  pushSamples: 3,
  pollSamples: 2,
  fanoutApps: 50,
  throughputFiles: 300,
  pollIntervalMs: 2_000,
  pollTickMs: 200,
  deliveryApps: 100,
  deliveryFilesPerApp: 3,
  hangingApps: 10,
  hangSamples: 3,
};
