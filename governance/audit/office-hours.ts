import { GovernanceError } from '../../schema/index.ts';

/** When a department is at work, for the "accesses outside office hours" report. */
export interface OfficeHours {
  /** An IANA time zone. @default 'Asia/Shanghai' */
  readonly timeZone: string;
  /** Working weekdays, ISO numbering (1 = Monday … 7 = Sunday). @default [1, 2, 3, 4, 5] */
  readonly weekdays: readonly number[];
  /** Start of the working day, local `HH:mm`, inclusive. @default '08:30' */
  readonly start: string;
  /** End of the working day, local `HH:mm`, exclusive. @default '18:00' */
  readonly end: string;
  /** Local dates (`YYYY-MM-DD`) that are not working days although their weekday is. @default [] */
  readonly holidays: readonly string[];
  /** Local dates that are working days although their weekday is not (make-up days). @default [] */
  readonly workdays: readonly string[];
}

/** The default office hours: Monday to Friday, 08:30 to 18:00, Beijing time. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  timeZone: 'Asia/Shanghai',
  weekdays: Object.freeze([1, 2, 3, 4, 5]),
  start: '08:30',
  end: '18:00',
  holidays: Object.freeze([]),
  workdays: Object.freeze([]),
});

/** A moment as seen on a wall clock in some time zone. @internal */
export interface LocalTime {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `HH:mm`. */
  readonly time: string;
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** A function converting instants to wall-clock time in `timeZone`; rejects an unknown zone. @internal */
export function localClock(timeZone: string): (instant: Date) => LocalTime {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  } catch {
    throw new GovernanceError(`timeZone must be an IANA time zone, received ${JSON.stringify(timeZone)}`, 'BAD_USER_INPUT');
  }
  return (instant) => {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
    const hour = Number(parts.hour) % 24;
    const minute = Number(parts.minute);
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      time: `${String(hour).padStart(2, '0')}:${parts.minute}`,
      weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
      minutes: hour * 60 + minute,
    };
  };
}

/** Merges office-hours overrides over {@link DEFAULT_OFFICE_HOURS} and validates them. @internal */
export function resolveOfficeHours(overrides: Partial<OfficeHours> = {}): OfficeHours & { startMinutes: number; endMinutes: number } {
  const hours = { ...DEFAULT_OFFICE_HOURS, ...overrides };
  const minutesOf = (value: string, name: string): number => {
    const match = CLOCK.exec(value);
    if (match === null) throw new GovernanceError(`officeHours.${name} must be HH:mm, received ${JSON.stringify(value)}`, 'BAD_USER_INPUT');
    return Number(match[1]) * 60 + Number(match[2]);
  };
  if (!Array.isArray(hours.weekdays) || !hours.weekdays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7)) {
    throw new GovernanceError(`officeHours.weekdays must list ISO weekdays 1 to 7, received ${JSON.stringify(hours.weekdays)}`, 'BAD_USER_INPUT');
  }
  return { ...hours, startMinutes: minutesOf(hours.start, 'start'), endMinutes: minutesOf(hours.end, 'end') };
}

/** Whether a local time falls within office hours. @internal */
export function isWithinOfficeHours(local: LocalTime, hours: ReturnType<typeof resolveOfficeHours>): boolean {
  const workday = hours.workdays.includes(local.date) || (!hours.holidays.includes(local.date) && hours.weekdays.includes(local.weekday));
  return workday && local.minutes >= hours.startMinutes && local.minutes < hours.endMinutes;
}
