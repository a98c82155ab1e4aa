// Shell: background jobs that run once across every process on the same database.
//
// Each job has one row in `job_schedule`. A process runs a job only after it wins one conditional
// UPDATE of that row ("due, and nobody holds it" → "held by me until the lease ends, next due one
// period from now"). On PostgreSQL that UPDATE takes the row lock and re-checks its condition after
// a concurrent winner commits, on SQLite the database has one writer: either way exactly one process
// wins each period, however many processes run. A process that dies mid-run gives the job up when
// its lease ends. No timer per process decides anything; the timer here only asks the database.
//
// Jobs whose work is a set of rows (the notification outbox) also claim each row, so even two runs
// that overlapped (a lease that ran out) never handle the same row twice.
//
// Scheduling uses the wall clock (`now`), not the application Clock: a fixed test clock must not
// stop jobs from coming due, and every process must agree on the time.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { PlatformDatabase } from '../db/platform-database.ts';

export interface JobDefinition {
  /** Stable name, module first: `interaction.deliver-notifications`. */
  name: string;
  /** The period: the job runs once per period across all processes. */
  everyMs: number;
  /** Delay of the very first run after the job is first known to the database (default: one period). */
  firstRunAfterMs?: number;
  /** How long one process may hold the job before another may take it over (default: 15 minutes). */
  leaseMs?: number;
  run: () => Promise<unknown>;
}

/** The part of a pino logger the runner uses. */
export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobRunnerOptions {
  log?: JobLog;
  /** Names this process in `job_schedule` (default: host, pid and a random suffix). */
  owner?: string;
  /** How often the runner looks whether a job may be due (default 250 ms; it asks the database only when its notes say so). */
  tickMs?: number;
  now?: () => Date;
}

/** How long a process trusts its idea of a job's next run before asking again. */
const RECHECK_MS = 5000;
const DEFAULT_LEASE_MS = 15 * 60_000;

interface Registered { def: JobDefinition; notBefore: number }

export class JobRunner {
  readonly owner: string;
  private readonly jobs = new Map<string, Registered>();
  private readonly log: JobLog | undefined;
  private readonly tickMs: number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<string[]> | null = null;
  /** Jobs this process ran but could not release (the database was busy): released at the next pass. */
  private readonly unreleased = new Map<string, { error: string | null; finishedAt: string }>();

  constructor(private readonly db: Kysely<PlatformDatabase>, opts: JobRunnerOptions = {}) {
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.log = opts.log;
    this.tickMs = opts.tickMs ?? 250;
    this.now = opts.now ?? (() => new Date());
  }

  register(def: JobDefinition): void {
    if (this.jobs.has(def.name)) throw new Error(`job registered twice: ${def.name}`);
    if (!(def.everyMs > 0)) throw new Error(`job ${def.name}: everyMs must be positive`);
    this.jobs.set(def.name, { def, notBefore: 0 });
  }

  /** Starts asking every `tickMs` (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.runDue().catch((err) => this.log?.error({ err }, 'job runner pass failed')); }, this.tickMs);
    this.timer.unref();
    void this.runDue().catch((err) => this.log?.error({ err }, 'job runner pass failed'));
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass?.catch(() => undefined);
    for (const [name, done] of [...this.unreleased]) {
      await this.release(name, done.error, done.finishedAt).then(() => this.unreleased.delete(name), () => undefined);
    }
  }

  /** One pass: runs each registered job that is due and that this process wins. Returns their names. */
  runDue(): Promise<string[]> {
    if (!this.pass) this.pass = this.doPass().finally(() => { this.pass = null; });
    return this.pass;
  }

  /** Makes a job due now (it then runs once, in whichever process claims it first). */
  async requestRun(name: string): Promise<void> {
    await this.ensureRow(name, 0);
    await this.db.updateTable('job_schedule').set({ next_run_at: this.now().toISOString() }).where('name', '=', name).execute();
    const r = this.jobs.get(name);
    if (r) r.notBefore = 0;
  }

  private async doPass(): Promise<string[]> {
    const ran: string[] = [];
    for (const [name, done] of [...this.unreleased]) {
      await this.release(name, done.error, done.finishedAt);
      this.unreleased.delete(name);
    }
    for (const r of this.jobs.values()) {
      if (Date.now() < r.notBefore) continue;
      const lost = await this.claim(r.def);
      if (lost === null) {
        await this.execute(r.def);
        ran.push(r.def.name);
        r.notBefore = Date.now() + Math.min(r.def.everyMs, RECHECK_MS);
      } else {
        const next = Math.max(Date.parse(lost.next_run_at), lost.lease_until ? Date.parse(lost.lease_until) : 0);
        r.notBefore = Math.min(Number.isFinite(next) ? next : 0, Date.now() + RECHECK_MS);
      }
    }
    return ran;
  }

  private async ensureRow(name: string, firstRunAfterMs: number): Promise<void> {
    const at = new Date(this.now().getTime() + firstRunAfterMs).toISOString();
    await this.db.insertInto('job_schedule').values({ name, next_run_at: at, runs: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
  }

  /**
   * The one conditional update that decides which process runs this period: null when this process
   * won it, else the row's times (when to look again).
   */
  private async claim(def: JobDefinition): Promise<{ next_run_at: string; lease_until: string | null } | null> {
    const tryClaim = async () => {
      const now = this.now();
      const nowIso = now.toISOString();
      const r = await this.db.updateTable('job_schedule')
        .set((eb) => ({
          lease_owner: this.owner,
          lease_until: new Date(now.getTime() + (def.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
          next_run_at: new Date(now.getTime() + def.everyMs).toISOString(),
          runs: eb('runs', '+', 1),
          last_started_at: nowIso,
          last_owner: this.owner,
        }))
        .where('name', '=', def.name)
        .where('next_run_at', '<=', nowIso)
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', nowIso)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    };
    const times = () => this.db.selectFrom('job_schedule').select(['next_run_at', 'lease_until']).where('name', '=', def.name).executeTakeFirst();
    if (await tryClaim()) return null;
    const row = await times();
    if (row) return row;
    await this.ensureRow(def.name, def.firstRunAfterMs ?? def.everyMs);
    return (await tryClaim()) ? null : ((await times()) ?? { next_run_at: new Date(0).toISOString(), lease_until: null });
  }

  private async execute(def: JobDefinition): Promise<void> {
    let error: string | null = null;
    try {
      const result = await def.run();
      if (result !== undefined) this.log?.info({ job: def.name, result }, 'job ran');
    } catch (err) {
      error = String((err as Error)?.message ?? err).slice(0, 500);
      this.log?.error({ err, job: def.name }, 'job failed');
    }
    const finishedAt = this.now().toISOString();
    try {
      await this.release(def.name, error, finishedAt);
    } catch (err) {
      // Left held, the job would wait for its lease to end (15 minutes) in every process: the
      // release is tried again at the next pass (a SQLite import switch holds writers ~10 s).
      this.unreleased.set(def.name, { error, finishedAt });
      this.log?.error({ err, job: def.name }, 'job ran but could not be released; trying again at the next pass');
    }
  }

  private async release(name: string, error: string | null, finishedAt: string): Promise<void> {
    await this.db.updateTable('job_schedule')
      .set({ lease_owner: null, lease_until: null, last_finished_at: finishedAt, last_error: error })
      .where('name', '=', name).where('lease_owner', '=', this.owner)
      .execute();
  }
}
