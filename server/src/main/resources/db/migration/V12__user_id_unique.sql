-- user_id was given as max + 1 in the creating transaction, so two users created at once could get the same number.
-- Renumber any repeat (the alphabetically first holder keeps it; the others get numbers above every one in use),
-- then make the number unique: a creation that loses the race retries with the next number.
update app_user set user_id = (select max(b.user_id) from app_user b)
        + (select count(*) from app_user c where c.username < app_user.username)
    where exists (select 1 from app_user d where d.user_id = app_user.user_id and d.username < app_user.username);
alter table app_user add constraint app_user_user_id_unique unique (user_id);
