package io.lampblack.protocol.sensor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The live-response part of sensor protocol v1 (docs/sensor-protocol.md §7): how a sensor learns of sessions and
 * commands an analyst opened through {@code /api/v1/cblr}, and how it answers them. A sensor holds one long poll;
 * the server hands it work the moment there is some; results and file contents travel on separate requests so
 * that a slow command never holds up the next one.
 */
public final class LiveResponseProtocol {

    /** {@code POST}: held until there is work for the sensor or the wait ends (with jitter). */
    public static final String POLL = "/sensor/v1/lr/poll";
    /** {@code POST}: the outcome of one piece of work. */
    public static final String RESULT = "/sensor/v1/lr/result";
    /**
     * {@code PUT ?session_id=S&file_id=F}: the streamed content of the file a {@code get file} or {@code memdump}
     * command produced (any length, chunked or not).
     */
    public static final String FILE_UPLOAD = "/sensor/v1/lr/file";
    /** {@code GET /sensor/v1/lr/file/<file_id>?session_id=S}: the content an analyst uploaded, for {@code put file}. */
    public static final String FILE_DOWNLOAD = "/sensor/v1/lr/file/";

    /** Work types ({@link Work#type()}). */
    public static final String OPEN = "open";

    public static final String COMMAND = "command";
    public static final String CANCEL = "cancel";
    public static final String CLOSE = "close";

    /** Outcomes ({@link Result#status()}), as the REST API shows them. */
    public static final String COMPLETE = "complete";

    public static final String ERROR = "error";

    /** The command catalogue (reference rest_api.md §4.16), by the names the REST API and cbapi use. */
    public static final String GET_FILE = "get file";

    public static final String PUT_FILE = "put file";
    public static final String DELETE_FILE = "delete file";
    public static final String DIRECTORY_LIST = "directory list";
    public static final String CREATE_DIRECTORY = "create directory";
    public static final String KILL = "kill";
    public static final String CREATE_PROCESS = "create process";
    public static final String PROCESS_LIST = "process list";
    public static final String REG_ENUM_KEY = "reg enum key";
    public static final String REG_QUERY_VALUE = "reg query value";
    public static final String REG_SET_VALUE = "reg set value";
    public static final String REG_CREATE_KEY = "reg create key";
    public static final String REG_DELETE_KEY = "reg delete key";
    public static final String REG_DELETE_VALUE = "reg delete value";
    public static final String MEMDUMP = "memdump";

    public static final List<String> ALL_COMMANDS = List.of(
            GET_FILE,
            PUT_FILE,
            DELETE_FILE,
            DIRECTORY_LIST,
            CREATE_DIRECTORY,
            KILL,
            CREATE_PROCESS,
            PROCESS_LIST,
            REG_ENUM_KEY,
            REG_QUERY_VALUE,
            REG_SET_VALUE,
            REG_CREATE_KEY,
            REG_DELETE_KEY,
            REG_DELETE_VALUE,
            MEMDUMP);

    /** The commands without the registry's: what a sensor on a platform without a registry offers. */
    public static final List<String> NON_REGISTRY_COMMANDS =
            ALL_COMMANDS.stream().filter(c -> !c.startsWith("reg ")).toList();

    /**
     * Windows HRESULTs a sensor reports as {@code result_code} with {@code result_type} {@link #WIN_HRESULT}, so that
     * clients written for Carbon Black read the same codes.
     */
    public static final String WIN_HRESULT = "WinHresult";

    /** HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND). */
    public static final long E_FILE_NOT_FOUND = 0x80070002L;
    /** HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND). */
    public static final long E_PATH_NOT_FOUND = 0x80070003L;
    /** HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED). */
    public static final long E_ACCESS_DENIED = 0x80070005L;
    /** HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS). */
    public static final long E_ALREADY_EXISTS = 0x800700B7L;
    /** HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER). */
    public static final long E_INVALIDARG = 0x80070057L;
    /** E_NOTIMPL: the command is not supported on this platform. */
    public static final long E_NOTIMPL = 0x80004001L;
    /** E_ABORT: the command was cancelled. */
    public static final long E_ABORT = 0x80004004L;
    /** E_FAIL: anything else. */
    public static final long E_FAIL = 0x80004005L;
    /** HRESULT_FROM_WIN32(ERROR_TIMEOUT). */
    public static final long E_TIMEOUT = 0x800705B4L;

    private LiveResponseProtocol() {}

    /**
     * The poll's request.
     *
     * @param waitSeconds how long the sensor is willing to wait for work (the server caps it and ends the wait up to
     *                    a fifth earlier, at random, so that many sensors' polls do not end together)
     * @param replace     the sensor's previous poll broke (no answer came): a poll the server still holds for it is
     *                    on a dead connection and is replaced, without handing it any work; without this, a second
     *                    poll while one is held is refused (409 {@code poll_in_progress})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PollRequest(
            @JsonProperty("wait_seconds") int waitSeconds,

            @JsonProperty("replace") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
            boolean replace) {

        public PollRequest(int waitSeconds) {
            this(waitSeconds, false);
        }
    }

    /** The poll's answer: the work waiting now, empty when the wait ended without any. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PollResponse(@JsonProperty("work") List<Work> work) {}

    /**
     * One piece of work for the sensor.
     *
     * <ul>
     *   <li>{@link #OPEN}: a session was opened on this sensor; answer with a {@link Result} (command id 0) carrying
     *       {@link SessionInfo}
     *   <li>{@link #COMMAND}: run {@code name} on {@code object} with {@code args} (the request's other keys, e.g.
     *       {@code wait}, {@code output_file}, {@code working_directory}, {@code offset}, {@code get_count},
     *       {@code compress}, {@code value_type}, {@code value_data}, {@code overwrite}); for {@code get file} and
     *       {@code memdump}, {@code file_id} is where to {@link #FILE_UPLOAD upload} the content; for {@code put
     *       file}, {@code file_id} is what to {@link #FILE_DOWNLOAD download} and {@code file_size} its length
     *   <li>{@link #CANCEL}: stop command {@code command_id} if it still runs (its result is then an error with
     *       {@link #E_ABORT})
     *   <li>{@link #CLOSE}: the session ended; drop what it holds
     * </ul>
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Work(
            @JsonProperty("type") String type,
            @JsonProperty("session_id") long sessionId,
            @JsonProperty("command_id") Long commandId,
            @JsonProperty("name") String name,
            @JsonProperty("object") String object,
            @JsonProperty("args") ObjectNode args,
            @JsonProperty("file_id") Long fileId,
            @JsonProperty("file_size") Long fileSize) {

        public static Work open(long sessionId) {
            return new Work(OPEN, sessionId, null, null, null, null, null, null);
        }

        public static Work close(long sessionId) {
            return new Work(CLOSE, sessionId, null, null, null, null, null, null);
        }

        public static Work cancel(long sessionId, long commandId) {
            return new Work(CANCEL, sessionId, commandId, null, null, null, null, null);
        }
    }

    /**
     * What a session offers, reported by the sensor when it takes a session up ({@link #OPEN}).
     *
     * @param drives e.g. {@code ["C:\\"]} on Windows, {@code ["/"]} on Linux
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionInfo(
            @JsonProperty("supported_commands") List<String> supportedCommands,
            @JsonProperty("drives") List<String> drives,
            @JsonProperty("current_working_directory") String currentWorkingDirectory) {}

    /**
     * The outcome of one piece of work.
     *
     * @param commandId  the command, or 0 for the answer to {@link #OPEN}
     * @param status     {@link #COMPLETE} or {@link #ERROR}
     * @param result     the command's result fields as the REST API shows them (reference §5.16: {@code files},
     *                   {@code processes}, {@code values}, {@code sub_keys}, {@code value}, {@code pid},
     *                   {@code return_code}); absent when it has none
     * @param resultCode on error, the HRESULT (e.g. {@link #E_FILE_NOT_FOUND}); 0 when complete
     * @param resultType {@link #WIN_HRESULT}
     * @param resultDesc on error, what went wrong in words
     * @param session    for the answer to {@link #OPEN}: what the session offers
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            @JsonProperty("session_id") long sessionId,
            @JsonProperty("command_id") long commandId,
            @JsonProperty("status") String status,
            @JsonProperty("result") ObjectNode result,
            @JsonProperty("result_code") long resultCode,
            @JsonProperty("result_type") String resultType,
            @JsonProperty("result_desc") String resultDesc,
            @JsonProperty("session") SessionInfo session) {

        public static Result opened(long sessionId, SessionInfo info) {
            return new Result(sessionId, 0, COMPLETE, null, 0, WIN_HRESULT, "", info);
        }

        public static Result complete(long sessionId, long commandId, ObjectNode result) {
            return new Result(sessionId, commandId, COMPLETE, result, 0, WIN_HRESULT, "", null);
        }

        public static Result error(long sessionId, long commandId, long hresult, String description) {
            return new Result(sessionId, commandId, ERROR, null, hresult, WIN_HRESULT, description, null);
        }
    }

    /** The answer to a {@link #FILE_UPLOAD}: how many bytes the server stored under the file id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileStored(
            @JsonProperty("file_id") long fileId,
            @JsonProperty("size") long size) {}
}
