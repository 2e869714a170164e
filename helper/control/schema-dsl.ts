// A tiny schema DSL: each validator parses untrusted JSON into a typed value, so types and checks are written once.

/** Invalid input, naming the field: "params.pathId: must be an integer >= 0, got -1". */
export class SchemaError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    got: unknown,
  ) {
    super(`${field}: must be ${expected}, got ${describe(got)}`);
    this.name = "SchemaError";
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export type Validator<T> = (raw: unknown, field: string) => T;
export type Infer<V> = V extends Validator<infer T> ? T : never;

export const str =
  (
    opts: { minLength?: number; maxLength?: number; pattern?: RegExp; what?: string } = {},
  ): Validator<string> =>
  (raw, field) => {
    const min = opts.minLength ?? 0;
    const max = opts.maxLength ?? 4096;
    const ok =
      typeof raw === "string" && raw.length >= min && raw.length <= max && (opts.pattern?.test(raw) ?? true);
    if (!ok) throw new SchemaError(field, opts.what ?? `a string of ${min}..${max} characters`, raw);
    return raw as string;
  };

export const int =
  (min: number, max: number): Validator<number> =>
  (raw, field) => {
    if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < min || raw > max) {
      throw new SchemaError(field, `an integer in ${min}..${max}`, raw);
    }
    return raw;
  };

export const bool: Validator<boolean> = (raw, field) => {
  if (typeof raw !== "boolean") throw new SchemaError(field, "true or false", raw);
  return raw;
};

export const oneOf =
  <const T extends readonly string[]>(values: T): Validator<T[number]> =>
  (raw, field) => {
    if (typeof raw !== "string" || !values.includes(raw)) {
      throw new SchemaError(field, `one of ${values.map((v) => `"${v}"`).join(", ")}`, raw);
    }
    return raw as T[number];
  };

export const optional =
  <T>(inner: Validator<T>): Validator<T | undefined> =>
  (raw, field) =>
    raw === undefined || raw === null ? undefined : inner(raw, field);

type Shape = Record<string, Validator<unknown>>;
type ObjectOf<S extends Shape> = { readonly [K in keyof S]: Infer<S[K]> };

/** An object with exactly these keys: unknown keys are refused, so a misspelt option is an error, not ignored. */
export const obj =
  <S extends Shape>(shape: S): Validator<ObjectOf<S>> =>
  (raw, field) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      throw new SchemaError(field, "an object", raw);
    const input = raw as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key))
        throw new SchemaError(`${field}.${key}`, "absent (unknown field)", input[key]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, validate] of Object.entries(shape)) {
      const value = validate(input[key], `${field}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as ObjectOf<S>;
  };

/** No parameters: JSON-RPC allows params to be omitted, or an empty object/array. */
export const none: Validator<undefined> = (raw, field) => {
  const empty =
    raw === undefined ||
    raw === null ||
    (Array.isArray(raw) && raw.length === 0) ||
    (typeof raw === "object" && Object.keys(raw as object).length === 0);
  if (!empty) throw new SchemaError(field, "absent (this method takes no parameters)", raw);
  return undefined;
};
