package io.lampblack.server.api;

import io.lampblack.server.api.wire.ErrorBody;
import io.lampblack.server.problem.Problem;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP answer (design §7.5): the status and the JSON body
 * {@code {"reason": ..., "message": ...}}.
 *
 * <ul>
 *   <li>{@link ApiException}: the API's own refusals (authentication, rights, routes, request bodies), with their
 *       status.</li>
 *   <li>{@link Problem}: a domain failure, its status from its {@linkplain #status kind}, its reason and message as
 *       the domain says them.</li>
 *   <li>Anything else is unexpected: 500 {@code internal_error} with a fresh error id, in the message and as
 *       {@code error_id}. The failure itself is logged with that id and its stack trace; the caller never sees its
 *       type, message or cause, which may name files, queries or other users' data.</li>
 * </ul>
 */
final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /**
     * A failed request's answer.
     *
     * @param retryAfterSeconds the {@code Retry-After} header's value; 0 = none
     */
    record Answer(int status, ErrorBody body, int retryAfterSeconds) {
        Answer(int status, ErrorBody body) {
            this(status, body, 0);
        }
    }

    /** Where an unexpected failure is reported, with the id its answer carries. */
    @FunctionalInterface
    interface Incidents {
        void report(String errorId, String request, Throwable failure);
    }

    private final Incidents incidents;
    private final Supplier<String> ids;

    ErrorMapper() {
        this(ErrorMapper::log, ErrorMapper::newId);
    }

    ErrorMapper(Incidents incidents, Supplier<String> ids) {
        this.incidents = incidents;
        this.ids = ids;
    }

    /** @param request what failed, for the log ({@code GET /api/v1/process}) */
    Answer answer(Throwable failure, String request) {
        Answer answer = switch (failure) {
            case ApiException e -> answer(e.status(), e.reason(), e.getMessage());
            case Problem p ->
                new Answer(status(p.kind()), ErrorBody.of(p.reason(), p.message()), p.retryAfterSeconds());
            default -> internal(failure, request);
        };
        // The caller's own mistakes are the caller's to read, not the operator's: at debug, without a stack trace.
        if (answer.status() < 500)
            LOG.debug(
                    "{} refused: {} {}", request, answer.status(), answer.body().reason());
        return answer;
    }

    /** The HTTP status of each kind of domain failure; Carbon Black's own choices where its clients rely on them. */
    static int status(Problem.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
            case TOO_MANY -> 429;
            // Carbon Black answers a feed server's timeout with 408 (not the gateway timeout 504) ...
            case REMOTE_TIMEOUT -> 408;
            // ... and an unreachable one with an error of its own; 502 says whose fault it is (docs/compatibility.md).
            case REMOTE_FAILED -> 502;
        };
    }

    private Answer internal(Throwable failure, String request) {
        String id = ids.get();
        incidents.report(id, request, failure);
        return new Answer(500, new ErrorBody("internal_error", "internal error, id " + id, id));
    }

    private static Answer answer(int status, String reason, String message) {
        return new Answer(status, ErrorBody.of(reason, message));
    }

    private static void log(String errorId, String request, Throwable failure) {
        LOG.error("{} failed (error id {})", request, errorId, failure);
    }

    /** 64 random bits: unique enough to find one failure in the log, and says nothing about the server. */
    private static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
