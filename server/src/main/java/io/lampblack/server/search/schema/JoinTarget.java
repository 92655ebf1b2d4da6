package io.lampblack.server.search.schema;

import java.util.Optional;

/**
 * Which MD5 of a process a binary-field clause is evaluated against (reference §2.2 "Binary
 * joins"): the process's own image unless the field name carries one of the suffixes.
 */
public enum JoinTarget {
    PROCESS("", ProcessFields.PROCESS_MD5),
    MODLOAD("_modload", ProcessFields.MODLOAD_MD5),
    FILEWRITE("_filewrite", ProcessFields.FILEWRITE_MD5),
    PARENT("_parent", ProcessFields.PARENT_MD5),
    CHILD("_child", ProcessFields.CHILDPROC_MD5);

    private final String suffix;
    private final String md5Field;

    JoinTarget(String suffix, String md5Field) {
        this.suffix = suffix;
        this.md5Field = md5Field;
    }

    /** The field-name suffix selecting this target; empty for {@link #PROCESS}. */
    public String suffix() {
        return suffix;
    }

    /** The process-index field holding the MD5s that the binary sub-query's hits must be in. */
    public String md5Field() {
        return md5Field;
    }

    /** The target whose (non-empty) suffix ends {@code name}, if any. */
    static Optional<JoinTarget> bySuffixOf(String name) {
        for (JoinTarget target : values()) {
            if (!target.suffix.isEmpty() && name.endsWith(target.suffix) && name.length() > target.suffix.length()) {
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }
}
