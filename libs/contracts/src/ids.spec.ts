import { IdPrefix, idSchema, isIdOf } from './ids';

const ULID = '01JZ00000000000000000000AB';

describe('id prefixes, declared once', () => {
  it('every prefix is three lower-case letters, and no two kinds share one', () => {
    const prefixes = Object.values(IdPrefix);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[a-z]{3}$/);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('an id schema accepts its kind only, exactly', () => {
    const project = idSchema(IdPrefix.Project);
    expect(project.safeParse(`prj_${ULID}`).success).toBe(true);
    for (const bad of [`led_${ULID}`, `prj_${ULID.toLowerCase()}`, `prj_${ULID}X`, ` prj_${ULID}`, 'prj_'])
      expect(project.safeParse(bad).success).toBe(false);
    expect(isIdOf(IdPrefix.Lead, `led_${ULID}`)).toBe(true);
    expect(isIdOf(IdPrefix.Lead, 42)).toBe(false);
  });
});
