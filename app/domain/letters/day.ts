/** The start of the UTC day of `date`: no time finer than a day is shown, stored for signatures, or published. */
export function startOfDayUtc(date = new Date()) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
