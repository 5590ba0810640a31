import { useEffect, useState } from 'react';
import {
  getAvailability,
  getDuty,
  getTeam,
  saveDuty,
  type Availability,
  type DutySettings,
  type ShiftSwap,
  type TeamMember,
} from '../api/duty.js';
import { RequestError } from '../api/request-error.js';
import { formToSettings, settingsToForm, type DutyForm } from './duty-form.js';

const message = (failure: unknown): string => {
  if (!(failure instanceof RequestError))
    return failure instanceof Error ? failure.message : String(failure);
  const issues = (failure.details as { issues?: { path: string; message: string }[] } | undefined)
    ?.issues;
  return issues && issues.length > 0
    ? `${failure.message}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`
    : failure.message;
};

/** The site's availability now, refreshed on demand (after a save, an approved swap). */
function useAvailability(token: () => Promise<string>) {
  const [availability, setAvailability] = useState<Availability | null>(null);
  const [availabilityError, setAvailabilityError] = useState<string | undefined>();
  const refreshAvailability = () => {
    setAvailabilityError(undefined);
    getAvailability(token).then(setAvailability, (failure: unknown) =>
      setAvailabilityError(message(failure)),
    );
  };
  return { availability, availabilityError, refreshAvailability };
}

/**
 * The Duty page's data: the settings as saved and as edited in the form, the availability
 * now, the team's names, and saving. Loaded once per visit of the page.
 */
export function useDutyPage(token: () => Promise<string>, onSaved: (duty: DutySettings) => void) {
  const [settings, setSettings] = useState<DutySettings | null>(null);
  const [form, setForm] = useState<DutyForm | null>(null);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [team, setTeam] = useState<readonly TeamMember[]>([]);
  const { availability, availabilityError, refreshAvailability } = useAvailability(token);

  useEffect(() => {
    let live = true;
    getDuty(token).then(
      (duty) => {
        if (!live) return;
        setSettings(duty);
        setForm(settingsToForm(duty));
      },
      (failure: unknown) => live && setLoadError(message(failure)),
    );
    refreshAvailability();
    // Names for ids; without the list the page still works with ids only.
    getTeam(token).then(
      (members) => live && setTeam(members),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const edit = (patch: Partial<DutyForm>) => {
    setSaved(false);
    setForm((held) => (held ? { ...held, ...patch } : held));
  };
  const converted = settings && form ? formToSettings(form, settings) : undefined;

  async function save() {
    if (!converted?.settings) return;
    setError(undefined);
    setSaving(true);
    try {
      const duty = await saveDuty(token, converted.settings);
      setSettings(duty);
      setForm(settingsToForm(duty));
      setSaved(true);
      onSaved(duty);
      refreshAvailability();
    } catch (failure) {
      setError(message(failure));
    } finally {
      setSaving(false);
    }
  }

  const swapChanged = (swap: ShiftSwap) => {
    const others = (held: DutySettings) => held.swaps.filter((s) => s.swapId !== swap.swapId);
    setSettings((held) => held && { ...held, swaps: [...others(held), swap] });
    if (swap.status === 'approved') refreshAvailability();
  };

  return {
    settings,
    form,
    converted,
    availability,
    availabilityError,
    loadError,
    error,
    saved,
    saving,
    team,
    edit,
    save,
    swapChanged,
    refreshAvailability,
  };
}
