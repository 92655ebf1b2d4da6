-- The ingress filters' timestamps are instants: with time zone, like the other tables' timestamps (V10 had them
-- without). Existing values are read in the session's time zone, the one they were written in.
alter table ingress_filter alter column create_timestamp set data type timestamp with time zone;
alter table ingress_filter alter column modify_timestamp set data type timestamp with time zone;
