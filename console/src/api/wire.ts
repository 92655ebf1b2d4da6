// Generated from the Java records of io.lampblack.server.api.wire (the REST API's documents) by
// server/src/test/java/io/lampblack/server/api/wire/TypeScriptWireTypes.java: do not edit.
// Regenerate after changing a record (WireTypesUpToDateTest fails until then), from the repository's root:
//   mvn -pl server test -Dtest=WireTypesUpToDateTest -Dlampblack.regenerate=true

export interface ActionCreated {
  action_id: number;
  id: number;
  result: string;
}

export type ActionDocument = ActionDocument_OfFeed | ActionDocument_OfWatchlist;

export interface ActionDocument_OfFeed {
  id: number;
  action_type: number;
  action_data: string;
  group_id: number;
  watchlist_id: number;
}

export interface ActionDocument_OfWatchlist {
  id: number;
  action_type: number;
  action_data: string;
  watchlist_id: number;
  group_id: number;
}

export interface ActionTypeDocument {
  action_type: number;
  name: string;
  enabled: boolean;
  action_id: number | null;
}

export interface ApiInfo {
  version: string;
  version_release: string;
  lampblack_version: string;
  server_product: string;
  cblrEnabled: boolean;
  processPageSize: number;
  binaryPageSize: number;
  processOrder: string;
  binaryOrder: string;
  maxSearchResultRows: number;
  maxRowsSolrReportQuery: number;
  searchExportCount: number;
  timestampDeltaThreshold: number;
  linuxInstallerExists: boolean;
  osxInstallerExists: boolean;
  liveResponseAutoAttach: boolean;
  banningEnabled: boolean;
  vdiGloballyEnabled: boolean;
  cloud_install: boolean;
  features: ApiInfo_Features;
  user_preferences: Record<string, unknown>;
}

export interface ApiInfo_Features {
  immutable_documents: boolean;
  event_exclusions: boolean;
  thirdparty_sharing: boolean;
  ipv6_support: boolean;
}

export interface AuthDocument {
  auth_token: string;
  user_id: number;
  username: string;
  first_name: string;
  last_name: string;
  global_admin: boolean;
}

export interface AuthDocument_TokenOnly {
  auth_token: string;
}

export interface BanDocument {
  md5hash: string;
  text: string;
  enabled: boolean;
  username: string;
  user_id: number;
  timestamp: string;
  block_count: number;
  last_block_time: string | null;
  last_block_sensor_id: number | null;
  last_block_hostname: string;
  audit: BanDocument_AuditEntry[];
}

export interface BanDocument_AuditEntry {
  username: string;
  timestamp: string;
  text: string;
  enabled: boolean;
  user_id: number;
}

export interface BulkChange {
  result: string;
  changed: number;
  skipped: number;
}

export interface ConsoleSessionDocument {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  global_admin: boolean;
  csrf_token: string;
  expires: string;
  idle_seconds: number;
  group_roles: ConsoleSessionDocument_GroupRoleEntry[];
}

export interface ConsoleSessionDocument_GroupRoleEntry {
  group_id: number;
  group_name: string;
  role: string;
}

export interface Created {
  id: number;
}

export interface DashboardStatistics {
  storage?: DashboardStatistics_Storage;
  sensors: DashboardStatistics_Sensors;
  alerts: DashboardStatistics_Alerts;
}

export interface DashboardStatistics_Alerts {
  total: number;
  unresolved: number;
}

export interface DashboardStatistics_Partition {
  name: string;
  status: string;
  size_bytes: number;
  doc_count: number;
  start_date: string;
  end_date: string | null;
}

export interface DashboardStatistics_Sensors {
  total: number;
  online: number;
  offline: number;
  isolated: number;
}

export interface DashboardStatistics_Storage {
  file_system_bytes: number;
  free_bytes: number;
  data_bytes: number;
  parts: Record<string, number>;
  event_partitions: DashboardStatistics_Partition[];
}

export interface DataSharingDocument {
  id: number;
  group_id: number;
  who: string;
  what: string;
}

export interface ErrorBody {
  reason: string;
  message: string;
  error_id?: string;
}

export interface FeedDocument {
  id: number;
  name: string;
  display_name: string;
  enabled: boolean;
  feed_url: string;
  provider_url: string;
  summary: string;
  tech_data: string;
  category: string;
  icon: string;
  icon_small: string;
  provider_rating: number | null;
  local_rating: number | null;
  order: number;
  manually_added: boolean;
  use_proxy: boolean;
  validate_server_cert: boolean;
  username: string;
  password: string;
  ssl_client_crt: string;
  ssl_client_key: string;
  requires: string;
  requires_who: string;
  requires_what: string;
  last_sync: string | null;
  last_sync_error: string;
  report_count: number;
  ioc_count: number;
}

export interface FeedRequirements {
  passed: string[];
  failed: string[];
}

export interface GroupDocument {
  id: number;
  name: string;
  site_id: number;
  sensorbackend_server: string;
  team_access: GroupDocument_TeamAccessEntry[];
  alert_criticality: number;
  banning_enabled: boolean;
  isolation_exclusions: string[];
  number_of_hosts: number;
  checkin_interval_seconds: number | null;
  has_enrolment_token: boolean;
  [key: string]: unknown;
}

export interface GroupDocument_TeamAccessEntry {
  team_id: number;
  team_name: string;
  access_category: string;
}

export interface GroupEnrolmentToken {
  registration_token: string;
}

export interface HealthDocument {
  status: string;
  checks: Record<string, string>;
}

export interface HostCount {
  hostCount: number;
  globalCount: number;
  numDocs: number;
}

export interface IngestRateDocument {
  interval_seconds: number;
  events_indexed_total: number;
  events_per_second: number;
  intervals: IngestRateDocument_Interval[];
}

export interface IngestRateDocument_Interval {
  start: string;
  end: string;
  events: number;
  events_per_second: number;
}

export interface IngressFilterDocument {
  id: string;
  name: string;
  description: string;
  create_timestamp: string;
  modify_timestamp: string;
  create_user_id: number;
  modify_user_id: number;
  create_username: string;
  modify_username: string;
  version: number;
  priority: number;
  internal: boolean;
  enabled: boolean;
  filter_on_sensor: boolean;
  filter_on_server: boolean;
  track_metrics: boolean;
  hit_rate: number;
  os_mask: number;
  global: boolean;
  group_ids: number[];
  sensor_ids: number[];
  path_filters: string[];
  cmdline_filters: string[];
  md5_filters: string[];
  descendant_filtering_level: number;
  filter_all_events: boolean;
  regmod_filters: string[];
  modload_filters: string[];
  filemod_filters: string[];
  non_binary_filemod_filters: string[];
  netconn_filters: string[];
  crossproc_filters: string[];
}

export interface InvestigationDocument {
  id: number;
  name: string;
  notes: string;
  date_started: string;
  last_updated: string;
  created_by_user_id: string;
}

export interface LicenseApplied {
  result: string;
  status: string;
}

export interface LicenseDocument {
  license_valid: boolean;
  license_end_date: string;
  licensed_sensor_count: number;
  server_token: string;
  license_expired: boolean;
  licensed_sensor_count_exceeded: boolean;
  actual_sensor_count: number;
  license_request_block: string;
  license_applied_at: string | null;
}

export interface LiveResponseFileDocument {
  id: number;
  session_id: number;
  file_name: string;
  status: number;
  size: number;
  size_uploaded: number;
  delete: boolean;
}

export interface LiveResponseSessionDocument {
  id: number;
  sensor_id: number;
  status: string;
  supported_commands: string[];
  drives: string[];
  current_working_directory: string;
  hostname: string;
  address: string;
  os_version: string;
  session_timeout: number;
  sensor_wait_timeout: number;
  check_in_timeout: number;
  storage_size: string;
  storage_ttl: number;
  create_time: number;
}

export interface LoginCaps {
  login_ui_sso_label: string | null;
  login_ui_sso_link: string | null;
}

export interface PartitionDocument {
  name: string;
  status: string;
  info: PartitionDocument_Info;
}

export interface PartitionDocument_Info {
  sizeInBytes: number;
  startDate: string;
  endDate: string | null;
  partitionId: number;
  deletedDocs: number;
  maxDoc: number;
  numDocs: number;
  segmentCount: number;
  userMounted: boolean;
  isLegacy: boolean;
  dir: string;
  schema: string;
}

export interface PlatformServerDocument {
  server_url: string;
  ssl_certificate_verify: boolean;
  watchlist_export: boolean;
  auth_token_set: boolean;
}

export interface ProcessEvents {
  process: unknown;
  elapsed: number;
}

export interface ProcessSummary {
  process: unknown;
  parent: unknown;
  children: unknown[];
  siblings: unknown[];
}

export interface ReportStats {
  feed_id: number;
  report_id: string;
  total_hits: number;
  process_hits: number;
  binary_hits: number;
  last_hit: string | null;
}

export interface Result {
  result: string;
}

export interface SearchEnvelope {
  results: unknown[];
  total_results: number;
  start: number;
  elapsed: number;
  terms: string[];
  highlights: Record<string, unknown>[];
  facets: Record<string, Record<string, unknown>[]>;
  tagged_pids?: Record<string, unknown>;
  filtered?: Record<string, unknown>;
  comprehensive_search?: boolean;
  all_segments?: boolean;
  incomplete_results?: boolean;
}

export interface SearchEnvelope_ProcessKeys {
  tagged_pids: Record<string, unknown>;
  filtered: Record<string, unknown>;
  comprehensive_search: boolean;
  all_segments: boolean;
  incomplete_results: boolean;
}

export interface SegmentList {
  process: SegmentList_Segments;
}

export interface SegmentList_EventCounts {
  modload: number;
  filemod: number;
  regmod: number;
  netconn: number;
  childproc: number;
  crossproc: number;
  processblock: number;
  emet: number;
}

export interface SegmentList_Segment {
  unique_id: string;
  segment_id: number;
  last_update: string;
  last_server_update: string;
  event_counts: SegmentList_EventCounts;
}

export interface SegmentList_Segments {
  segments: SegmentList_Segment[];
}

export interface SensorActivity {
  id: number;
  sensor_id: number;
  action: string;
  status: string;
  message: string;
  requested: string;
  completed: string | null;
}

export interface SensorBuilds {
  Windows: SensorBuilds_Build[];
  Linux: SensorBuilds_Build[];
  OSX: SensorBuilds_Build[];
}

export interface SensorBuilds_Build {
  id: number;
  version_string: string;
  os: string;
}

export interface SensorDocument {
  boot_id: string;
  build_id: number;
  build_version_string: string;
  clock_delta: string;
  computer_dns_name: string;
  computer_name: string;
  computer_sid: string;
  cookie: number;
  display: boolean;
  dropped_eventlogs: string;
  dropped_events: string;
  emet_dump_flags: string;
  emet_exploit_action: string;
  emet_is_gpo: boolean;
  emet_process_count: number;
  emet_report_setting: string;
  emet_telemetry_path: string;
  emet_version: string;
  event_log_flush_time: string | null;
  group_id: number;
  id: number;
  is_isolating: boolean;
  last_checkin_time: string | null;
  last_update: string;
  license_expiration: string;
  network_adapters: string;
  network_isolation_enabled: boolean;
  next_checkin_time: string | null;
  node_id: number;
  notes: string;
  num_eventlog_bytes: string;
  num_storefiles_bytes: string;
  os_environment_display_string: string;
  os_environment_id: number;
  os_type: number;
  parity_host_id: string;
  physical_memory_size: string;
  power_state: number;
  registration_time: string;
  restart_queued: boolean;
  sensor_health_message: string;
  sensor_health_status: number;
  sensor_uptime: string;
  shard_id: number;
  status: string;
  supports_2nd_gen_modloads: boolean;
  supports_cblr: boolean;
  supports_isolation: boolean;
  systemvolume_free_size: string;
  systemvolume_total_size: string;
  uninstall: boolean;
  uninstalled: boolean;
  uptime: string;
}

export interface SensorQueued {
  id: number;
  sensor_id: number;
  timestamp: string | null;
  num_eventlogs: number;
  num_eventlog_bytes: number;
  num_storefiles: number;
  num_storefile_bytes: number;
}

export interface SensorResourceStatus {
  sensor_id: number;
  timestamp: string | null;
  physical_memory_size: number;
  systemvolume_total_size: number;
  systemvolume_free_size: number;
  uptime: number;
  sensor_uptime: number;
}

export interface SensorSearchResult {
  results: SensorDocument[];
  total_results: number;
  facets: Record<string, SensorSearchResult_FacetValue[]>;
}

export interface SensorSearchResult_FacetValue {
  name: string;
  value: number;
  percent: number;
  ratio: number;
}

export interface SensorStatistics {
  sensor_count: number;
  active_sensor_count: number;
  num_eventlog_bytes: number;
  num_storefile_bytes: number;
}

export interface ServerDocument {
  id: number;
  hostname: string;
  address: string;
  node_type: string;
  version: string;
}

export interface SiteDocument {
  id: number;
  name: string;
  group_ids: number[];
  [key: string]: unknown;
}

export interface TaggedEventDocument {
  id: number;
  investigation_id: number;
  event_id: string;
  event_type: string;
  event_data: unknown;
  unique_id: string;
  segment_id: number;
  process_id: string;
  start_date: string;
  date_tagged: string;
  tagged_by_user_id: string;
  notes: string;
}

export interface TeamDocument {
  id: number;
  name: string;
  group_access: TeamDocument_GroupAccess[];
}

export interface TeamDocument_GroupAccess {
  group_id: number;
  group_name: string;
  access_category: string;
}

export interface ThreatIntelHit {
  feed_id: number;
  report_id: string;
  title: string;
  score: number;
  ioc_type: string;
  ioc_value: string;
}

export interface ThrottleDocument {
  id: number;
  site_id: number;
  day_of_week: number;
  from: number;
  to: number;
  bytes_per_second: number;
}

export interface UserActivityDocument {
  username: string;
  timestamp: string;
  ip_address: string;
  http_status: number;
  http_description: string;
  method: string;
  path: string;
}

export interface UserDocument {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  global_admin: boolean;
  auth_token?: string;
  teams: UserDocument_TeamRef[];
}

export interface UserDocument_TeamRef {
  id: number;
  name: string;
}

export interface WatchlistDocument {
  id: string;
  name: string;
  search_query: string;
  index_type: string;
  enabled: boolean;
  description: string;
  date_added: string;
  last_hit: string | null;
  last_hit_count: number;
  total_hits: string;
  total_tags: string;
  search_timestamp: string | null;
  readonly: boolean;
  group_id: number;
  alliance_id: string | null;
  from_alliance: boolean;
  last_execution_time_ms: number;
}
