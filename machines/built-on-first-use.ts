/**
 * A value built on its first use and shared afterwards: the validation schemas are built when the first event or
 * config is checked, not when the library is imported, so that an app's start-up does not pay for them. Each
 * call is marked pure where it is made, so that a bundler leaves out a value no code of the app uses, with all it
 * would build.
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
