import { describe, expect, it } from '@jest/globals';
import type { PublicDepartment } from '@sapa/contracts';
import { CATALOGS } from '../i18n/catalog.js';
import {
  afterPick,
  departmentFor,
  departmentOptions,
  formStage,
  parseDepartments,
  withAvailability,
  type Department,
} from './departments.js';

const { en, id } = CATALOGS;
const sd: Department = { departmentId: 'sd', name: 'SD', online: true };
const smp: Department = { departmentId: 'smp', name: 'SMP', online: false };
const school = [sd, smp];

// Compile-time: the widget's own type and the gateway's contract have the same shape.
const fromContract = (data: PublicDepartment): Department => data;
const toContract = (data: Department): PublicDepartment => data;

describe('parseDepartments', () => {
  it('takes the answer of settings.get in the site order', () => {
    const answer = [toContract(sd), toContract(smp)];
    expect(parseDepartments(answer).map(fromContract)).toEqual(school);
  });

  it('drops malformed, duplicate and unnamed entries; none for anything else', () => {
    expect(
      parseDepartments([
        sd,
        { ...smp, departmentId: 'has space' },
        { departmentId: 7, name: 'X', online: true },
        { departmentId: 'tk', name: '  ', online: true },
        { departmentId: 'sd', name: 'SD again', online: false },
        { departmentId: 'sma', name: 'SMA' },
        null,
        'sd',
      ]),
    ).toEqual([sd, { departmentId: 'sma', name: 'SMA', online: false }]);
    for (const bad of [undefined, null, {}, 'sd', 3]) expect(parseDepartments(bad)).toEqual([]);
  });

  it('keeps a name that looks like markup as it is (it is rendered as text)', () => {
    const name = '<img src=x onerror=alert(1)>';
    expect(parseDepartments([{ departmentId: 'x', name, online: true }])[0]?.name).toBe(name);
  });
});

describe('withAvailability', () => {
  it('applies each department the frame mentions and keeps the others', () => {
    expect(withAvailability(school, { sd: false, smp: true })).toEqual([
      { ...sd, online: false },
      { ...smp, online: true },
    ]);
    expect(withAvailability(school, { smp: true })).toEqual([sd, { ...smp, online: true }]);
  });

  it('a malformed map or value changes nothing', () => {
    for (const bad of [undefined, null, 'sd', [true], { sd: 'no', smp: 1 }, { toString: true }])
      expect(withAvailability(school, bad)).toEqual(school);
  });
});

describe('departmentOptions', () => {
  it('lists two or more by name, the offline ones marked', () => {
    expect(departmentOptions(en, school)).toEqual([
      { value: 'sd', label: 'SD' },
      { value: 'smp', label: 'SMP — offline, leave a message' },
    ]);
    expect(departmentOptions(id, school)[1]?.label).toBe('SMP — sedang offline, tinggalkan pesan');
  });

  it('asks nothing with one department or none', () => {
    expect(departmentOptions(en, [smp])).toEqual([]);
    expect(departmentOptions(en, [])).toEqual([]);
  });
});

describe('departmentFor', () => {
  it('is the pick, the only department, or none', () => {
    expect(departmentFor(school, 'smp')).toBe(smp);
    expect(departmentFor(school, undefined)).toBeUndefined();
    expect(departmentFor(school, 'gone')).toBeUndefined();
    expect(departmentFor([smp], undefined)).toBe(smp);
    expect(departmentFor([smp], 'gone')).toBe(smp);
    expect(departmentFor([], 'sd')).toBeUndefined();
  });
});

describe('afterPick', () => {
  it('an online department (or none) starts a chat; an offline one leads to the offline form', () => {
    expect(afterPick(true, sd)).toBe('chat');
    expect(afterPick(true, undefined)).toBe('chat');
    expect(afterPick(true, smp)).toBe('offline');
  });

  it('nothing starts a chat while the whole site is offline', () => {
    expect(afterPick(false, sd)).toBe('offline');
    expect(afterPick(false, undefined)).toBe('offline');
  });
});

describe('formStage', () => {
  it('the pre-chat form while the site is online, whatever each department is', () => {
    expect(formStage({ siteOnline: true, departments: school, offlinePick: undefined })).toBe(
      'prechat',
    );
    expect(formStage({ siteOnline: true, departments: [], offlinePick: undefined })).toBe(
      'prechat',
    );
  });

  it('the offline form when the site is offline, or after an offline pick until the visitor goes back', () => {
    expect(formStage({ siteOnline: false, departments: school, offlinePick: undefined })).toBe(
      'offline',
    );
    expect(formStage({ siteOnline: false, departments: [], offlinePick: undefined })).toBe(
      'offline',
    );
    // Kept when the department comes online meanwhile: what the visitor typed stays.
    const smpOnline = withAvailability(school, { smp: true });
    expect(formStage({ siteOnline: true, departments: smpOnline, offlinePick: 'smp' })).toBe(
      'offline',
    );
  });

  it('with a single department, its own availability decides (there is no pick to make)', () => {
    expect(formStage({ siteOnline: true, departments: [smp], offlinePick: undefined })).toBe(
      'offline',
    );
    expect(formStage({ siteOnline: true, departments: [sd], offlinePick: undefined })).toBe(
      'prechat',
    );
  });
});
