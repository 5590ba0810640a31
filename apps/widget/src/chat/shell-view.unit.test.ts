import { describe, expect, it } from '@jest/globals';
import { adopt, NO_CONVERSATION } from './conversation.reducer.js';
import type { Department } from './departments.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { greetingText, stageFor, type StageInput } from './shell-view.js';

const sd: Department = { departmentId: 'sd', name: 'SD', online: true };
const smp: Department = { departmentId: 'smp', name: 'SMP', online: false };
const base: StageInput = {
  conversation: NO_CONVERSATION,
  siteOnline: true,
  departments: [],
  offlinePick: undefined,
  preChat: DEFAULT_SETTINGS.preChat,
};
const allOff = { name: 'off', email: 'off', question: 'off' } as const;

describe('stageFor', () => {
  it('shows the chat while a conversation is followed, the end cards once it closed', () => {
    const open = adopt(NO_CONVERSATION, 'c1');
    expect(stageFor({ ...base, conversation: open, siteOnline: false })).toBe('chat');
    expect(stageFor({ ...base, conversation: { ...open, ended: true } })).toBe('ended');
  });

  it('shows the pre-chat form, or the composer when the form would ask nothing', () => {
    expect(stageFor(base)).toBe('prechat');
    expect(stageFor({ ...base, preChat: allOff })).toBe('chat');
    expect(stageFor({ ...base, preChat: allOff, departments: [sd, smp] })).toBe('prechat');
    expect(stageFor({ ...base, preChat: allOff, departments: [sd] })).toBe('chat');
  });

  it('shows the offline form when nobody can answer, or for the offline department picked', () => {
    expect(stageFor({ ...base, siteOnline: false })).toBe('offline');
    expect(stageFor({ ...base, departments: [smp] })).toBe('offline');
    expect(stageFor({ ...base, departments: [sd, smp], offlinePick: 'smp' })).toBe('offline');
  });
});

describe('greetingText', () => {
  it("adds the site's greeting after the time of day", () => {
    expect(greetingText('Selamat pagi', '')).toBe('Selamat pagi!');
    expect(greetingText('Good morning', 'How can we help?')).toBe('Good morning! How can we help?');
  });
});
