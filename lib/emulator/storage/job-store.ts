/**
 * Jobs on disk, per account: one small JSON file per job, replaced atomically whenever the
 * job changes state (not on every progress tick).
 *
 * Layout: `<root>/<account id>/<sha-256 of the job name>.json` (job names may hold characters
 * no file system accepts, so the file is named by a digest and the name is inside).
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from '../../core/wire.js';
import { writeJsonAtomic } from '../persist.js';
import { PerAccount } from './per-account.js';

/** A job as stored: the wire object plus its place in submission order. */
export type JobRecord = { -readonly [K in keyof Job]: Job[K] } & {
  /** Submission order within the account (ties of `submittedAt` keep it). */
  sequence: number;
};

/** The jobs of one account. */
export class AccountJobs {
  readonly #dir: string;
  readonly #durable: boolean;
  readonly #byName = new Map<string, JobRecord>();
  /** Saves of one job, one after another, so the last state written is the last state. */
  readonly #saving = new Map<string, Promise<void>>();
  #sequence = 0;

  private constructor(dir: string, durable: boolean) {
    this.#dir = dir;
    this.#durable = durable;
  }

  /** Loads an account's jobs from `dir`. */
  static async load(dir: string, durable: boolean): Promise<AccountJobs> {
    const account = new AccountJobs(dir, durable);
    await mkdir(dir, { recursive: true });
    for (const entry of await readdir(dir)) {
      if (!entry.endsWith('.json')) continue;
      let job: JobRecord;
      try {
        job = JSON.parse(await readFile(join(dir, entry), 'utf8')) as JobRecord;
      } catch {
        continue; // a temporary file name never ends in .json; an unreadable file is skipped
      }
      account.#byName.set(job.name, job);
      account.#sequence = Math.max(account.#sequence, job.sequence);
    }
    return account;
  }

  /** The job called `name`. */
  get(name: string): JobRecord | undefined {
    return this.#byName.get(name);
  }

  /** Every job, most recent first. */
  list(): JobRecord[] {
    return [...this.#byName.values()].sort((a, b) =>
      a.submittedAt === b.submittedAt ? b.sequence - a.sequence : a.submittedAt < b.submittedAt ? 1 : -1,
    );
  }

  /** Registers a new job (the caller checked the name is free) and saves it. */
  async add(job: Omit<JobRecord, 'sequence'>): Promise<JobRecord> {
    this.#sequence += 1;
    const record: JobRecord = { ...job, sequence: this.#sequence };
    this.#byName.set(record.name, record);
    await this.save(record);
    return record;
  }

  /** Writes the job's current state. */
  save(job: JobRecord): Promise<void> {
    const path = join(this.#dir, `${createHash('sha256').update(job.name).digest('hex')}.json`);
    const previous = this.#saving.get(job.name) ?? Promise.resolve();
    const next = previous.then(() => writeJsonAtomic(path, job, { fsync: this.#durable }));
    const settled = next.catch(() => undefined);
    this.#saving.set(job.name, settled);
    void settled.then(() => {
      if (this.#saving.get(job.name) === settled) this.#saving.delete(job.name);
    });
    return next;
  }

  /** Waits for every save under way. */
  async flush(): Promise<void> {
    await Promise.all(this.#saving.values());
  }
}

/** Every account's jobs under one root directory. */
export class JobStore extends PerAccount<AccountJobs> {
  /**
   * @param root the directory that holds every account's jobs
   * @param durable flush every write to disk before answering
   */
  constructor(root: string, durable: boolean) {
    super(root, durable, (dir, flush) => AccountJobs.load(dir, flush));
  }

  /** Waits for every save under way. */
  async flush(): Promise<void> {
    for (const account of await this.loaded()) await account.flush();
  }

  /** Forgets every job and removes the files. */
  override async reset(): Promise<void> {
    await this.flush();
    await super.reset();
  }
}
