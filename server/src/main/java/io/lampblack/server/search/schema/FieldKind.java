package io.lampblack.server.search.schema;

/**
 * How a field's values are indexed and matched (reference §2.1). The kind, not the field name,
 * decides both the writer method that indexes a value and the query shape a clause becomes.
 */
public enum FieldKind {
    /** Whole value, case-insensitive, wildcards allowed. */
    KEYWORD,
    /** FileVersionInfo/digsig strings: words of letters and digits, lower-cased, with positions ({@link TextTokenizer}). */
    TEXT,
    /** File path: every right-anchored sub-path is a term. */
    PATH,
    /** Registry path: {@link #PATH} rules plus control-set folding. */
    REGMOD_PATH,
    /** Command line, tokenized with positions (6.3+ rules). */
    CMDLINE,
    /** DNS name split into anchored labels, with positions. */
    DOMAIN,
    /** Remote IPv4 address; CIDR queries become ranges. */
    IPV4,
    /** Remote IPv6 address; CIDR queries become prefix ranges. */
    IPV6,
    /** MD5 hex digest, case-insensitive. */
    MD5,
    /** SHA-256 hex digest, case-insensitive. */
    SHA256,
    /** Non-negative event count; {@code field:*} means "at least one". */
    COUNT,
    /** Plain integer, possibly multi-valued (ports). */
    INTEGER,
    /** Plain 64-bit number (pids, sensor ids, segment ids). */
    LONG,
    /** Instant in epoch milliseconds; dates, date-times, ranges and relative times. */
    DATETIME,
    /** {@code true}/{@code false}, case-insensitive. */
    BOOL,
    /** Signature status ({@code Signed}, {@code "Invalid Chain"}, ...), case-insensitive keyword. */
    SIGN,
    /** Ban block status ({@code a-ProcessTerminated}, ...), case-insensitive keyword. */
    STATUS,
    /** Cross-process type; {@code process_open} and {@code processopen} are the same value. */
    CROSSPROC_TYPE,
    /** {@code DOMAIN\\user}; matches the full value or the part after the backslash. */
    USERNAME,
    /** Process GUID string, case-insensitive keyword. */
    GUID
}
