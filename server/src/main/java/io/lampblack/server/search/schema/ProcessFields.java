package io.lampblack.server.search.schema;

/** Names of the process-search fields, so the indexer and the REST layer never spell them twice. */
public final class ProcessFields {

    // Process metadata, repeated on every segment.
    public static final String PROCESS_NAME = "process_name";
    public static final String PATH = "path";
    public static final String PATH_FULL = "path_full";
    public static final String CMDLINE = "cmdline";
    public static final String PROCESS_MD5 = "process_md5";
    public static final String PROCESS_SHA256 = "process_sha256";
    public static final String PROCESS_PID = "process_pid";
    public static final String PROCESS_ID = "process_id";
    public static final String SEGMENT_ID = "segment_id";
    public static final String PARENT_NAME = "parent_name";
    public static final String PARENT_MD5 = "parent_md5";
    public static final String PARENT_SHA256 = "parent_sha256";
    public static final String PARENT_PID = "parent_pid";
    public static final String PARENT_ID = "parent_id";
    public static final String HOSTNAME = "hostname";
    public static final String GROUP = "group";
    public static final String HOST_TYPE = "host_type";
    public static final String OS_TYPE = "os_type";
    public static final String USERNAME = "username";
    public static final String USERNAME_FULL = "username_full";
    public static final String SENSOR_ID = "sensor_id";
    public static final String START = "start";
    public static final String LAST_UPDATE = "last_update";
    public static final String LAST_SERVER_UPDATE = "last_server_update";
    public static final String TERMINATED = "terminated";
    public static final String HOUR_OF_DAY = "hour_of_day";
    public static final String DAY_OF_WEEK = "day_of_week";

    // Per-segment event counts.
    public static final String MODLOAD_COUNT = "modload_count";
    public static final String FILEMOD_COUNT = "filemod_count";
    public static final String REGMOD_COUNT = "regmod_count";
    public static final String NETCONN_COUNT = "netconn_count";
    public static final String CHILDPROC_COUNT = "childproc_count";
    public static final String CROSSPROC_COUNT = "crossproc_count";
    public static final String PROCESSBLOCK_COUNT = "processblock_count";
    public static final String EMET_COUNT = "emet_count";

    // Event-derived, multi-valued.
    public static final String MODLOAD = "modload";
    public static final String MODLOAD_MD5 = "modload_md5";
    public static final String MODLOAD_SHA256 = "modload_sha256";
    public static final String FILEMOD = "filemod";
    public static final String REGMOD = "regmod";
    public static final String DOMAIN = "domain";
    public static final String IPADDR = "ipaddr";
    public static final String IPV6ADDR = "ipv6addr";
    public static final String IPPORT = "ipport";
    public static final String JA3 = "ja3";
    public static final String JA3S = "ja3s";
    public static final String CHILDPROC_NAME = "childproc_name";
    public static final String CHILDPROC_MD5 = "childproc_md5";
    public static final String CHILDPROC_SHA256 = "childproc_sha256";
    public static final String CROSSPROC_NAME = "crossproc_name";
    public static final String CROSSPROC_MD5 = "crossproc_md5";
    public static final String CROSSPROC_SHA256 = "crossproc_sha256";
    public static final String CROSSPROC_TYPE = "crossproc_type";
    public static final String FILEWRITE_MD5 = "filewrite_md5";
    public static final String FILEWRITE_SHA256 = "filewrite_sha256";
    public static final String BLOCKED_MD5 = "blocked_md5";
    public static final String BLOCKED_STATUS = "blocked_status";
    public static final String MD5 = "md5";
    public static final String SHA256 = "sha256";
    public static final String TAMPERED = "tampered";
    public static final String HAS_EMET_EVENT = "has_emet_event";
    public static final String HAS_EMET_CONFIG = "has_emet_config";

    /**
     * Internal field listing which fields a document has values for, so that {@code field:*}
     * is one term lookup instead of a scan over every term of the field.
     */
    public static final String PRESENT = "_fields";

    private ProcessFields() {}
}
