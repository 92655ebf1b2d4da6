-- Sensors (issue 13): what a sensor confirmed besides what was asked of it, what it reports about its host, and how
-- each action it was sent ended.

-- Confirmed states: network_isolation_enabled, restart_queued and uninstall are what an administrator asked for;
-- these change only when the sensor reports that it carried the action out.
alter table sensor add column is_isolating boolean not null default false;
alter table sensor add column uninstalled boolean not null default false;
-- The flush the sensor last confirmed (null: none).
alter table sensor add column event_log_flush_time timestamp with time zone;
-- The last failure a sensor reported for an action ('' when its last action succeeded).
alter table sensor add column health_message varchar(1024) not null default '';
-- The host facts of the last registration or check-in, as the JSON object the sensor sent (merged field by field).
alter table sensor add column reported_facts varchar(8000) not null default '{}';

-- How an action ended: 'applied' or 'failed' (reported by the sensor) or 'withdrawn' (replaced or cancelled by a
-- later request before the sensor took it); null while pending. acked_time is when it ended.
alter table sensor_action add column outcome varchar(16);
alter table sensor_action add column outcome_message varchar(1024) not null default '';
