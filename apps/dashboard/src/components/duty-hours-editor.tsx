import { useMemo } from 'react';
import { WEEKDAYS } from '@sapa/domain';
import type { Weekday } from '../api/duty.js';
import type { DutyForm } from '../state/duty-form.js';
import { Field } from './field.js';

export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

type Set = (patch: Partial<DutyForm>) => void;

/** The site-wide numbers, each typed as text (the rulebook names a bad one with its range). */
const NUMBER_FIELDS = [
  ['slaSeconds', 'First-response SLA (seconds)'],
  ['defaultMaxChats', 'Default chat limit'],
  ['autoAwayMinutes', 'Auto-away after (minutes, 0 = never)'],
] as const satisfies readonly (readonly [keyof DutyForm, string])[];

/** Time zone, opening hours (several blocks a day), holidays, and the site-wide numbers. */
export function DutyHoursEditor(props: { form: DutyForm; set: Set }) {
  return (
    <>
      <SiteEditor {...props} />
      <HoursEditor {...props} />
    </>
  );
}

function SiteEditor({ form, set }: { form: DutyForm; set: Set }) {
  const zones = useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [];
    }
  }, []);
  return (
    <fieldset>
      <legend>Site</legend>
      <Field label="Time zone">
        <input
          value={form.timeZone}
          onChange={(e) => set({ timeZone: e.target.value })}
          list="duty-time-zones"
          name="timeZone"
          placeholder="Asia/Makassar"
        />
        <datalist id="duty-time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </Field>
      <Field label="Routing">
        <select
          value={form.routing}
          onChange={(e) => set({ routing: e.target.value as DutyForm['routing'] })}
          name="routing"
        >
          <option value="ring-all">Ring all eligible agents</option>
          <option value="least-busy">Assign the least busy</option>
        </select>
      </Field>
      {NUMBER_FIELDS.map(([name, label]) => (
        <Field key={name} label={label}>
          <input
            inputMode="numeric"
            value={form[name]}
            onChange={(e) => set({ [name]: e.target.value })}
            name={name}
          />
        </Field>
      ))}
    </fieldset>
  );
}

function HoursEditor({ form, set }: { form: DutyForm; set: Set }) {
  return (
    <fieldset>
      <legend>Business hours</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={!form.hoursEnabled}
          onChange={(e) => set({ hoursEnabled: !e.target.checked })}
          name="alwaysOpen"
        />{' '}
        Always open (no business hours)
      </label>
      {form.hoursEnabled && (
        <>
          <p className="hint">
            Blocks as <code>08:00-12:00, 13:00-16:00</code> (a lunch break is two blocks); empty is
            closed. A block ending before it starts runs past midnight.
          </p>
          {WEEKDAYS.map((day) => (
            <Field key={day} label={WEEKDAY_NAMES[day]}>
              <input
                value={form.weekly[day]}
                onChange={(e) => set({ weekly: { ...form.weekly, [day]: e.target.value } })}
                name={`hours-${day}`}
                placeholder="closed"
              />
            </Field>
          ))}
          <Field label="Holidays (YYYY-MM-DD)">
            <textarea
              value={form.holidays}
              onChange={(e) => set({ holidays: e.target.value })}
              name="holidays"
              rows={2}
              placeholder="2026-12-25, 2027-01-01"
            />
          </Field>
        </>
      )}
    </fieldset>
  );
}
