package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.api.wire.Created;
import io.lampblack.server.api.wire.InvestigationDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.TaggedEventDocument;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.User;
import io.lampblack.server.investigation.Investigation;
import io.lampblack.server.investigation.Investigations;
import io.lampblack.server.investigation.TaggedEvent;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Investigations and tagged events (reference rest_api.md §4.15, §5.14), as cbapi's {@code Investigation} and
 * {@code TaggedEvent} use them. Changes need the Administrator role in some group; a tagged event is shown only to
 * callers who may see its process's sensor group (to the others it does not exist), and tagging, retagging and
 * untagging need the Administrator role in that group (403 for a Viewer). Deleting an investigation that holds tagged
 * events of groups the caller does not administer needs a global administrator.
 * Creates and updates answer the whole object, so that cbapi keeps a complete copy without a re-read (a tagged event
 * has no GET of its own).
 */
public final class InvestigationApi {

    private static final long MAX_BODY = 2L * 1024 * 1024;

    private final Investigations investigations;
    private final Predicate<ProcessGuid> processIndexed;
    private final CallerScope scope;

    /**
     * @param processIndexed whether the index holds a process with this GUID
     * @param scope          what each caller may see: the group of a tagged event's sensor
     */
    public InvestigationApi(Investigations investigations, Predicate<ProcessGuid> processIndexed, CallerScope scope) {
        this.investigations = investigations;
        this.processIndexed = processIndexed;
        this.scope = scope;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/investigations",
                Router.Access.READ,
                ex -> ex.json(
                        200,
                        investigations.all().stream()
                                .map(InvestigationDocument::of)
                                .toList()));
        r.route("POST", "/api/investigation", Router.Access.ANALYST, this::open);
        r.route(
                "GET",
                "/api/investigation/{id}",
                Router.Access.READ,
                ex -> ex.json(200, InvestigationDocument.of(investigation(ex))));
        r.route("PUT", "/api/investigation/{id}", Router.Access.ANALYST, this::change);
        r.route("DELETE", "/api/investigation/{id}", Router.Access.ANALYST, ex -> {
            long id = id(ex);
            Caller caller = ex.caller();
            // Closing deletes the tagged events with it: those of groups the caller does not administer are not theirs.
            if (!caller.globalAdmin()
                    && investigations.eventsOf(id).stream()
                            .anyMatch(e -> !caller.mayAdminister(scope.groupOfSensor(e.sensorId())))) {
                throw ApiException.forbidden(
                        "investigation " + id + " holds tagged events of groups you do not administer");
            }
            if (!investigations.close(id)) throw notFound(ex);
            ex.json(200, Result.SUCCESS);
        });
        r.route(
                "GET",
                "/api/tagged_event/{id}",
                Router.Access.READ,
                ex -> ex.json(
                        200,
                        visible(
                                ex.caller(),
                                investigations.eventsOf(investigation(ex).id()))));
        r.route("POST", "/api/tagged_event", Router.Access.ANALYST, this::tag);
        r.route("PUT", "/api/tagged_event/{id}", Router.Access.ANALYST, this::retag);
        r.route("DELETE", "/api/tagged_event/{id}", Router.Access.ANALYST, ex -> {
            long id = administeredEvent(ex).id();
            if (!investigations.untag(id)) throw notFound(ex);
            ex.json(200, new Created(id));
        });
        r.route(
                "GET",
                "/api/tagged_events/{process_id}",
                Router.Access.READ,
                ex -> ex.json(200, visible(ex.caller(), investigations.eventsOfProcess(ex.pathParam("process_id")))));
    }

    private void open(Exchange ex) {
        JsonNode b = object(ex);
        Investigation i = investigations.open(text(b, "name"), text(b, "notes"), username(ex));
        ex.json(200, InvestigationDocument.of(i));
    }

    private void change(Exchange ex) {
        long id = id(ex);
        JsonNode b = object(ex);
        Investigation i =
                investigations.change(id, text(b, "name"), text(b, "notes")).orElseThrow(() -> notFound(ex));
        ex.json(200, InvestigationDocument.of(i));
    }

    private void tag(Exchange ex) {
        JsonNode b = object(ex);
        Caller caller = ex.caller();
        long id = investigations.tag(
                new Investigations.TagRequest(
                        number(b, "investigation_id"),
                        text(b, "event_type"),
                        text(b, "event_id"),
                        eventData(b),
                        text(b, "unique_id"),
                        number(b, "segment_id"),
                        text(b, "start_date"),
                        text(b, "notes")),
                guid -> {
                    if (!processIndexed.test(guid) || !maySee(caller, guid.sensorId())) return false;
                    mustAdminister(caller, guid.sensorId());
                    return true;
                },
                username(ex));
        ex.json(200, TaggedEventDocument.of(investigations.event(id).orElseThrow()));
    }

    private void retag(Exchange ex) {
        long id = administeredEvent(ex).id();
        JsonNode b = ex.jsonBody(MAX_BODY);
        if (b.isNull()) b = Json.MAPPER.createObjectNode(); // cbapi may send nothing to change
        else if (!b.isObject()) throw new InvalidInput("invalid_input", "the body must be a JSON object");
        if (!investigations.retag(id, text(b, "start_date"), eventData(b), text(b, "notes"))) throw notFound(ex);
        ex.json(200, TaggedEventDocument.of(investigations.event(id).orElseThrow(() -> notFound(ex))));
    }

    /** The tagged event of the path: 404 when the caller may not see it, 403 when they do not administer its group. */
    private TaggedEvent administeredEvent(Exchange ex) {
        TaggedEvent e = investigations
                .event(id(ex))
                .filter(t -> maySee(ex.caller(), t.sensorId()))
                .orElseThrow(() -> notFound(ex));
        mustAdminister(ex.caller(), e.sensorId());
        return e;
    }

    private void mustAdminister(Caller caller, int sensorId) {
        int group = scope.groupOfSensor(sensorId);
        if (!caller.mayAdminister(group)) {
            throw ApiException.forbidden("this needs the Administrator role in sensor group " + group);
        }
    }

    private List<TaggedEventDocument> visible(Caller caller, List<TaggedEvent> events) {
        return events.stream()
                .filter(e -> maySee(caller, e.sensorId()))
                .map(TaggedEventDocument::of)
                .toList();
    }

    /** A sensor the server no longer knows belongs to no group: only global administrators see its events. */
    private boolean maySee(Caller caller, int sensorId) {
        return caller.maySee(scope.groupOfSensor(sensorId));
    }

    private Investigation investigation(Exchange ex) {
        return investigations.find(id(ex)).orElseThrow(() -> notFound(ex));
    }

    private static long id(Exchange ex) {
        return Numbers.parseLong(ex.pathParam("id")).orElseThrow(() -> notFound(ex));
    }

    private static ApiException notFound(Exchange ex) {
        return ApiException.notFound(ex.path());
    }

    private static JsonNode object(Exchange ex) {
        JsonNode b = ex.jsonBody(MAX_BODY);
        if (!b.isObject()) throw new InvalidInput("invalid_input", "the body must be a JSON object");
        return b;
    }

    /** A text field; null when absent or null; numbers are taken as their text, other values refused. */
    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isValueNode()) throw new InvalidInput("invalid_input", "'" + field + "' must be text");
        return v.asText();
    }

    private static Long number(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return null;
        if (v.canConvertToLong()) return v.asLong();
        if (v.isTextual()) {
            return Numbers.parseLong(v.asText())
                    .orElseThrow(() -> new InvalidInput("invalid_input", "'" + field + "' must be a number"));
        }
        throw new InvalidInput("invalid_input", "'" + field + "' must be a number");
    }

    /** {@code event_data}: an object kept as its JSON text (a string holding JSON, as some clients send, too). */
    private static String eventData(JsonNode b) {
        JsonNode v = b.get("event_data");
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) {
            try {
                v = Json.MAPPER.readTree(v.asText());
            } catch (java.io.IOException e) {
                throw new InvalidInput("invalid_input", "'event_data' must be a JSON object");
            }
        }
        if (v == null || !v.isObject()) throw new InvalidInput("invalid_input", "'event_data' must be a JSON object");
        try {
            return new String(Json.MAPPER.writeValueAsBytes(v), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String username(Exchange ex) {
        return ex.user().map(User::username).orElse("");
    }
}
