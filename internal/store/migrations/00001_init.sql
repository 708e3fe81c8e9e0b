-- +goose Up
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('partner', 'client')),
    parent_id   TEXT REFERENCES organizations (id),
    external_id TEXT,
    enabled     BOOLEAN NOT NULL,
    version     BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX organizations_sibling_name ON organizations (COALESCE(parent_id, ''), name_key);
CREATE INDEX organizations_parent ON organizations (parent_id);

CREATE TABLE users (
    id                       TEXT PRIMARY KEY,
    email                    TEXT NOT NULL,
    email_key                TEXT NOT NULL UNIQUE,
    first_name               TEXT NOT NULL,
    last_name                TEXT NOT NULL,
    phone                    TEXT,
    organization_id          TEXT NOT NULL REFERENCES organizations (id),
    enabled                  BOOLEAN NOT NULL,
    locked                   BOOLEAN NOT NULL,
    failed_sign_ins          INTEGER NOT NULL,
    setup_completed          BOOLEAN NOT NULL,
    password_hash            TEXT NOT NULL,
    mfa_enrolled             BOOLEAN NOT NULL,
    password_change_required BOOLEAN NOT NULL,
    last_login_at            TEXT,
    setup_token_hash         TEXT UNIQUE,
    invitation_expires_at    TEXT,
    version                  BIGINT NOT NULL,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
);
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE roles (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    description     TEXT NOT NULL,
    permissions     TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    builtin         BOOLEAN NOT NULL,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX roles_organization_name ON roles (COALESCE(organization_id, ''), name_key);

CREATE TABLE invitations (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    role_ids        TEXT NOT NULL,
    status          TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    accepted_at     TEXT,
    user_id         TEXT REFERENCES users (id) ON DELETE SET NULL,
    message         TEXT NOT NULL,
    invited_by      TEXT NOT NULL,
    token_hash      TEXT UNIQUE,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX invitations_organization ON invitations (organization_id);
CREATE INDEX invitations_email ON invitations (email_key);

CREATE TABLE role_assignments (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    role_id         TEXT NOT NULL REFERENCES roles (id),
    invitation_id   TEXT REFERENCES invitations (id) ON DELETE SET NULL,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (user_id, organization_id, role_id)
);
CREATE INDEX role_assignments_organization ON role_assignments (organization_id);
CREATE INDEX role_assignments_role ON role_assignments (role_id);
CREATE INDEX role_assignments_invitation ON role_assignments (invitation_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,
    at              TEXT NOT NULL,
    actor_user_id   TEXT,
    action          TEXT NOT NULL,
    object_type     TEXT NOT NULL,
    object_id       TEXT NOT NULL,
    organization_id TEXT,
    before_json     TEXT,
    after_json      TEXT
);
CREATE INDEX audit_events_organization ON audit_events (organization_id, id);

CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL,
    key          TEXT NOT NULL,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE outbox;
DROP TABLE audit_events;
DROP TABLE api_tokens;
DROP TABLE role_assignments;
DROP TABLE invitations;
DROP TABLE roles;
DROP TABLE users;
DROP TABLE organizations;
