// Which live-response sessions this page holds, and which it must close when the analyst leaves. Opening a terminal
// joins the sensor's open session when there is one (cbapi and other analysts share it) or creates one; leaving
// closes only a session the page created. The close waits a moment, so a remount (React's development double
// effects, going from the terminal to its history and back) keeps the session instead of closing and reopening it.
import type { LrSession } from "../../api/live";

export interface LeaseApi {
  openSessions(): Promise<LrSession[]>;
  open(sensorId: number): Promise<LrSession>;
  close(session: LrSession): Promise<unknown>;
}

export interface Lease {
  session: LrSession;
  /** True when this page created the session (and so closes it when it is left). */
  opened: boolean;
}

interface Entry {
  lease: Promise<Lease>;
  settled: Lease | null;
  holders: number;
  closing: ReturnType<typeof setTimeout> | null;
}

const OPEN: LrSession["status"][] = ["pending", "active"];

export class SessionLeases {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly api: LeaseApi,
    private readonly closeDelayMs = 1500,
  ) {}

  /** The sensor's session for one more holder: joined, created, or the one this page already holds. */
  acquire(sensorId: number): Promise<Lease> {
    const held = this.entries.get(sensorId);
    if (held) {
      if (held.closing) clearTimeout(held.closing);
      held.closing = null;
      held.holders++;
      return held.lease;
    }
    const entry: Entry = { lease: this.join(sensorId), settled: null, holders: 1, closing: null };
    this.entries.set(sensorId, entry);
    entry.lease.then(
      (l) => (entry.settled = l),
      () => {
        if (this.entries.get(sensorId) === entry) this.entries.delete(sensorId);
      },
    );
    return entry.lease;
  }

  private async join(sensorId: number): Promise<Lease> {
    const before = await this.api.openSessions();
    const existing = before.find((s) => s.sensor_id === sensorId && OPEN.includes(s.status));
    const session = await this.api.open(sensorId);
    return { session, opened: existing?.id !== session.id };
  }

  /** One holder less; the last one's leaving closes a session this page created, after the delay. */
  release(sensorId: number) {
    const entry = this.entries.get(sensorId);
    if (!entry) return;
    entry.holders = Math.max(0, entry.holders - 1);
    if (entry.holders > 0 || entry.closing) return;
    entry.closing = setTimeout(() => {
      if (this.entries.get(sensorId) !== entry) return;
      this.entries.delete(sensorId);
      entry.lease.then((l) => (l.opened ? this.api.close(l.session) : undefined)).catch(() => undefined);
    }, this.closeDelayMs);
  }

  /** The session ended on the server (closed elsewhere, timed out): the next acquire opens another. */
  forget(sensorId: number) {
    const entry = this.entries.get(sensorId);
    if (entry?.closing) clearTimeout(entry.closing);
    this.entries.delete(sensorId);
  }

  /** The analyst closed the session: closed now, whoever opened it. */
  async closeNow(sensorId: number): Promise<void> {
    const entry = this.entries.get(sensorId);
    if (!entry) return;
    this.forget(sensorId);
    const lease = await entry.lease;
    await this.api.close(lease.session);
  }

  /**
   * Logging out: every session this page created is closed now, while the login still holds (closed after the
   * logout, they would be refused), and nothing is held any more (a later release closes nothing).
   */
  async closeOpened(): Promise<void> {
    const held = [...this.entries.values()];
    for (const e of held) if (e.closing) clearTimeout(e.closing);
    this.entries.clear();
    await Promise.all(
      held.map((e) => e.lease.then((l) => (l.opened ? this.api.close(l.session) : undefined)).catch(() => undefined)),
    );
  }

  /** The sessions this page created and still holds: what a page unload closes. */
  openedSessions(): LrSession[] {
    return [...this.entries.values()].flatMap((e) => (e.settled?.opened ? [e.settled.session] : []));
  }
}
