import { isValidTimeZone } from '../../../time';
import { AVAILABILITY_BLOCKS as B, WEEKDAYS, weekdayHoursBlockId } from '../../command/ids';
import { WEEKDAY_NAMES, emptyWeek, parseIntervals, parseOverrideLines } from './intervals';
import { type FormResult, type ViewStateValues, readText } from './state';
import type { AvailabilityInput } from '../../../core/model';

/** Reads and validates the availability modal; errors are keyed by input block. */
export function parseAvailabilityForm(values: ViewStateValues): FormResult<AvailabilityInput> {
  const errors: Record<string, string> = {};

  const name = readText(values, B.name);
  if (name === '') errors[B.name] = 'Give this availability a name, e.g. Working hours.';

  const timeZone = readText(values, B.timeZone);
  if (timeZone === '') errors[B.timeZone] = 'Enter a time zone, e.g. Europe/Paris.';
  else if (!isValidTimeZone(timeZone)) {
    errors[B.timeZone] = `“${timeZone}” is not a known time zone; use an IANA name like Europe/Paris.`;
  }

  const weekly = emptyWeek();
  for (const day of WEEKDAYS) {
    const blockId = weekdayHoursBlockId(day);
    const parsed = parseIntervals(readText(values, blockId), WEEKDAY_NAMES[day]);
    if (parsed.ok) weekly[day] = parsed.value;
    else errors[blockId] = parsed.error;
  }

  const overrides = parseOverrideLines(readText(values, B.overrides));
  if (!overrides.ok) errors[B.overrides] = overrides.error;

  if (Object.keys(errors).length > 0 || !overrides.ok) return { ok: false, errors };
  return { ok: true, value: { name, timeZone: canonicalZone(timeZone), weekly, overrides: overrides.value } };
}

/**
 * luxon accepts `europe/paris`; Zoom wants the usual spelling. Intl lists zones in their usual case (though
 * some under legacy names, e.g. Asia/Katmandu), so a zone only differing in case is respelled from that list.
 */
function canonicalZone(zone: string): string {
  const lower = zone.toLowerCase();
  return Intl.supportedValuesOf('timeZone').find((known) => known.toLowerCase() === lower) ?? zone;
}
