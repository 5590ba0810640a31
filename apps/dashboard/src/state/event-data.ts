/**
 * Loose readers of an event's data. The dashboard reads events with the contracts' types, but an
 * event stored before a field existed lacks it: these read a field only when it has the shape.
 */

/** Reads a string field of an event's data, or undefined. */
export function str(data: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads an object field of an event's data, or an empty object. */
export function obj(
  data: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>> {
  const value = data[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
