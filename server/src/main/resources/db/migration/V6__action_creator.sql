-- Who created an action: an e-mail action that names no recipient Lampblack can resolve (the console's "e-mail me"
-- form lists Carbon Black's numeric user ids) mails its creator.
alter table intel_action add column created_by varchar(255) not null default '';
