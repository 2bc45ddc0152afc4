import type { CalendarDate } from '@ledger/domain';

/**
 * The server clock, injected so tests can pin "today" and the recorded time. The domain never
 * reads a clock itself: today's date reaches the deciders through their context.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant, for tests and replays. */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  return { now: () => new Date(at) };
}

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Today's calendar date in England. The NHS works on UK dates: at 00:30 BST on 1 April the
 * new financial year has begun even though UTC still says 31 March.
 */
export function todayIn(clock: Clock): CalendarDate {
  const now = clock.now().getTime();
  const minute = Math.floor(now / MS_PER_MINUTE);
  if (minute !== lastMinute.minute) {
    lastMinute = { minute, date: LONDON_DATE.format(now) };
  }
  return lastMinute.date;
}

const MS_PER_MINUTE = 60_000;

/**
 * The UK date changes only at a whole UTC minute (midnight in London is 00:00 or 23:00 UTC),
 * so the date of the minute last asked about is kept: formatting it costs more than a command's
 * own decision.
 */
let lastMinute: { minute: number; date: CalendarDate } = { minute: Number.NaN, date: '' };
