-- +goose Up
-- The organizations where an invitation grants its roles, apart from its
-- home (invitations.organization_id, where the invitee's account is
-- created): one invitation can bring a technician into several client
-- organizations with one e-mail. Every invitation has at least one row;
-- those written before this table grant in their home, as they always did.
CREATE TABLE invitation_organizations (
    invitation_id   TEXT NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (invitation_id, organization_id)
);
CREATE INDEX invitation_organizations_organization ON invitation_organizations (organization_id);
INSERT INTO invitation_organizations (invitation_id, organization_id) SELECT id, organization_id FROM invitations;

-- +goose Down
DROP TABLE invitation_organizations;
