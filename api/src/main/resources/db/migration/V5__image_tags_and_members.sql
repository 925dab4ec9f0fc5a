-- Glance's image tags (a set of strings per image) and image members (the projects a shared image is offered to,
-- each pending, accepted or rejected). Both go with their image. And os_hidden: a hidden image is left out of
-- image lists unless they ask for it.
ALTER TABLE images ADD COLUMN os_hidden BOOLEAN DEFAULT FALSE NOT NULL;
CREATE TABLE image_tags (
    image_id VARCHAR(64)  NOT NULL,
    tag      VARCHAR(255) NOT NULL,
    PRIMARY KEY (image_id, tag),
    CONSTRAINT fk_image_tags FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
);

CREATE TABLE image_members (
    image_id   VARCHAR(64)              NOT NULL,
    member_id  VARCHAR(255)             NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (image_id, member_id),
    CONSTRAINT fk_image_members FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
);
CREATE INDEX ix_image_members_member ON image_members (member_id);
