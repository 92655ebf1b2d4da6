package io.lampblack.bench;

/** Entry point of {@code ./lampblack bench}. */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "ingest" : args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (which) {
            case "ingest" -> IngestBench.main(rest);
            case "query" -> QueryBench.main(rest);
            case "bus" -> BusBench.main(rest);
            case "intel" -> IntelBench.main(rest);
            case "ingress" -> IngressBench.main(rest);
            case "compare" -> RevisionComparison.main(rest);
            case "fuzz" -> io.lampblack.bench.fuzz.FuzzBench.main(rest);
            case "startup" -> StartupBench.main(rest);
            case "durability" -> DurabilityBench.main(rest);
            case "scope" -> ScopeBench.main(rest);
            case "checkin" -> CheckinBench.main(rest);
            case "lr" -> LiveResponseBench.main(rest);
            case "sensor" -> SensorBench.main(rest);
            default ->
                throw new IllegalArgumentException(
                        "unknown benchmark '" + which
                                + "' (available: ingest, query, bus, intel, ingress, compare, fuzz, startup, durability, scope, checkin, lr, sensor)");
        }
    }
}
