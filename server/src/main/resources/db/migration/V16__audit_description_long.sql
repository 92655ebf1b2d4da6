-- An audit entry's description holds a live-response command line whole (up to 1,024 characters, with the command's
-- other keys and its outcome after it): 255 characters let `cmd /c echo` and 240 spaces hide what followed.
alter table audit_log alter column description set data type varchar(4096);
