-- Ids of groups and sites are chosen by the server (the default group and site have the explicit id 1), and were
-- one above the highest existing: deleting the newest group and creating another reused its id, so that roles,
-- filters and caches naming the old group applied to the new one. The last id handed out per table is kept here and
-- only ever grows.
create table next_id (
    name      varchar(64) primary key,
    last_used integer     not null
);
insert into next_id (name, last_used) select 'sensor_group', coalesce(max(id), 0) from sensor_group;
insert into next_id (name, last_used) select 'site', coalesce(max(id), 0) from site;
