package io.lampblack.server.api.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component of a REST document that may hold null: the client reads {@code null} there (or, where the record leaves
 * nulls out, no key at all). Every other component of a reference type always holds a value (a string the database
 * keeps {@code not null}, an empty list, ...). Boxed numbers and booleans need no mark: a record boxes them only to
 * hold null.
 *
 * <p>Java does not say which reference may be null, and the console's TypeScript types of these documents
 * ({@code console/src/api/wire.ts}) are written from the records, so this says it: the type there is
 * {@code T | null} (or the key optional) exactly where this is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface MayBeNull {}
