import { NAME_MAX } from '@sapa/contracts';
import { format, type Catalog } from '../i18n/catalog.js';

/**
 * The site's departments as the widget knows them (`departments` of `settings.get` /
 * `GET /api/v1/widget/config`, `PublicDepartment` in @sapa/contracts; the unit test checks
 * the two shapes agree), kept live from the `availability` frames.
 */
export interface Department {
  readonly departmentId: string;
  /** Set by an admin: visitor-facing text, always rendered as text. */
  readonly name: string;
  readonly online: boolean;
}

/** One entry of the department select. */
export interface DepartmentOption {
  readonly value: string;
  readonly label: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_DEPARTMENTS = 50;

/** The well-formed departments of an answer (unknown, duplicate or malformed entries dropped). */
export function parseDepartments(raw: unknown): readonly Department[] {
  if (!Array.isArray(raw)) return [];
  const out: Department[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { departmentId, name, online } = entry as Record<string, unknown>;
    if (typeof departmentId !== 'string' || !ID.test(departmentId)) continue;
    if (typeof name !== 'string' || name.trim() === '') continue;
    if (out.some((known) => known.departmentId === departmentId)) continue;
    out.push({ departmentId, name: name.slice(0, NAME_MAX), online: online === true });
    if (out.length === MAX_DEPARTMENTS) break;
  }
  return out;
}

/**
 * The departments after an `availability` frame (`data.departments`: id → online). A
 * department the frame does not mention keeps its state; a malformed map changes nothing.
 */
export function withAvailability(
  departments: readonly Department[],
  raw: unknown,
): readonly Department[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return departments;
  const map = raw as Record<string, unknown>;
  return departments.map((department) => {
    const online = Object.hasOwn(map, department.departmentId)
      ? map[department.departmentId]
      : undefined;
    return typeof online === 'boolean' && online !== department.online
      ? { ...department, online }
      : department;
  });
}

/**
 * The select's entries, in the site's order: only with two departments or more (with one
 * there is nothing to ask, it is sent implicitly). An offline department is still listed,
 * marked so that the visitor knows picking it leads to a message instead of a chat.
 */
export function departmentOptions(
  t: Catalog,
  departments: readonly Department[],
): readonly DepartmentOption[] {
  if (departments.length < 2) return [];
  return departments.map(({ departmentId, name, online }) => ({
    value: departmentId,
    label: online ? name : format(t.departmentOffline, { name }),
  }));
}

/**
 * The department a chat or offline message is for: the visitor's pick if it names one of the
 * site's, else the only department when there is exactly one, else none.
 */
export function departmentFor(
  departments: readonly Department[],
  picked: string | undefined,
): Department | undefined {
  const chosen = departments.find((department) => department.departmentId === picked);
  return chosen ?? (departments.length === 1 ? departments[0] : undefined);
}

/**
 * Where submitting the pre-chat form leads: a chat, or the offline form for the department
 * when it has nobody to answer (no chat is started that nobody can take).
 */
export function afterPick(
  siteOnline: boolean,
  department: Department | undefined,
): 'chat' | 'offline' {
  return siteOnline && (department === undefined || department.online) ? 'chat' : 'offline';
}

/**
 * The form a visitor without a conversation sees: the offline form when the whole site is
 * offline, when they were led there by picking an offline department (`offlinePick`, kept
 * until they go back, so a department coming online does not wipe what they typed), or when
 * the site's only department is offline; otherwise the pre-chat form.
 */
export function formStage(input: {
  readonly siteOnline: boolean;
  readonly departments: readonly Department[];
  readonly offlinePick: string | undefined;
}): 'prechat' | 'offline' {
  if (input.offlinePick !== undefined) return 'offline';
  const only = input.departments.length === 1 ? input.departments[0] : undefined;
  return afterPick(input.siteOnline, only) === 'chat' ? 'prechat' : 'offline';
}
