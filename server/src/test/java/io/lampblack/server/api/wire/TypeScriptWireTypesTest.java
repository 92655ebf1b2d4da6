package io.lampblack.server.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lampblack.server.json.Json;
import io.lampblack.server.json.RawJson;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@link TypeScriptWireTypes} writes: each mapping rule on small records, and, for every record of the wire
 * package, that the keys the mapper really writes are the keys its interface declares (all of them when every value
 * is there; only optional ones missing when values are null).
 */
class TypeScriptWireTypesTest {

    enum Colour {
        @JsonProperty("dark-red")
        DARK_RED,
        BLUE
    }

    enum Level {
        LOW(1),
        HIGH(5);

        private final int n;

        Level(int n) {
            this.n = n;
        }

        @JsonValue
        int n() {
            return n;
        }
    }

    record Inner(
            @JsonProperty("depth") int depth,
            @JsonProperty("label") String label) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Lean(
            @JsonProperty("count") int count,
            @JsonProperty("name") String name,
            @JsonProperty("note") @MayBeNull String note,
            @JsonProperty("rank") Integer rank) {}

    record Everything(
            @JsonProperty("text") String text,
            @JsonProperty("maybe_text") @MayBeNull String maybeText,
            @JsonProperty("letter") char letter,
            @JsonProperty("big") long big,
            @JsonProperty("ratio") double ratio,
            @JsonProperty("flag") boolean flag,
            @JsonProperty("maybe_count") Integer maybeCount,
            @JsonProperty("names") List<String> names,
            @JsonProperty("ids") Set<Integer> ids,
            @JsonProperty("scores") long[] scores,
            @JsonProperty("bytes") byte[] bytes,
            @JsonProperty("by_name") Map<String, Long> byName,
            @JsonProperty("perhaps") Optional<String> perhaps,
            @JsonProperty("tree") JsonNode tree,
            @JsonProperty("anything") Object anything,
            @JsonProperty("some") List<?> some,
            @JsonProperty("colour") Colour colour,
            @JsonProperty("level") Level level,
            @JsonProperty("inner") Inner inner,
            @JsonProperty("inners") List<Inner> inners,
            @JsonProperty("with-dash") String withDash,
            String unnamed,

            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("tags")
            List<String> tags,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("fixed")
            int fixed,

            @JsonUnwrapped Inner flat,
            @JsonAnyGetter Map<String, Object> rest) {}

    @Test
    void eachJavaTypeBecomesWhatTheMapperWritesForIt() {
        String ts = TypeScriptWireTypes.generate(List.of(Everything.class));
        assertEquals("""
                export interface TypeScriptWireTypesTest_Everything {
                  text: string;
                  maybe_text: string | null;
                  letter: string;
                  big: number;
                  ratio: number;
                  flag: boolean;
                  maybe_count: number | null;
                  names: string[];
                  ids: number[];
                  scores: number[];
                  bytes: string;
                  by_name: Record<string, number>;
                  perhaps: string | null;
                  tree: unknown;
                  anything: unknown;
                  some: unknown[];
                  colour: TypeScriptWireTypesTest_Colour;
                  level: TypeScriptWireTypesTest_Level;
                  inner: TypeScriptWireTypesTest_Inner;
                  inners: TypeScriptWireTypesTest_Inner[];
                  "with-dash": string;
                  unnamed: string;
                  tags?: string[];
                  fixed: number;
                  depth?: number;
                  label?: string;
                  [key: string]: unknown;
                }
                """, declaration(ts, "TypeScriptWireTypesTest_Everything"));
        assertEquals(
                "export type TypeScriptWireTypesTest_Colour = \"dark-red\" | \"BLUE\";\n",
                declaration(ts, "TypeScriptWireTypesTest_Colour"));
        assertEquals(
                "export type TypeScriptWireTypesTest_Level = 1 | 5;\n",
                declaration(ts, "TypeScriptWireTypesTest_Level"));
        assertEquals("""
                export interface TypeScriptWireTypesTest_Inner {
                  depth: number;
                  label: string;
                }
                """, declaration(ts, "TypeScriptWireTypesTest_Inner"));
    }

    @Test
    void aClassWideNonNullInclusionMakesOptionalTheKeysThatMayBeNullAndOnlyThose() {
        assertEquals(
                """
                export interface TypeScriptWireTypesTest_Lean {
                  count: number;
                  name: string;
                  note?: string;
                  rank?: number;
                }
                """, declaration(TypeScriptWireTypes.generate(List.of(Lean.class)), "TypeScriptWireTypesTest_Lean"));
    }

    record NullPrimitive(@JsonProperty("n") @MayBeNull int n) {}

    @Test
    void aPrimitiveMarkedAsMaybeNullFailsTheGeneration() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> TypeScriptWireTypes.generate(List.of(NullPrimitive.class)));
        assertTrue(e.getMessage().contains("NullPrimitive.n"), e.getMessage());
    }

    @Test
    void aSealedInterfaceIsTheUnionOfItsRecords() {
        String ts = TypeScriptWireTypes.generate(List.of(ActionDocument.class));
        assertEquals(
                "export type ActionDocument = ActionDocument_OfFeed | ActionDocument_OfWatchlist;\n",
                declaration(ts, "ActionDocument"));
        assertTrue(ts.contains("export interface ActionDocument_OfFeed {"), ts);
    }

    record WithInstant(@JsonProperty("at") Instant at) {}

    @Test
    void aTypeWhoseJsonFormItDoesNotKnowFailsTheGeneration() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> TypeScriptWireTypes.generate(List.of(WithInstant.class)));
        assertTrue(e.getMessage().contains("java.time.Instant"), e.getMessage());
    }

    @Test
    void theFileSaysItIsGeneratedAndHowToRegenerateIt() {
        String ts = TypeScriptWireTypes.generate();
        assertTrue(ts.startsWith("// Generated from the Java records of io.lampblack.server.api.wire"), ts);
        assertTrue(ts.contains(TypeScriptWireTypes.REGENERATE), ts);
        assertTrue(ts.contains("export interface SensorDocument {"), ts);
        assertTrue(ts.contains("export interface SearchEnvelope_ProcessKeys {"), ts);
    }

    /**
     * Every record of the package built twice, once with a value in every component and once as bare as it may be:
     * null where it says a component may be null ({@link MayBeNull}, boxed), else zeros, false, empty text, lists
     * and maps, and records as bare; both written by the server's mapper. The first has every key its interface
     * declares and no other, the second lacks only optional ones.
     */
    @Test
    void everyWireRecordIsWrittenWithTheKeysItsInterfaceDeclares() throws Exception {
        String ts = TypeScriptWireTypes.generate();
        List<String> checked = new ArrayList<>();
        for (Class<?> c : TypeScriptWireTypes.wireTypes()) {
            if (!c.isRecord()) continue;
            Declared declared = parse(declaration(ts, TypeScriptWireTypes.tsName(c)));
            Set<String> full = keys(Json.MAPPER.valueToTree(sample(c, true)));
            if (!declared.open()) assertEquals(declared.all(), full, c + ": keys written with every value there");
            else assertTrue(full.containsAll(declared.all()), c + ": " + full + " lacks some of " + declared.all());
            Object empty;
            try {
                empty = sample(c, false);
            } catch (InvocationTargetException refused) {
                empty = null; // the record refuses the bare values: the mapper never sees them
            }
            if (empty != null) {
                Set<String> written = keys(Json.MAPPER.valueToTree(empty));
                Set<String> missing = new HashSet<>(declared.all());
                missing.removeAll(written);
                assertTrue(
                        declared.optional().containsAll(missing),
                        c + ": without values the mapper leaves out " + missing + ", declared optional are only "
                                + declared.optional());
            }
            checked.add(c.getSimpleName());
        }
        assertTrue(checked.size() > 40, "checked " + checked);
    }

    private record Declared(Set<String> all, Set<String> optional, boolean open) {}

    private static final Pattern PROPERTY = Pattern.compile("^  (?!\\[)(\"?)([^\"?:]+)\\1(\\??): ", Pattern.MULTILINE);

    private static Declared parse(String declaration) {
        Set<String> all = new HashSet<>();
        Set<String> optional = new HashSet<>();
        Matcher m = PROPERTY.matcher(declaration);
        while (m.find()) {
            all.add(m.group(2));
            if (!m.group(3).isEmpty()) optional.add(m.group(2));
        }
        return new Declared(all, optional, declaration.contains("[key: string]: unknown;"));
    }

    /** One declaration of the file: from its {@code export} line to the next blank line. */
    private static String declaration(String ts, String name) {
        Matcher m = Pattern.compile("(?m)^export (interface|type) " + Pattern.quote(name) + "\\b")
                .matcher(ts);
        assertTrue(m.find(), "no declaration of " + name + " in\n" + ts);
        int end = ts.indexOf("\n\n", m.start());
        return ts.substring(m.start(), end < 0 ? ts.length() : end + 1);
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A record with every component set ({@code filled}) or as bare as it may be. */
    private static Object sample(Class<?> c, boolean filled) throws ReflectiveOperationException {
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            boolean mayBeNull = components[i].isAnnotationPresent(MayBeNull.class) || BOXED.contains(types[i]);
            values[i] = filled ? value(types[i], true) : mayBeNull ? null : value(types[i], false);
        }
        Constructor<?> canonical = c.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return canonical.newInstance(values);
    }

    private static final Set<Class<?>> BOXED = Set.of(Integer.class, Long.class, Double.class, Boolean.class);

    /** A value of a component's type: filled, or bare (zero, false, empty: never null). */
    private static Object value(Class<?> t, boolean filled) throws ReflectiveOperationException {
        if (t == boolean.class || t == Boolean.class) return filled;
        if (t == int.class || t == Integer.class) return filled ? 1 : 0;
        if (t == long.class || t == Long.class) return filled ? 1L : 0L;
        if (t == double.class || t == Double.class) return filled ? 1.5 : 0.0;
        if (t == String.class) return filled ? "s" : "";
        if (t == List.class) return List.of();
        if (t == Map.class) return new LinkedHashMap<>();
        if (t == JsonNode.class) return TextNode.valueOf(filled ? "node" : "");
        if (t == RawJson.class) return RawJson.of("{}".getBytes(StandardCharsets.UTF_8));
        if (t.isRecord()) return sample(t, filled);
        throw new IllegalStateException("no sample value of " + t + ": add one");
    }
}
