/**
 * The checks for what an app hands the machine (events, config, resume points), as schemas: the few kinds this
 * project needs, so that a browser app does not ship a general schema library for them. A schema reports every
 * problem it finds, each with its path and in words an app can show beside a field ("must be of type string",
 * "is required", or the message the check was given).
 */

export type Path = Array<string | number>;

export interface Issue {
  /** Where, from the value checked: `['attributes', 'email']`; empty for the value itself. */
  path: Path;
  message: string;
}

/** Reports a problem with the value a check is given, or with a part of it (`path` below it). */
export type Report = (message: string, path?: Path) => void;

/** A rule on a value of the right type: reports what is wrong, or nothing. */
export type Check<T> = (value: T, report: Report) => void;

export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

/** Returned by a parse that found a problem: the value is not used further (no checks, no pipe). */
const FAILED: unique symbol = Symbol('failed');
type Parse<T> = (value: unknown, path: Path, issues: Issue[]) => T | typeof FAILED;

export interface Schema<Out, In = Out> {
  /** Types only: what parsing gives and what it accepts. */
  readonly '~types'?: { out: Out; in: In };
  readonly parse: Parse<Out>;
  /** The same schema with these rules run, in order, on a value of the right type; every failing rule reports. */
  check(...checks: Array<Check<Out>>): Schema<Out, In>;
  safeParse(value: unknown): SafeParseResult<Out>;
}

export type Infer<S> = S extends Schema<infer Out, unknown> ? Out : never;
export type Input<S> = S extends Schema<unknown, infer In> ? In : never;

function schema<Out, In = Out>(parse: Parse<Out>, checks: ReadonlyArray<Check<Out>> = []): Schema<Out, In> {
  const run: Parse<Out> = (value, path, issues) => {
    const before = issues.length;
    const out = parse(value, path, issues);
    if (out === FAILED) return FAILED;
    for (const rule of checks) rule(out, (message, below = []) => issues.push({ path: [...path, ...below], message }));
    return issues.length > before ? FAILED : out;
  };
  return {
    parse: run,
    check: (...more) => schema<Out, In>(parse, [...checks, ...more]),
    safeParse(value) {
      const issues: Issue[] = [];
      const data = run(value, [], issues);
      return data === FAILED ? { success: false, error: { issues } } : { success: true, data };
    },
  };
}

function wrongType(value: unknown, expected: string, path: Path, issues: Issue[]): typeof FAILED {
  issues.push({ path, message: value === undefined ? 'is required' : `must be of type ${expected}` });
  return FAILED;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ofType = <T>(name: string, is: (value: unknown) => boolean) => () =>
  schema<T>((value, path, issues) => (is(value) ? (value as T) : wrongType(value, name, path, issues)));

export const string = ofType<string>('string', (value) => typeof value === 'string');
export const boolean = ofType<boolean>('boolean', (value) => typeof value === 'boolean');
export const number = ofType<number>('number', (value) => Number.isFinite(value));

function oneOf<const T extends readonly (string | number | boolean)[]>(values: T): Schema<T[number]> {
  return schema((value, path, issues) => {
    if (values.includes(value as T[number])) return value as T[number];
    issues.push({ path, message: `must be one of ${values.join(', ')}` });
    return FAILED;
  });
}
// `enum` is a reserved word: the function has another name inside this module.
export { oneOf as enum };

export const literal = <const T extends string | number | boolean>(value: T): Schema<T> => oneOf([value]);

export const optional = <Out, In>(inner: Schema<Out, In>): Schema<Out | undefined, In | undefined> =>
  schema((value, path, issues) => (value === undefined ? undefined : inner.parse(value, path, issues)));

export const nullable = <Out, In>(inner: Schema<Out, In>): Schema<Out | null, In | null> =>
  schema((value, path, issues) => (value === null ? null : inner.parse(value, path, issues)));

/** Any value, typed as `T`; its checks say what is wrong with it. */
export const custom = <T>(): Schema<T> => schema((value) => value as T);

type Shape = Record<string, Schema<unknown, unknown>>;
type Flat<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Input<S[K]> ? K : never }[keyof S];
type ObjectOut<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;
type ObjectIn<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Input<S[K]> } & { [K in OptionalKeys<S>]?: Input<S[K]> }
>;

/** An object with these fields; fields not named are left out of the result. */
export function object<S extends Shape>(shape: S): Schema<ObjectOut<S>, ObjectIn<S>> {
  return schema((value, path, issues) => {
    if (!isPlainObject(value)) return wrongType(value, 'object', path, issues);
    const out: Record<string, unknown> = {};
    let failed = false;
    for (const key of Object.keys(shape)) {
      const field = (shape[key] as Schema<unknown>).parse(value[key], [...path, key], issues);
      if (field === FAILED) failed = true;
      else if (field !== undefined || key in value) out[key] = field;
    }
    return failed ? FAILED : (out as ObjectOut<S>);
  });
}

/**
 * An object used as a map. A `__proto__` key is left out of the result, so that it cannot set the result's
 * prototype; a check that must see it reads the value given (see attribute-schema.ts).
 */
export function record<V>(key: Schema<string>, item: Schema<V>): Schema<Record<string, V>> {
  return schema((value, path, issues) => {
    if (!isPlainObject(value)) return wrongType(value, 'object', path, issues);
    const out: Record<string, V> = {};
    let failed = false;
    for (const name of Object.keys(value)) {
      if (name === '__proto__') continue;
      const parsedKey = key.parse(name, [...path, name], issues);
      const parsed = item.parse(value[name], [...path, name], issues);
      if (parsedKey === FAILED || parsed === FAILED) failed = true;
      else out[name] = parsed;
    }
    return failed ? FAILED : out;
  });
}

export function array<Out, In>(item: Schema<Out, In>): Schema<Out[], In[]> {
  return schema((value, path, issues) => {
    if (!Array.isArray(value)) return wrongType(value, 'array', path, issues);
    let failed = false;
    const out = value.map((element, index) => {
      const parsed = item.parse(element, [...path, index], issues);
      if (parsed === FAILED) failed = true;
      return parsed as Out;
    });
    return failed ? FAILED : out;
  });
}

/** `first`, then `then` on what it gives; `then` is not run when `first` finds a problem. */
export const pipe = <A, In, B>(first: Schema<A, In>, then: Schema<B, unknown>): Schema<B, In> =>
  schema((value, path, issues) => {
    const parsed = first.parse(value, path, issues);
    return parsed === FAILED ? FAILED : then.parse(parsed, path, issues);
  });

export const minLength =
  (least: number, message = 'is too short'): Check<{ length: number }> =>
  (value, report) => {
    if (value.length < least) report(message);
  };

export const maxLength =
  (most: number, message: string): Check<{ length: number }> =>
  (value, report) => {
    if (value.length > most) report(message);
  };

export const regex =
  (pattern: RegExp, message: string): Check<string> =>
  (value, report) => {
    pattern.lastIndex = 0;
    if (!pattern.test(value)) report(message);
  };

export const refine =
  <T>(holds: (value: T) => boolean, message: string): Check<T> =>
  (value, report) => {
    if (!holds(value)) report(message);
  };

export const positive = (message: string): Check<number> => refine((value) => value > 0, message);

/** A check that reports as many problems as it finds, each where it is. */
export const superRefine = <T>(check: Check<T>): Check<T> => check;
