-- Nova's server password (its system_metadata password_0..3): the administrator password a guest encrypted with
-- the server's public key and posted to the metadata service; os-server-password shows it and clears it.
ALTER TABLE instances ADD COLUMN password VARCHAR(1020);
