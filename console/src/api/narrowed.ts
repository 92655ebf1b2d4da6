// Narrowing a generated wire type (./wire.ts) where the console knows more than the Java record says: a status the
// record holds as a String but the server only ever sets to a few values (its enum's), or a document's
// unknown-typed part the console reads in a known shape.

/**
 * `T` with the types of some of its keys replaced by narrower ones. Each key of `N` must be a key of `T` and its type
 * assignable to `T`'s, so a key renamed or removed on the server still breaks the build, as it does for the keys the
 * console takes from the generated type unchanged.
 */
export type Narrowed<T, N extends { [K in keyof N]: K extends keyof T ? T[K] : never }> = Omit<T, keyof N> & N;

/**
 * The keys a record names, without the index signature of the other keys it writes (a `@JsonAnyGetter` record, such
 * as a sensor group with its settings): `Pick<Named<T>, "a">` fails the build when the server no longer names `a`,
 * where `Pick<T, "a">` would quietly give `unknown`.
 */
export type Named<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
