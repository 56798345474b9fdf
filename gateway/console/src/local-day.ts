/** The date `YYYY-MM-DD` of an instant in the browser's time zone (what `<input type="date">` holds). */
export function localDay(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/** The instant a local date `YYYY-MM-DD` starts, in the browser's time zone, `days` later. */
export function startOfLocalDay(day: string, days = 0): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + days);
}
