-- A group's enrolment token, kept sealed (AES-GCM under DATA/token.key, like API tokens) beside its digest, so that
-- the group's Linux installer can carry it (issue 14). Null: the group has no token, or one made before this
-- version, which only its digest remembers (the installer route then asks for a new one).
alter table sensor_group add column enrolment_token_sealed varchar(200);
