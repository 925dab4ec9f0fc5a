-- A shelved server's shelve image (Nova keeps shelved_image_id, shelved_at and shelved_host in the instance's
-- system_metadata): the unshelve boots from it and deletes it, a delete of the shelved server deletes it too.
CREATE TABLE instance_shelves (
    instance_uuid VARCHAR(36)              NOT NULL PRIMARY KEY,
    image_id      VARCHAR(36)              NOT NULL,
    shelved_host  VARCHAR(255)             NOT NULL,
    shelved_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
