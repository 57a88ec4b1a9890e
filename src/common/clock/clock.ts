import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { isoDay } from './calendar.js';

/**
 * The time the service records a person's act at: a signature, a decision, a submission, a
 * comment, a freeze and the audit event that goes with each. The system's time, except within
 * `at`, where it is the instant given: the demo seed (modules/demo) replays two years of an
 * apprenticeship through the same services, each act at the time it would have happened, so
 * signatures are not all "late" and decisions not all made on the day of the seeding. The
 * instant holds only for the work passed to `at` (AsyncLocalStorage), never for other requests.
 */
@Injectable()
export class Clock {
  private readonly replayed = new AsyncLocalStorage<Date>();

  now(): Date {
    const instant = this.replayed.getStore();
    return instant ? new Date(instant) : new Date();
  }

  /** The day of `now()`, YYYY-MM-DD (UTC), as dates are compared everywhere in the service. */
  today(): string {
    return isoDay(this.now());
  }

  /** Runs `work` with `now()` being `instant` throughout it. */
  at<T>(instant: Date, work: () => Promise<T>): Promise<T> {
    return this.replayed.run(new Date(instant), work);
  }
}
