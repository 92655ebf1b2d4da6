-- Tags beside the immutable segment and binary documents (design §5a): watchlist hits (value = time tagged, epoch ms)
-- and feed scores (value = score). scope is 'process' (doc_key = segment unique_id or process GUID) or 'binary'
-- (doc_key = upper-case MD5).
create table doc_tag (
    scope      varchar(16)  not null,
    doc_key    varchar(64)  not null,
    tag        varchar(160) not null,
    value_num  bigint       not null,
    tagged_at  timestamp    not null,
    primary key (scope, doc_key, tag)
);
create index doc_tag_by_value on doc_tag (scope, tag, value_num);
