// Preload (`node --import ./shift-clock.mjs app.mjs`): moves this process's wall clock by
// CLOCK_SHIFT_MS milliseconds, as an instance whose clock is off would see it. `Date.now()` and
// `new Date()` are shifted; timers and `performance.now()` (monotonic) are not.
const shift = Number(process.env.CLOCK_SHIFT_MS ?? 0);
if (!Number.isFinite(shift)) throw new Error(`CLOCK_SHIFT_MS is not a number: ${process.env.CLOCK_SHIFT_MS}`);

const RealDate = globalThis.Date;
const realNow = RealDate.now.bind(RealDate);

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(realNow() + shift);
    else super(...args);
  }

  static now() {
    return realNow() + shift;
  }
}

globalThis.Date = ShiftedDate;
