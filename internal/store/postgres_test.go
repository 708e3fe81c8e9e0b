package store

import "testing"

func TestPgQueryTranslatesSQLiteSQL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT a FROM t WHERE id = ? AND v = ?", "SELECT a FROM t WHERE id = $1 AND v = $2"},
		{"UPDATE t SET x = ?1 WHERE id = ?2 AND (y IS NULL OR y < ?1)", "UPDATE t SET x = $1 WHERE id = $2 AND (y IS NULL OR y < $1)"},
		{
			`SELECT 1 FROM t WHERE q LIKE ? ESCAPE '\' AND note = 'why?' AND z = ?`,
			`SELECT 1 FROM t WHERE q LIKE $1 ESCAPE '\' AND note = 'why?' AND z = $2`,
		},
		{"DELETE FROM t WHERE id IN (SELECT value FROM json_each(?1))",
			"DELETE FROM t WHERE id = ANY (ARRAY(SELECT value FROM json_array_elements_text(CAST(CAST($1 AS text) AS json))))"},
		{"SELECT 1 FROM json_each(invitations.role_ids) WHERE value = ?",
			"SELECT 1 FROM json_array_elements_text(CAST(CAST(invitations.role_ids AS text) AS json)) WHERE value = $1"},
		{"SELECT x FROM t WHERE a IN (SELECT value FROM json_each(?)) AND b = ?",
			"SELECT x FROM t WHERE a = ANY (ARRAY(SELECT value FROM json_array_elements_text(CAST(CAST($1 AS text) AS json)))) AND b = $2"},
		{"SELECT x FROM t WHERE a NOT IN (SELECT value FROM json_each(?))",
			"SELECT x FROM t WHERE a NOT IN (SELECT value FROM json_array_elements_text(CAST(CAST($1 AS text) AS json)))"},
	} {
		if got := pgQuery(c.in); got != c.want {
			t.Errorf("pgQuery(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
