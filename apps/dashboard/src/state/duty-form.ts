import {
  WEEKDAYS,
  type AgentDuty,
  type Department,
  type DutySettings,
  type DutyUpdate,
  type RosterShift,
  type RoutingMode,
  type TimeBlock,
  type Weekday,
} from '../api/duty.js';

/**
 * The duty page's form: every field as the inputs hold it (strings), converted to and from
 * the settings the gateway takes. Pure, so the conversion and its checks are unit-tested.
 * The checks mirror the server's (zod schema and `duty.rules.ts`) so a mistake is shown
 * beside the form instead of coming back as a 400.
 */

export interface DepartmentRow {
  readonly departmentId: string;
  readonly name: string;
  readonly routing: RoutingMode;
}

export interface AgentRow {
  readonly agentId: string;
  readonly departmentIds: readonly string[];
  /** Empty: the site's default limit. */
  readonly maxChats: string;
}

export interface ShiftRow {
  readonly weekday: Weekday;
  readonly start: string;
  readonly end: string;
  /** Agent ids, separated by commas or spaces. */
  readonly agentIds: string;
  /** Empty: any department. */
  readonly departmentId: string;
}

export interface DutyForm {
  readonly timeZone: string;
  readonly routing: RoutingMode;
  readonly slaSeconds: string;
  readonly defaultMaxChats: string;
  readonly autoAwayMinutes: string;
  /** false: no hours at all, always open. */
  readonly hoursEnabled: boolean;
  /** Blocks per weekday as typed: `08:00-12:00, 13:00-16:00`; empty is closed that day. */
  readonly weekly: Readonly<Record<Weekday, string>>;
  /** Local dates `YYYY-MM-DD`, separated by commas, spaces or lines. */
  readonly holidays: string;
  readonly departments: readonly DepartmentRow[];
  readonly agents: readonly AgentRow[];
  readonly roster: readonly ShiftRow[];
}

const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `08:00-12:00` (any dash, spaces allowed). */
export const formatBlocks = (blocks: readonly TimeBlock[] | undefined): string =>
  (blocks ?? []).map((block) => `${block.start}-${block.end}`).join(', ');

const words = (text: string): string[] => text.split(/[\s,;]+/).filter((word) => word.length > 0);

/** The settings as the form shows them. */
export function settingsToForm(settings: DutySettings): DutyForm {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, formatBlocks(settings.hours?.weekly[day])]),
  ) as Record<Weekday, string>;
  return {
    timeZone: settings.timeZone,
    routing: settings.routing,
    slaSeconds: String(settings.slaSeconds),
    defaultMaxChats: String(settings.defaultMaxChats),
    autoAwayMinutes: String(settings.autoAwayMinutes ?? 0),
    hoursEnabled: settings.hours !== undefined,
    weekly,
    holidays: (settings.hours?.holidays ?? []).join(', '),
    departments: settings.departments.map((department) => ({
      departmentId: department.departmentId,
      name: department.name,
      routing: department.routing ?? 'ring-all',
    })),
    agents: settings.agents.map((agent) => ({
      agentId: agent.agentId,
      departmentIds: agent.departmentIds ?? [],
      maxChats: agent.maxChats === undefined ? '' : String(agent.maxChats),
    })),
    roster: settings.roster.map((shift) => ({
      weekday: shift.weekday,
      start: shift.start,
      end: shift.end,
      agentIds: shift.agentIds.join(', '),
      departmentId: shift.departmentId ?? '',
    })),
  };
}

/** Parses `08:00-12:00, 13:00-16:00` into blocks, with a problem per malformed block. */
export function parseBlocks(
  text: string,
  what: string,
): { blocks: TimeBlock[]; problems: string[] } {
  const blocks: TimeBlock[] = [];
  const problems: string[] = [];
  for (const part of text.split(/[,;]/).map((piece) => piece.trim())) {
    if (part === '') continue;
    const match = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/.exec(part);
    const start = match?.[1]?.padStart(5, '0');
    const end = match?.[2]?.padStart(5, '0');
    if (!start || !end || !CLOCK.test(start) || !CLOCK.test(end)) {
      problems.push(`${what}: "${part}" is not HH:MM-HH:MM`);
    } else if (start === end) {
      problems.push(`${what}: ${start}-${end} is empty`);
    } else if (start === '24:00') {
      problems.push(`${what}: a block cannot start at 24:00`);
    } else {
      blocks.push({ start, end });
    }
  }
  return { blocks, problems };
}

/** Whether the runtime knows an IANA zone (the server checks the same way). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone.trim() !== '';
  } catch {
    return false;
  }
}

function integer(text: string, what: string, min: number, max: number, problems: string[]) {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${what} must be a whole number from ${min} to ${max}`);
    return min;
  }
  return value;
}

/**
 * The form as settings for `PUT /site/duty`, over `base` (the settings as loaded), so what
 * the form does not edit — closures, a department's own hours, unknown fields — is kept.
 * Returns the problems instead when there are any.
 */
export function formToSettings(
  form: DutyForm,
  base: DutySettings,
): { settings: DutyUpdate; problems: [] } | { settings?: undefined; problems: string[] } {
  const problems: string[] = [];
  if (!isTimeZone(form.timeZone)) problems.push(`unknown time zone "${form.timeZone}"`);
  const slaSeconds = integer(form.slaSeconds, 'First-response SLA', 1, 3600, problems);
  const defaultMaxChats = integer(form.defaultMaxChats, 'Default chat limit', 1, 100, problems);
  const autoAwayMinutes = integer(form.autoAwayMinutes, 'Auto-away minutes', 0, 480, problems);

  const weekly: Partial<Record<Weekday, TimeBlock[]>> = {};
  for (const day of WEEKDAYS) {
    const parsed = parseBlocks(form.weekly[day], `hours ${day}`);
    problems.push(...parsed.problems);
    if (parsed.blocks.length > 0) weekly[day] = parsed.blocks;
  }
  const holidays = words(form.holidays);
  for (const date of holidays) {
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      problems.push(`holiday "${date}" is not a date (YYYY-MM-DD)`);
  }

  const departmentIds = new Set<string>();
  const departments: Department[] = form.departments.map((row) => {
    const id = row.departmentId.trim();
    if (!ID.test(id)) problems.push(`department id "${id}": letters, digits, - and _ only`);
    if (departmentIds.has(id)) problems.push(`department ${id} appears twice`);
    departmentIds.add(id);
    if (row.name.trim() === '') problems.push(`department ${id} needs a name`);
    const hours = base.departments.find((held) => held.departmentId === id)?.hours;
    return {
      departmentId: id,
      name: row.name.trim(),
      routing: row.routing,
      ...(hours === undefined ? {} : { hours }),
    };
  });

  const agentIds = new Set<string>();
  const agents: AgentDuty[] = form.agents.map((row) => {
    const id = row.agentId.trim();
    if (!ID.test(id)) problems.push(`agent id "${id}" is not an id`);
    if (agentIds.has(id)) problems.push(`agent ${id} appears twice`);
    agentIds.add(id);
    for (const departmentId of row.departmentIds) {
      if (!departmentIds.has(departmentId))
        problems.push(`agent ${id}: no department ${departmentId}`);
    }
    const maxChats =
      row.maxChats.trim() === ''
        ? undefined
        : integer(row.maxChats, `chat limit of ${id}`, 1, 100, problems);
    return {
      agentId: id,
      departmentIds: row.departmentIds.filter((departmentId) => departmentIds.has(departmentId)),
      ...(maxChats === undefined ? {} : { maxChats }),
    };
  });

  const roster: RosterShift[] = form.roster.map((row) => {
    const what = `roster ${row.weekday} ${row.start}`;
    const parsed = parseBlocks(`${row.start}-${row.end}`, what);
    problems.push(...parsed.problems);
    const ids = words(row.agentIds);
    for (const id of ids) if (!ID.test(id)) problems.push(`${what}: "${id}" is not an agent id`);
    if (row.departmentId !== '' && !departmentIds.has(row.departmentId))
      problems.push(`${what}: no department ${row.departmentId}`);
    return {
      weekday: row.weekday,
      start: parsed.blocks[0]?.start ?? row.start,
      end: parsed.blocks[0]?.end ?? row.end,
      agentIds: ids,
      ...(row.departmentId === '' ? {} : { departmentId: row.departmentId }),
    };
  });

  if (problems.length > 0) return { problems };
  const { swaps: _swaps, ...kept } = base;
  const settings: DutyUpdate = {
    ...kept,
    timeZone: form.timeZone.trim(),
    routing: form.routing,
    slaSeconds,
    defaultMaxChats,
    autoAwayMinutes,
    departments,
    agents,
    roster,
  };
  if (!form.hoursEnabled) {
    const { hours: _hours, ...always } = settings;
    return { settings: always, problems: [] };
  }
  return {
    settings: {
      ...settings,
      hours: { weekly, holidays, closures: base.hours?.closures ?? [] },
    },
    problems: [],
  };
}

/** An empty form row for a new shift (Monday, office hours). */
export const NEW_SHIFT: ShiftRow = {
  weekday: 'mon',
  start: '08:00',
  end: '16:00',
  agentIds: '',
  departmentId: '',
};
