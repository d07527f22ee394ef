/**
 * How many agent requests are being written at once in this process. A task starts on every host of a batch
 * together (forks 1000: 1000 requests at the same instant), and each request is built, base64-encoded into its
 * envelope, sealed and queued on its socket in full before the host reads any of it; the first use of a module
 * carries its script (win_service: 8 KB packed) and the first request of a session the façade (27 KB). Waiting for
 * a slot before building a request bounds those buffers to SLOTS requests instead of one per host; a slot is held
 * only until the host has taken the request (its Send answered), not while the module runs, so hosts still run
 * their modules all at the same time.
 */

/**
 * Requests written at once. A Send takes a round trip, so 1000 hosts start a task over 1000 / SEND_SLOTS = 16 round
 * trips instead of one: 16 ms on a LAN, 0.8 s at 50 ms per round trip.
 */
export const SEND_SLOTS = 64;

export class SendSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  /** Runs `fn` once a slot is free and frees it when `fn` settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy++;
    try {
      return await fn();
    } finally {
      // The slot passes to the next waiter as it is (busy stays), or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }

  /** Requests being written now and waiting for a slot (for tests). */
  get load(): { busy: number; waiting: number } {
    return { busy: this.busy, waiting: this.waiting.length };
  }
}

/** The process's slots, shared by every agent session. */
export const sendSlots = new SendSlots(SEND_SLOTS);
