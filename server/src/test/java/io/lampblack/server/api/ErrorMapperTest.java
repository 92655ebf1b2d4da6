package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.api.wire.ErrorBody;
import io.lampblack.server.ingest.UploadRejected;
import io.lampblack.server.intel.FeedFetchException;
import io.lampblack.server.intel.InvalidFeedException;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.Problem;
import io.lampblack.server.problem.Problem.Kind;
import io.lampblack.server.search.PartitionException;
import io.lampblack.server.search.query.QuerySyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    private record Incident(String id, String request, Throwable failure) {}

    private final List<Incident> incidents = new ArrayList<>();
    private final ErrorMapper mapper = new ErrorMapper(
            (id, request, failure) -> incidents.add(new Incident(id, request, failure)), () -> "00c0ffee00c0ffee");

    /** A domain failure of any kind, as a domain package would throw one. */
    private static final class Refused extends RuntimeException implements Problem {
        private final Kind kind;

        Refused(Kind kind) {
            super("refused as " + kind);
            this.kind = kind;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String reason() {
            return "reason_" + kind.name().toLowerCase();
        }
    }

    private ErrorMapper.Answer answer(Throwable t) {
        return mapper.answer(t, "GET /api/v1/test");
    }

    private static ErrorBody body(String reason, String message) {
        return ErrorBody.of(reason, message);
    }

    @Test
    void eachKindOfDomainFailureHasItsStatus() {
        Map<Kind, Integer> expected = Map.of(
                Kind.TOO_MANY,
                429,
                Kind.INVALID,
                400,
                Kind.NOT_FOUND,
                404,
                Kind.CONFLICT,
                409,
                Kind.TOO_LARGE,
                413,
                Kind.UNAVAILABLE,
                503,
                Kind.REMOTE_TIMEOUT,
                408,
                Kind.REMOTE_FAILED,
                502);
        assertEquals(Kind.values().length, expected.size(), "every kind is in this table");
        for (Kind kind : Kind.values()) {
            ErrorMapper.Answer a = answer(new Refused(kind));
            assertEquals(expected.get(kind), a.status(), kind.name());
            assertEquals(body("reason_" + kind.name().toLowerCase(), "refused as " + kind), a.body());
        }
        assertEquals(List.of(), incidents, "a domain failure is the caller's business, not an incident");
    }

    @Test
    void domainExceptionsKeepTheReasonsAndMessagesClientsKnow() {
        assertEquals(
                new ErrorMapper.Answer(400, body("query_malformed_syntax", "unbalanced parenthesis (at position 3)")),
                answer(new QuerySyntaxException("unbalanced parenthesis", 3)));
        assertEquals(
                new ErrorMapper.Answer(400, body("invalid_parameter", "sort direction must be asc or desc")),
                answer(new InvalidInput("invalid_parameter", "sort direction must be asc or desc")));
        assertEquals(
                new ErrorMapper.Answer(413, body("upload_too_large", "too big")),
                answer(new UploadRejected(Kind.TOO_LARGE, "upload_too_large", "too big")));
        assertEquals(
                new ErrorMapper.Answer(503, body("journal_unavailable", "later")),
                answer(new UploadRejected(Kind.UNAVAILABLE, "journal_unavailable", "later")));
        assertEquals(
                new ErrorMapper.Answer(404, body("not_found", "no partition named 'x'")),
                answer(new PartitionException(PartitionException.Refusal.UNKNOWN, "no partition named 'x'")));
        assertEquals(
                new ErrorMapper.Answer(409, body("hot_partition", "hot")),
                answer(new PartitionException(PartitionException.Refusal.HOT, "hot")));
        assertEquals(
                new ErrorMapper.Answer(409, body("invalid_feed", "not a valid feed: reports: missing")),
                answer(new InvalidFeedException("reports: missing")));
        assertEquals(
                new ErrorMapper.Answer(408, body("feed_timeout", "no answer")),
                answer(new FeedFetchException(FeedFetchException.Failure.TIMEOUT, "no answer")));
        assertEquals(
                new ErrorMapper.Answer(502, body("feed_unreachable", "refused")),
                answer(new FeedFetchException(
                        FeedFetchException.Failure.UNREACHABLE, "refused", new IOException("connection refused"))));
        assertEquals(
                new ErrorMapper.Answer(400, body("feed_url_denied", "not there")),
                answer(new FeedFetchException(FeedFetchException.Failure.DENIED, "not there")));
        assertEquals(
                new ErrorMapper.Answer(502, body("feed_too_large", "too large")),
                answer(new FeedFetchException(FeedFetchException.Failure.TOO_LARGE, "too large")));
    }

    @Test
    void theApisOwnRefusalsKeepTheirStatus() {
        assertEquals(
                new ErrorMapper.Answer(401, body("unauthorized", "missing or invalid X-Auth-Token")),
                answer(new ApiException(401, "unauthorized", "missing or invalid X-Auth-Token")));
        assertEquals(
                new ErrorMapper.Answer(404, body("not_found", "feed 7 not found")),
                answer(ApiException.notFound("feed 7")));
        assertEquals(List.of(), incidents);
    }

    @Test
    void anUnexpectedFailureIsA500WithAnIdAndNothingOfTheException() {
        IllegalStateException failure = new IllegalStateException(
                "cannot open /var/lib/lampblack/db/secret.mv.db", new IOException("disk full"));
        ErrorMapper.Answer a = answer(failure);
        assertEquals(500, a.status());
        assertEquals(
                new ErrorBody("internal_error", "internal error, id 00c0ffee00c0ffee", "00c0ffee00c0ffee"), a.body());
        String shown = new String(Json.bytes(a.body()), StandardCharsets.UTF_8);
        assertEquals(
                "{\"reason\":\"internal_error\",\"message\":\"internal error, id 00c0ffee00c0ffee\","
                        + "\"error_id\":\"00c0ffee00c0ffee\"}",
                shown);
        for (String internal : List.of("IllegalState", "/var/lib", "secret", "disk full")) {
            assertFalse(shown.contains(internal), shown);
        }
        assertEquals(1, incidents.size());
        assertEquals("00c0ffee00c0ffee", incidents.getFirst().id(), "the log has the id the caller was given");
        assertEquals("GET /api/v1/test", incidents.getFirst().request());
        assertSame(failure, incidents.getFirst().failure(), "the log has the whole exception");
    }

    @Test
    void errorsAndPlainIllegalArgumentsAreUnexpectedToo() {
        assertEquals(500, answer(new StackOverflowError()).status());
        // Not every IllegalArgumentException is the caller's fault: only an InvalidInput says so.
        assertEquals(
                500, answer(new IllegalArgumentException("numHits must be > 0")).status());
        assertEquals(
                500,
                answer(new NumberFormatException("For input string: \"x\"")).status());
        assertEquals(3, incidents.size());
    }

    @Test
    void realIdsAreFreshAndHex() {
        ErrorMapper defaults = new ErrorMapper();
        String first = defaults.answer(new RuntimeException("expected in this test's log"), "x")
                .body()
                .errorId();
        String second = defaults.answer(new RuntimeException("expected in this test's log"), "x")
                .body()
                .errorId();
        assertTrue(first.matches("[0-9a-f]{16}"), first);
        assertNotEquals(first, second);
    }
}
