-- Who created an action: an e-mail action that names no recipient Lampblack can resolve (the console's "e-mail me"
-- form lists Carbon Black's numeric user ids) mails its creator.
alter table intel_action add column created_by varchar(255) not null default '';

-- Feed alerts now follow the feed's "create alert" action, as in Carbon Black; feeds added before that raised alerts
-- on every hit, so they get the action and keep alerting.
insert into intel_action (owner_kind, owner_id, action_type, action_data, created_by)
select 'feed', f.id, 3, '', '' from feed f
where not exists (select 1 from intel_action a where a.owner_kind = 'feed' and a.owner_id = f.id and a.action_type = 3);
