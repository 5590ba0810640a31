import { describe, expect, it } from '@jest/globals';
import { PHONE_TEXTS, phoneLanguage } from './phone-texts.js';

describe('the phone texts', () => {
  it('has every key in Indonesian and in English, none empty', () => {
    expect(Object.keys(PHONE_TEXTS.id).sort()).toEqual(Object.keys(PHONE_TEXTS.en).sort());
    for (const language of [PHONE_TEXTS.id, PHONE_TEXTS.en])
      for (const text of Object.values(language)) expect(text.trim()).not.toBe('');
  });

  it('picks Indonesian for a browser that prefers it, English otherwise', () => {
    expect(phoneLanguage(['id-ID', 'en'])).toBe('id');
    expect(phoneLanguage(['id'])).toBe('id');
    expect(phoneLanguage(['en-GB', 'id'])).toBe('en');
    expect(phoneLanguage([])).toBe('en');
  });
});
