import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** The checkpoint's sense of time: the real one at boot; a test passes one that records every wait. */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: PollClock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/**
 * Polls until `done` or the deadline (`clock.now()` time): waits 250 ms, doubling up to 5 s, the
 * last wait cut short at the deadline, where it polls once more. Always polls at least once.
 */
export async function pollWithBackoff<T>(
  poll: () => Promise<T>,
  done: (result: T) => boolean,
  deadline: number,
  clock: PollClock = REAL_CLOCK,
): Promise<{ result: T; polls: number }> {
  let delay = FIRST_DELAY_MS;
  let polls = 0;
  for (;;) {
    polls++;
    const result = await poll();
    const left = deadline - clock.now();
    if (done(result) || left <= 0) return { result, polls };
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
