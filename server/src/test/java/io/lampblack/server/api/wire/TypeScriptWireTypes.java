package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.util.NameTransformer;
import io.lampblack.server.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the REST documents of {@code io.lampblack.server.api.wire} as TypeScript types for the console
 * ({@code console/src/api/wire.ts}), the way {@link Json#MAPPER} writes them as JSON: Jackson's own view of each record
 * (its properties, their {@code @JsonProperty} names, {@code @JsonUnwrapped}, {@code @JsonInclude},
 * {@code @JsonAnyGetter}) is asked, not re-read from the annotations, so the types cannot drift from what the server
 * sends. A Java type whose JSON form this does not know fails the generation instead of becoming {@code unknown}
 * silently.
 *
 * <p>What each Java type becomes: {@code String}/{@code char} a {@code string}; numbers a {@code number}; a boxed
 * primitive ({@code Integer}, {@code Boolean}, ...) the same {@code | null} (a record boxes a component to hold null);
 * lists, sets and arrays {@code T[]} ({@code byte[]} is base64 text); maps {@code Record<string, V>}; {@code Optional<T>}
 * {@code T | null}; {@code JsonNode}, {@code Object}, wildcards and pre-serialised values {@code unknown}; an enum the
 * union of its constants' JSON values; a record an interface named after its Java name ({@code A.B} is {@code A_B}); a
 * sealed interface the union of the records it permits.
 *
 * <p>Null: a component marked {@link MayBeNull} is {@code T | null}, and so is a boxed primitive or an
 * {@code Optional}; any other reference (a string, a list, a record) always holds a value, so its type admits no
 * null. A property Jackson leaves out when null is optional instead, without {@code | null}, where it may be null; one
 * left out when empty is optional whatever it holds; so are the properties flattened from an {@code @JsonUnwrapped}
 * component (none is written when it is null).
 */
final class TypeScriptWireTypes {

    /** The command that writes {@code console/src/api/wire.ts} anew (run from the repository's root). */
    static final String REGENERATE = "mvn -pl server test -Dtest=WireTypesUpToDateTest -Dlampblack.regenerate=true";

    private static final String PACKAGE = SensorDocument.class.getPackageName();

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private static final Set<Class<?>> BOXED = Set.of(
            Boolean.class,
            Byte.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            Character.class);

    private final SerializationConfig config = Json.MAPPER.getSerializationConfig();
    private final AnnotationIntrospector annotations = config.getAnnotationIntrospector();

    /** TypeScript declarations by name, so the file lists them alphabetically whatever order they were met in. */
    private final Map<String, String> declarations = new TreeMap<>();

    private final Map<String, Class<?>> declaredFrom = new HashMap<>();
    private final Deque<Class<?>> pending = new ArrayDeque<>();

    private TypeScriptWireTypes() {}

    /** The file for every record and sealed interface of the wire package (and the types they use). */
    static String generate() {
        return generate(wireTypes());
    }

    /** The file for {@code roots} and every record, enum and sealed interface they use. */
    static String generate(List<Class<?>> roots) {
        TypeScriptWireTypes g = new TypeScriptWireTypes();
        roots.forEach(g::declare);
        while (!g.pending.isEmpty()) g.write(g.pending.removeFirst());
        StringBuilder out = new StringBuilder();
        out.append("// Generated from the Java records of ")
                .append(PACKAGE)
                .append(" (the REST API's documents) by\n")
                .append("// server/src/test/java/io/lampblack/server/api/wire/TypeScriptWireTypes.java: do not edit.\n")
                .append("// Regenerate after changing a record (WireTypesUpToDateTest fails until then), from the"
                        + " repository's root:\n")
                .append("//   ")
                .append(REGENERATE)
                .append("\n");
        g.declarations.values().forEach(d -> out.append('\n').append(d));
        return out.toString();
    }

    /**
     * The records and sealed interfaces of the wire package, found among the compiled main classes (a directory
     * while Maven builds, a jar otherwise).
     */
    static List<Class<?>> wireTypes() {
        Path location;
        try {
            location = Path.of(SensorDocument.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String dir = PACKAGE.replace('.', '/');
        List<String> classFiles = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(dir))) {
                    files.map(p -> p.getFileName().toString()).forEach(classFiles::add);
                }
            } else {
                try (var jar = new java.util.jar.JarFile(location.toFile())) {
                    jar.stream()
                            .map(java.util.jar.JarEntry::getName)
                            .filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
                            .map(n -> n.substring(dir.length() + 1))
                            .forEach(classFiles::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Class<?>> out = new ArrayList<>();
        for (String f : classFiles.stream().sorted().toList()) {
            if (!f.endsWith(".class") || f.equals("package-info.class")) continue;
            Class<?> c = load(PACKAGE + "." + f.substring(0, f.length() - ".class".length()));
            if (c.isRecord() || (c.isInterface() && c.isSealed())) out.add(c);
        }
        out.sort(Comparator.comparing(Class::getName));
        return out;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, TypeScriptWireTypes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TypeScript name of a record, enum or sealed interface, queued to be written when first met. */
    private String declare(Class<?> c) {
        String name = tsName(c);
        Class<?> earlier = declaredFrom.putIfAbsent(name, c);
        if (earlier == null) pending.add(c);
        else if (earlier != c)
            throw new IllegalStateException(
                    "two Java types would both be the TypeScript type " + name + ": " + earlier + " and " + c);
        return name;
    }

    /** {@code A.B} → {@code A_B}: the Java name with its enclosing types, without the package. */
    static String tsName(Class<?> c) {
        return c.getEnclosingClass() == null
                ? c.getSimpleName()
                : tsName(c.getEnclosingClass()) + "_" + c.getSimpleName();
    }

    private void write(Class<?> c) {
        String name = tsName(c);
        String text;
        if (c.isEnum()) text = enumUnion(c);
        else if (c.isRecord()) text = recordInterface(c);
        else if (c.isInterface() && c.isSealed()) text = sealedUnion(c);
        else throw new IllegalStateException("not a record, enum or sealed interface: " + c);
        declarations.put(name, text);
    }

    private String sealedUnion(Class<?> c) {
        List<String> members = Stream.of(c.getPermittedSubclasses())
                .map(this::declare)
                .sorted()
                .toList();
        return "export type " + tsName(c) + " = " + String.join(" | ", members) + ";\n";
    }

    /** Each constant as the mapper writes it: its {@code @JsonProperty}, {@code @JsonValue} or name. */
    private String enumUnion(Class<?> c) {
        List<String> values = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
            JsonNode v = Json.MAPPER.valueToTree(constant);
            if (v.isTextual() || v.isNumber() || v.isBoolean()) values.add(v.toString());
            else throw new IllegalStateException(c + "." + constant + " is written as " + v + ", not a scalar");
        }
        return "export type " + tsName(c) + " = "
                + String.join(" | ", values.stream().distinct().toList()) + ";\n";
    }

    private record Property(String name, String type, boolean optional) {}

    private String recordInterface(Class<?> c) {
        JavaType type = config.constructType(c);
        BeanDescription bean = config.introspect(type);
        Map<String, Property> properties = new LinkedHashMap<>();
        properties(bean, NameTransformer.NOP, false, properties);
        StringBuilder out =
                new StringBuilder("export interface ").append(tsName(c)).append(" {\n");
        for (Property p : properties.values()) {
            out.append("  ")
                    .append(
                            IDENTIFIER.matcher(p.name()).matches()
                                    ? p.name()
                                    : Json.MAPPER.valueToTree(p.name()).toString())
                    .append(p.optional() ? "?: " : ": ")
                    .append(p.type())
                    .append(";\n");
        }
        // Keys the record does not name (@JsonAnyGetter): an index signature, which must admit every named key's
        // type too, hence unknown.
        if (bean.findAnyGetter() != null) out.append("  [key: string]: unknown;\n");
        return out.append("}\n").toString();
    }

    /**
     * The keys a record's JSON object has, in the mapper's order; an unwrapped component's keys in its place (renamed
     * by its prefix or suffix, all optional). A key written twice (an unwrapped one and the record's own) is one key of
     * either type.
     */
    private void properties(
            BeanDescription bean, NameTransformer rename, boolean allOptional, Map<String, Property> into) {
        Class<?> raw = bean.getBeanClass();
        JsonInclude.Value classInclusion = bean.findPropertyInclusion(config.getDefaultPropertyInclusion(raw));
        for (BeanPropertyDefinition p : bean.findProperties()) {
            // The @JsonAnyGetter component is the index signature, not a key of its own.
            if (!p.couldSerialize() || isAnyGetter(p)) continue;
            AnnotatedMember accessor = p.getAccessor();
            JavaType type = p.getPrimaryType();
            NameTransformer unwrapping = annotations.findUnwrappingNameTransformer(accessor);
            if (unwrapping != null) {
                if (!type.getRawClass().isRecord())
                    throw new IllegalStateException(
                            "@JsonUnwrapped " + raw.getName() + "." + p.getName() + " is not a record: " + type);
                properties(config.introspect(type), NameTransformer.chainedTransformer(rename, unwrapping), true, into);
                continue;
            }
            JsonInclude.Include inclusion =
                    classInclusion.withOverrides(p.findInclusion()).getValueInclusion();
            boolean marked = accessor.hasAnnotation(MayBeNull.class);
            if (marked && type.isPrimitive())
                throw new IllegalStateException(
                        raw.getName() + "." + p.getName() + " is a primitive: it cannot be null (@MayBeNull)");
            boolean optional = allOptional || leftOutSometimes(inclusion, type, marked || holdsNull(type));
            String ts = typeOf(type, false);
            // A null is written as null unless the mapper leaves it out: then the key is optional, never null.
            if (leavesOutNull(inclusion)) ts = ts.replaceFirst(" \\| null$", "");
            else if (marked && !ts.endsWith(" | null")) ts = ts + " | null";
            Property property = new Property(rename.transform(p.getName()), ts, optional);
            into.merge(
                    property.name(),
                    property,
                    (a, b) -> new Property(
                            a.name(),
                            a.type().equals(b.type()) ? a.type() : a.type() + " | " + b.type(),
                            a.optional() && b.optional()));
        }
    }

    private boolean isAnyGetter(BeanPropertyDefinition p) {
        return Stream.of(p.getGetter(), p.getField())
                .anyMatch(m -> m != null && Boolean.TRUE.equals(annotations.hasAnyGetter(m)));
    }

    /**
     * Whether the mapper leaves a value out under this inclusion: a null one only where the component may be null, an
     * empty one wherever a value can be empty (a primitive is never null or empty).
     */
    private static boolean leftOutSometimes(JsonInclude.Include inclusion, JavaType type, boolean mayBeNull) {
        return switch (inclusion) {
            case ALWAYS, USE_DEFAULTS -> false;
            case NON_NULL, NON_ABSENT -> mayBeNull;
            case NON_EMPTY -> !type.isPrimitive();
            case NON_DEFAULT, CUSTOM -> true;
        };
    }

    private static boolean leavesOutNull(JsonInclude.Include inclusion) {
        return inclusion != JsonInclude.Include.ALWAYS && inclusion != JsonInclude.Include.USE_DEFAULTS;
    }

    /** Types a record uses to hold null without saying so: boxed primitives and Optional. */
    private static boolean holdsNull(JavaType type) {
        Class<?> raw = type.getRawClass();
        return BOXED.contains(raw) || raw == java.util.Optional.class || type.isReferenceType();
    }

    /**
     * @param contained an element of a list or a map's value, boxed because Java's generics box, not to hold null
     */
    private String typeOf(JavaType t, boolean contained) {
        Class<?> raw = t.getRawClass();
        // Optional is a reference type to Jackson only with its JDK 8 module; by its class, whatever the mapper has.
        if (raw == java.util.Optional.class) return typeOf(t.containedTypeOrUnknown(0), false) + " | null";
        if (t.isReferenceType()) return typeOf(t.getReferencedType(), false) + " | null";
        if (raw == String.class || raw == char.class || raw == byte[].class || raw == char[].class) return "string";
        if (raw == boolean.class) return "boolean";
        if (t.isPrimitive()) return "number";
        if (BOXED.contains(raw))
            return (raw == Boolean.class ? "boolean" : raw == Character.class ? "string" : "number")
                    + (contained ? "" : " | null");
        if (Number.class.isAssignableFrom(raw)) return "number";
        if (t.isArrayType() || t.isCollectionLikeType()) return element(typeOf(t.getContentType(), true)) + "[]";
        if (t.isMapLikeType()) return "Record<string, " + typeOf(t.getContentType(), true) + ">";
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || JsonSerializable.class.isAssignableFrom(raw))
            return "unknown";
        if (raw.isEnum() || raw.isRecord() || (raw.isInterface() && raw.isSealed())) return declare(raw);
        throw new IllegalStateException(
                "TypeScriptWireTypes does not know how the mapper writes " + t + ": teach it (typeOf)");
    }

    /** An array's element type, in parentheses when it is a union ({@code (number | null)[]}). */
    private static String element(String type) {
        return type.contains(" | ") ? "(" + type + ")" : type;
    }
}
