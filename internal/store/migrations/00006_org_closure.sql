-- +goose Up
-- Every (ancestor, descendant) pair of the organization tree, each organization
-- being its own ancestor at depth 0: access checks, subtree filters and depth
-- limits become indexed lookups instead of walks over the whole tree.
CREATE TABLE organization_closure (
    ancestor_id   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    descendant_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    depth         INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX organization_closure_descendant ON organization_closure (descendant_id, depth);

WITH RECURSIVE pairs (ancestor_id, descendant_id, depth) AS (
    SELECT id, id, 0 FROM organizations
    UNION ALL
    SELECT pairs.ancestor_id, o.id, pairs.depth + 1 FROM pairs JOIN organizations o ON o.parent_id = pairs.descendant_id
)
INSERT INTO organization_closure (ancestor_id, descendant_id, depth)
SELECT ancestor_id, descendant_id, depth FROM pairs;

-- +goose Down
DROP TABLE organization_closure;
