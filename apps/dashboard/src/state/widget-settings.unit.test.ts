import { describe, expect, it } from '@jest/globals';
import type { WidgetSettings } from '@sapa/contracts';
import { cleanSettings, effectiveDisplay, settingsProblems } from './widget-settings.js';

const base: WidgetSettings = {
  position: 'bottom-right',
  color: '#1f6feb',
  size: 'medium',
  siteName: 'SMP Negeri 1',
  greeting: 'Halo!',
  launcherText: 'Chat',
  offlineBehavior: 'form',
  preChat: { name: 'optional', email: 'optional', question: 'off' },
};

describe('widget settings', () => {
  it('applies mobile overrides on phones only, ignoring empty ones', () => {
    const settings = { ...base, mobile: { position: 'bottom-left' as const, launcherText: '' } };
    expect(effectiveDisplay(settings, 'desktop').position).toBe('bottom-right');
    expect(effectiveDisplay(settings, 'mobile')).toMatchObject({
      position: 'bottom-left',
      launcherText: 'Chat',
    });
  });

  it('names what the server would refuse', () => {
    expect(settingsProblems(base)).toEqual([]);
    expect(
      settingsProblems({
        ...base,
        color: 'red',
        logoUrl: 'http://x.example/logo.png',
        siteName: ' ',
      }),
    ).toHaveLength(3);
  });

  it('drops empty optional fields before saving', () => {
    const cleaned = cleanSettings({ ...base, logoUrl: '', mobile: { launcherText: '' } });
    expect(cleaned).not.toHaveProperty('logoUrl');
    expect(cleaned).not.toHaveProperty('mobile');
  });
});
