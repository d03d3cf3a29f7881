import { describe, expect, expectTypeOf, it } from 'vitest';
import * as v from '../../machines/schema.js';

const problems = (schema: v.Schema<unknown>, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues;
};

describe('the schemas that check events, config and resume points', () => {
  it('tells a missing value from a value of the wrong type', () => {
    const name = v.object({ name: v.string() });
    expect(problems(name, {})).toEqual([{ path: ['name'], message: 'is required' }]);
    expect(problems(name, { name: 7 })).toEqual([{ path: ['name'], message: 'must be of type string' }]);
    expect(problems(name, null)).toEqual([{ path: [], message: 'must be of type object' }]);
    expect(problems(name, ['x'])).toEqual([{ path: [], message: 'must be of type object' }]);
    expect(problems(v.array(v.string()), 'x')).toEqual([{ path: [], message: 'must be of type array' }]);
    expect(problems(v.record(v.string(), v.string()), 'x')).toEqual([{ path: [], message: 'must be of type object' }]);
  });

  it('takes only finite numbers and real booleans', () => {
    for (const value of [Number.NaN, Infinity, '1']) expect(problems(v.number(), value)).toEqual([{ path: [], message: 'must be of type number' }]);
    expect(problems(v.boolean(), 'true')).toEqual([{ path: [], message: 'must be of type boolean' }]);
    expect(v.number().safeParse(0)).toEqual({ success: true, data: 0 });
  });

  it('runs every rule on a value of the right type and reports each that fails, in order', () => {
    const code = v.string().check(v.minLength(2, 'too short'), v.regex(/^\d*$/, 'digits only'), v.maxLength(3, 'too long'));
    expect(problems(code, 'a')).toEqual([
      { path: [], message: 'too short' },
      { path: [], message: 'digits only' },
    ]);
    expect(problems(code, '1234')).toEqual([{ path: [], message: 'too long' }]);
    expect(problems(code, '12')).toEqual([]);
    // A value of the wrong type gets one problem, not the rules' too.
    expect(problems(code, [])).toEqual([{ path: [], message: 'must be of type string' }]);
  });

  it('reports every field of an object, with its path, and leaves out fields it does not name', () => {
    const schema = v.object({ a: v.string(), b: v.optional(v.object({ c: v.array(v.number()) })), d: v.nullable(v.boolean()) });
    expect(problems(schema, { a: 1, b: { c: [1, 'x', 3, null] }, d: 'no' })).toEqual([
      { path: ['a'], message: 'must be of type string' },
      { path: ['b', 'c', 1], message: 'must be of type number' },
      { path: ['b', 'c', 3], message: 'must be of type number' },
      { path: ['d'], message: 'must be of type boolean' },
    ]);
    expect(schema.safeParse({ a: 'x', d: null, extra: true })).toEqual({ success: true, data: { a: 'x', d: null } });
    expect(schema.safeParse({ a: 'x', b: undefined, d: true })).toEqual({ success: true, data: { a: 'x', b: undefined, d: true } });
  });

  it('names the values an enum or a literal takes', () => {
    expect(problems(v.enum(['SMS', 'TOTP']), 'EMAIL')).toEqual([{ path: [], message: 'must be one of SMS, TOTP' }]);
    expect(problems(v.literal('SIGN_IN'), undefined)).toEqual([{ path: [], message: 'must be one of SIGN_IN' }]);
    expect(v.enum(['SMS', 'TOTP']).safeParse('TOTP')).toEqual({ success: true, data: 'TOTP' });
  });

  it('checks a record key by key, and never lets a __proto__ key set the prototype of what it gives', () => {
    const map = v.record(v.string().check(v.maxLength(3, 'key too long')), v.string());
    expect(problems(map, { long: 'x', ok: 1 })).toEqual([
      { path: ['long'], message: 'key too long' },
      { path: ['ok'], message: 'must be of type string' },
    ]);
    const parsed = map.safeParse(JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "b"}'));
    expect(parsed).toEqual({ success: true, data: { a: 'b' } });
    expect(Object.getPrototypeOf(parsed.success && parsed.data)).toBe(Object.prototype);
  });

  it('lets a rule report below the value, and a pipe stop at the first schema that finds a problem', () => {
    let secondRan = false;
    const second = v.custom<Record<string, string>>().check((value, report) => {
      secondRan = true;
      for (const key of Object.keys(value)) if (key.startsWith('x')) report('starts with x', [key]);
    });
    const first = v.custom<unknown>().check(v.refine((value) => value !== null && typeof value === 'object', 'not an object'));
    const piped = v.pipe(first, second);
    expect(problems(piped, 5)).toEqual([{ path: [], message: 'not an object' }]);
    expect(secondRan).toBe(false);
    expect(problems(piped, { xa: '1', b: '2' })).toEqual([{ path: ['xa'], message: 'starts with x' }]);
  });

  it('gives a regex rule the same answer every time, global flag or not', () => {
    const digits = v.string().check(v.regex(/^\d+$/g, 'digits only'));
    expect([digits.safeParse('12').success, digits.safeParse('12').success]).toEqual([true, true]);
  });

  it('types what it parses and what it accepts', () => {
    const event = v.object({ type: v.literal('SIGN_IN'), username: v.string(), flow: v.optional(v.enum(['A', 'B'])) });
    expectTypeOf<v.Input<typeof event>>().toEqualTypeOf<{ type: 'SIGN_IN'; username: string; flow?: 'A' | 'B' | undefined }>();
    expectTypeOf<v.Infer<typeof event>>().toEqualTypeOf<{ type: 'SIGN_IN'; username: string; flow?: 'A' | 'B' | undefined }>();
  });
});
