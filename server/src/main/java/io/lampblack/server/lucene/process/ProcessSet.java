package io.lampblack.server.lucene.process;

/**
 * A set of processes in comprehensive search's algebra: either the listed keys, or (complement) every process in
 * scope except the listed keys. Keeping complements symbolic means {@code -domain:bing} never has to enumerate every
 * process in the index.
 */
record ProcessSet(ProcessKeySet keys, boolean complement) {

    static ProcessSet of(ProcessKeySet keys) {
        return new ProcessSet(keys, false);
    }

    static ProcessSet all() {
        return new ProcessSet(new ProcessKeySet(), true);
    }

    ProcessSet not() {
        return new ProcessSet(keys, !complement);
    }

    boolean contains(long key) {
        return keys.contains(key) != complement;
    }

    ProcessSet and(ProcessSet o) {
        if (!complement && !o.complement) return of(smaller(this, o).keys.filter(larger(this, o).keys::contains));
        if (!complement) return of(keys.filter(k -> !o.keys.contains(k)));
        if (!o.complement) return of(o.keys.filter(k -> !keys.contains(k)));
        return new ProcessSet(union(keys, o.keys), true);
    }

    ProcessSet or(ProcessSet o) {
        if (!complement && !o.complement) return of(union(keys, o.keys));
        // A ∪ ¬B = ¬(B \ A); ¬A ∪ ¬B = ¬(A ∩ B).
        if (!complement) return new ProcessSet(o.keys.filter(k -> !keys.contains(k)), true);
        if (!o.complement) return new ProcessSet(keys.filter(k -> !o.keys.contains(k)), true);
        return new ProcessSet(smaller(this, o).keys.filter(larger(this, o).keys::contains), true);
    }

    private static ProcessKeySet union(ProcessKeySet a, ProcessKeySet b) {
        ProcessKeySet out = new ProcessKeySet(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    private static ProcessSet smaller(ProcessSet a, ProcessSet b) {
        return a.keys.size() <= b.keys.size() ? a : b;
    }

    private static ProcessSet larger(ProcessSet a, ProcessSet b) {
        return a.keys.size() <= b.keys.size() ? b : a;
    }
}
