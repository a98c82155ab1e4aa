/** One row per background job: when it is next due and which process holds it now. */
export interface JobScheduleTable {
  name: string;
  next_run_at: string;
  /** The process running it now (null when idle), until `lease_until`. */
  lease_owner: string | null;
  lease_until: string | null;
  runs: number;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_owner: string | null;
  last_error: string | null;
}
