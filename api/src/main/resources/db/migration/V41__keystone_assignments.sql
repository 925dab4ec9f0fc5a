-- Keystone's role assignments in one table, as its own "assignment" table keeps them: an actor (a user or a group)
-- holds a role on a target (a project, a domain, or the system, whose id is 'system'), directly or inherited by the
-- projects below the target (OS-INHERIT). Actor and target may be of either kind, so no foreign key names them: the
-- code removes a deleted actor's or target's assignments. The grants of V1 (users on projects) move over.
CREATE TABLE assignments (
    actor_type  VARCHAR(8)  NOT NULL,
    actor_id    VARCHAR(64) NOT NULL,
    target_type VARCHAR(8)  NOT NULL,
    target_id   VARCHAR(64) NOT NULL,
    role_id     VARCHAR(64) NOT NULL,
    inherited   BOOLEAN     NOT NULL,
    PRIMARY KEY (actor_type, actor_id, target_type, target_id, role_id, inherited),
    CONSTRAINT ck_assignments_actor CHECK (actor_type IN ('user', 'group')),
    CONSTRAINT ck_assignments_target CHECK (target_type IN ('project', 'domain', 'system')),
    CONSTRAINT fk_assignments_role FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE
);
CREATE INDEX ix_assignments_target ON assignments (target_type, target_id);
CREATE INDEX ix_assignments_role ON assignments (role_id);

INSERT INTO assignments (actor_type, actor_id, target_type, target_id, role_id, inherited)
    SELECT 'user', user_id, 'project', project_id, role_name, FALSE FROM role_assignments;
DROP TABLE role_assignments;
