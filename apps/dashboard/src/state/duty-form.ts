import { WEEKDAYS, blockProblems, dutyProblems } from '@sapa/domain';
import type {
  AgentDuty,
  Department,
  DutySettings,
  DutyUpdate,
  RosterShift,
  RoutingMode,
  TimeBlock,
  Weekday,
} from '../api/duty.js';

/**
 * The duty page's form: every field as the inputs hold it (strings), converted to and from
 * the settings the gateway takes. Pure, so the conversion and its checks are unit-tested.
 * Reading the text (blocks, numbers, ids) is the form's own job; whether the settings it reads
 * are valid is the duty rulebook's (`dutyProblems` from @sapa/domain), the same one the
 * directory applies, so a mistake is shown beside the form instead of coming back as a 400.
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

const ID = /^[A-Za-z0-9_-]{1,64}$/;

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

/** `8:00` → `08:00`: a time as typed, with the hour's leading zero the rulebook expects. */
const clock = (typed: string): string => {
  const trimmed = typed.trim();
  return /^\d:\d{2}$/.test(trimmed) ? `0${trimmed}` : trimmed;
};

/**
 * Parses `08:00-12:00, 13:00-16:00` into blocks (any dash, spaces allowed, `8:00` for `08:00`),
 * with a problem per part that is not a block or that the rulebook refuses.
 */
export function parseBlocks(
  text: string,
  what: string,
): { blocks: TimeBlock[]; problems: string[] } {
  const blocks: TimeBlock[] = [];
  const problems: string[] = [];
  for (const part of text.split(/[,;]/).map((piece) => piece.trim())) {
    if (part === '') continue;
    const match = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match?.[1] || !match[2]) {
      problems.push(`${what}: "${part}" is not HH:MM-HH:MM`);
      continue;
    }
    const block = { start: clock(match[1]), end: clock(match[2]) };
    const refused = blockProblems(what, block);
    if (refused.length > 0) problems.push(...refused);
    else blocks.push(block);
  }
  return { blocks, problems };
}

/** A number as typed; NaN when empty, which the rulebook names with the field's range. */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** The hours as typed: blocks per weekday and holidays, with the blocks that do not parse. */
function readHours(form: DutyForm, problems: string[]) {
  const weekly: Partial<Record<Weekday, TimeBlock[]>> = {};
  for (const day of WEEKDAYS) {
    const parsed = parseBlocks(form.weekly[day], `hours ${day}`);
    problems.push(...parsed.problems);
    if (parsed.blocks.length > 0) weekly[day] = parsed.blocks;
  }
  return { weekly, holidays: words(form.holidays) };
}

/** The rows as settings: ids trimmed and checked as ids; the rulebook judges the rest. */
function readRows(form: DutyForm, base: DutySettings, problems: string[]) {
  const departments: Department[] = form.departments.map((row) => {
    const id = row.departmentId.trim();
    if (!ID.test(id)) problems.push(`department id "${id}": letters, digits, - and _ only`);
    const hours = base.departments.find((held) => held.departmentId === id)?.hours;
    return {
      departmentId: id,
      name: row.name.trim(),
      routing: row.routing,
      ...(hours === undefined ? {} : { hours }),
    };
  });
  const agents: AgentDuty[] = form.agents.map((row) => {
    const id = row.agentId.trim();
    if (!ID.test(id)) problems.push(`agent id "${id}" is not an id`);
    return {
      agentId: id,
      departmentIds: [...row.departmentIds],
      ...(row.maxChats.trim() === '' ? {} : { maxChats: numberOf(row.maxChats) }),
    };
  });
  const roster: RosterShift[] = form.roster.map((row) => {
    const start = clock(row.start);
    const ids = words(row.agentIds);
    for (const id of ids)
      if (!ID.test(id)) problems.push(`roster ${row.weekday} ${start}: "${id}" is not an agent id`);
    return {
      weekday: row.weekday,
      start,
      end: clock(row.end),
      agentIds: ids,
      ...(row.departmentId === '' ? {} : { departmentId: row.departmentId }),
    };
  });
  return { departments, agents, roster };
}

/**
 * The form as settings for `PUT /site/duty`, over `base` (the settings as loaded), so what
 * the form does not edit — closures, a department's own hours, unknown fields — is kept.
 * Returns the problems instead when there are any: first what cannot be read, then what the
 * duty rulebook refuses.
 */
export function formToSettings(
  form: DutyForm,
  base: DutySettings,
): { settings: DutyUpdate; problems: [] } | { settings?: undefined; problems: string[] } {
  const problems: string[] = [];
  const hours = readHours(form, problems);
  const { swaps: _swaps, hours: baseHours, ...kept } = base;
  const settings: DutyUpdate = {
    ...kept,
    timeZone: form.timeZone.trim(),
    routing: form.routing,
    slaSeconds: numberOf(form.slaSeconds),
    defaultMaxChats: numberOf(form.defaultMaxChats),
    autoAwayMinutes: numberOf(form.autoAwayMinutes),
    ...readRows(form, base, problems),
    ...(form.hoursEnabled ? { hours: { ...hours, closures: baseHours?.closures ?? [] } } : {}),
  };
  problems.push(...dutyProblems(settings));
  return problems.length > 0 ? { problems } : { settings, problems: [] };
}

/** The rows with the one at `index` patched (the form's tables edit one row at a time). */
export const patchRow = <T>(rows: readonly T[], index: number, patch: Partial<T>): T[] =>
  rows.map((held, at) => (at === index ? { ...held, ...patch } : held));

/** The rows without the one at `index`. */
export const withoutRow = <T>(rows: readonly T[], index: number): T[] =>
  rows.filter((_, at) => at !== index);

/** An empty form row for a new shift (Monday, office hours). */
export const NEW_SHIFT: ShiftRow = {
  weekday: 'mon',
  start: '08:00',
  end: '16:00',
  agentIds: '',
  departmentId: '',
};
