/**
 * One store per account under a shared root directory (`<root>/<account id>/`), each loaded
 * from disk on first use, so accounts that are never used cost nothing.
 *
 * @packageDocumentation
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Loads one account's store from its directory. */
export type AccountLoader<T> = (dir: string, durable: boolean) => Promise<T>;

/** Account id → that account's store, loaded lazily. */
export class PerAccount<T> {
  readonly #root: string;
  readonly #durable: boolean;
  readonly #load: AccountLoader<T>;
  readonly #accounts = new Map<string, Promise<T>>();

  /**
   * @param root the directory that holds every account's directory
   * @param durable flush every write to disk before acknowledging it: worth its cost only
   *   when the directory outlives the emulator
   */
  constructor(root: string, durable: boolean, load: AccountLoader<T>) {
    this.#root = root;
    this.#durable = durable;
    this.#load = load;
  }

  /** The store of account `accountId`, loaded from disk on first use. */
  account(accountId: string): Promise<T> {
    let account = this.#accounts.get(accountId);
    if (account === undefined) {
      account = this.#load(join(this.#root, accountId), this.#durable);
      this.#accounts.set(accountId, account);
      // A failed load (an unreadable directory) is retried by the next request, not cached.
      account.catch(() => this.#accounts.delete(accountId));
    }
    return account;
  }

  /** The stores loaded so far. */
  async loaded(): Promise<T[]> {
    const settled = await Promise.allSettled(this.#accounts.values());
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  /** Ids of the accounts that have a directory on disk. */
  async idsOnDisk(): Promise<string[]> {
    try {
      return (await readdir(this.#root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch {
      return [];
    }
  }

  /** Forgets every account's store and removes the files. */
  async reset(): Promise<void> {
    await this.loaded();
    this.#accounts.clear();
    await rm(this.#root, { recursive: true, force: true });
  }
}
