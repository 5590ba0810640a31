import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS, contrastText, effectiveDisplay, parseSettings } from './settings.js';

describe('parseSettings', () => {
  it('fills every missing field with its default and the site name from the server', () => {
    expect(parseSettings(undefined, 'SMP 1')).toEqual({ ...DEFAULT_SETTINGS, siteName: 'SMP 1' });
    expect(parseSettings({ color: '#00aa00' }, 'SMP 1').color).toBe('#00aa00');
  });

  it('drops malformed fields instead of failing', () => {
    const parsed = parseSettings(
      {
        position: 'top-center',
        color: 'red; background: url(x)',
        size: 'huge',
        logoUrl: 'javascript:alert(1)',
        offlineBehavior: 'explode',
        preChat: { name: 'required', email: 'sometimes' },
        mobile: { position: 'bottom-left', color: 42 },
        greeting: 'x'.repeat(900),
      },
      'Site',
    );
    expect(parsed).toMatchObject({
      position: 'bottom-right',
      color: DEFAULT_SETTINGS.color,
      size: 'medium',
      logoUrl: undefined,
      offlineBehavior: 'form',
      preChat: { name: 'required', email: 'optional', question: 'off' },
      mobile: { position: 'bottom-left' },
    });
    expect(parsed.greeting).toHaveLength(500);
  });

  it('accepts only https logos', () => {
    expect(parseSettings({ logoUrl: 'https://school.example/logo.png' }).logoUrl).toBe(
      'https://school.example/logo.png',
    );
    expect(parseSettings({ logoUrl: 'http://school.example/logo.png' }).logoUrl).toBeUndefined();
  });
});

describe('effectiveDisplay', () => {
  it('applies the mobile overrides only on narrow screens', () => {
    const settings = parseSettings({
      size: 'large',
      mobile: { size: 'small', launcherText: 'Chat' },
    });
    expect(effectiveDisplay(settings, false)).toMatchObject({ size: 'large', launcherText: '' });
    expect(effectiveDisplay(settings, true)).toMatchObject({ size: 'small', launcherText: 'Chat' });
  });
});

describe('contrastText', () => {
  it('picks white on dark colours and near-black on light ones (WCAG luminance)', () => {
    const colours = ['#1f6feb', '#14532d', '#ffd700', '#f0f0f0'];
    expect(colours.map(contrastText)).toEqual(['#ffffff', '#ffffff', '#111111', '#111111']);
  });
});
