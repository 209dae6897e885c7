// Profiles caches the names and avatars of users for the page. Chorus
// carries user ids only; the page asks get_users for the ids it shows,
// in batches, and re-renders when answers come. Profiles are not pushed
// when they change, so one read is kept for a while and read again when
// it is shown after that.
import { ChorusError, ErrorCode, type ChorusClient, type UserProfile } from "../lib/index";

interface Entry {
  profile: UserProfile | null; // null: no such user
  at: number; // when it was read (ms)
}

const maxAgeMs = 10 * 60_000;

export class Profiles {
  private cache = new Map<string, Entry>();
  private wanted = new Set<string>();
  private inFlight = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private listeners = new Set<() => void>();
  private closed = false;

  constructor(private client: ChorusClient) {}

  /** onChange calls fn (batched) when profiles arrive; it returns a function that stops it. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  /** get returns the cached profile of id, and reads it if it is not cached or old. */
  get(id: string): UserProfile | undefined {
    if (!id) return undefined;
    const e = this.cache.get(id);
    if (!e || Date.now() - e.at > maxAgeMs) this.want(id);
    return e?.profile ?? undefined;
  }

  /** name is the user's display name, or their id until it is known (or when they have none). */
  name(id: string): string {
    return this.get(id)?.name || id;
  }

  /** avatarURL is the user's avatar link, or "". */
  avatarURL(id: string): string {
    return this.get(id)?.avatarUrl ?? "";
  }

  /**
   * lookup reads the profiles of ids now (to check that users exist before
   * a chat or a group starts) and caches them: the result has the users
   * that exist.
   */
  async lookup(ids: string[]): Promise<Map<string, UserProfile>> {
    // A form waiting for the network would look stuck: say so at once.
    if (this.client.status !== "online") throw new ChorusError(ErrorCode.UNAVAILABLE, "offline", true);
    const users = await this.client.getUsers(ids);
    const found = new Map(users.map((u) => [u.id, u]));
    const now = Date.now();
    for (const id of ids) this.store(id, found.get(id) ?? null, now);
    this.changed();
    return found;
  }

  private store(id: string, p: UserProfile | null, at: number): void {
    const old = this.cache.get(id)?.profile;
    // Keep the newer of two reads of one user.
    if (old && p && old.updatedAtMs > p.updatedAtMs) p = old;
    this.cache.set(id, { profile: p, at });
  }

  private want(id: string): void {
    if (this.inFlight.has(id) || this.closed) return;
    this.wanted.add(id);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), 30);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const ids = [...this.wanted];
    this.wanted.clear();
    if (ids.length === 0) return;
    for (const id of ids) this.inFlight.add(id);
    try {
      await this.client.whenOnline();
      const users = await this.client.getUsers(ids);
      const found = new Map(users.map((u) => [u.id, u]));
      const now = Date.now();
      for (const id of ids) this.store(id, found.get(id) ?? null, now);
      this.changed();
    } catch (err) {
      // Not something a retry fixes (e.g. an older node): show ids for a
      // while. Else (the client stopped) read them again when next shown,
      // a few seconds on.
      const now = Date.now();
      const at = err instanceof ChorusError && !err.temporary ? now : now - maxAgeMs + 5000;
      for (const id of ids) this.cache.set(id, { profile: this.cache.get(id)?.profile ?? null, at });
    } finally {
      for (const id of ids) this.inFlight.delete(id);
    }
  }

  private changed(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
