-- What a rebuild needs to keep and to change on a server (Nova's instance.user_data and the encryption its local
-- block device mappings keep): the user data the create or the last rebuild gave, and how the root disk is
-- encrypted ('luks' or 'qcow', null: not encrypted) and created ('backing_file' or 'convert'), so that a rebuild
-- makes it again the same way whatever the new image says. Rows from before keep nulls: their rebuild resolves the
-- encryption from the flavor they kept and the image they were built from, as their create did.
ALTER TABLE instances ADD COLUMN user_data VARCHAR(65535);
ALTER TABLE instances ADD COLUMN root_encryption VARCHAR(8);
ALTER TABLE instances ADD COLUMN disk_creation VARCHAR(16);
