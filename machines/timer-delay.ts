/**
 * The longest delay a timer holds: `setTimeout` keeps it as a signed 32-bit count of milliseconds (about 24.8
 * days), and a longer one fires at once (Node warns with TimeoutOverflowWarning; browsers say nothing).
 * https://developer.mozilla.org/en-US/docs/Web/API/Window/setTimeout#maximum_delay_value
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A computed delay as a timer can hold it: never negative, never past MAX_TIMER_MS (a longer wait is armed again). */
export function timerDelay(ms: number): number {
  // NaN (a field missing from an old snapshot) waits for nothing, as setTimeout would, but says so here.
  return ms > 0 ? Math.min(MAX_TIMER_MS, ms) : 0;
}
