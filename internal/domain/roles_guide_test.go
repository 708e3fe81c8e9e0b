package domain

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	rolesGuide    = "templates/guides/roles-and-permissions.md.tmpl" // from the repository's root
	securityGuide = "templates/guides/security-model.md.tmpl"
)

// TestRolesGuideMatchesBuiltinRolesAndCatalog keeps the roles guide true: its
// table of built-in roles lists exactly BuiltinRoles, each with exactly its
// permissions and its description, and its permission table lists exactly
// the Catalog with each description.
func TestRolesGuideMatchesBuiltinRolesAndCatalog(t *testing.T) {
	guide := readGuide(t, rolesGuide)

	rows := guideTable(t, guide, rolesGuide, "## Built-in roles", 3)
	documented := map[string]bool{}
	for _, row := range rows {
		id := unquote(row[0])
		if documented[id] {
			t.Errorf("%s lists role %s twice", rolesGuide, id)
		}
		documented[id] = true
		role, ok := BuiltinRole(id)
		if !ok {
			t.Errorf("%s lists role %q, which is not a built-in role (built-in: %s)", rolesGuide, id, strings.Join(builtinIDs(), ", "))
			continue
		}
		var perms []string
		for p := range strings.SplitSeq(row[1], ",") {
			perms = append(perms, unquote(p))
		}
		if missing, extra := diff(role.Permissions, perms); len(missing)+len(extra) > 0 {
			t.Errorf("%s: role %s holds %s; the guide is missing %v and lists %v that it does not hold", rolesGuide, id,
				strings.Join(role.Permissions, ", "), missing, extra)
		}
		if row[2] != role.Description {
			t.Errorf("%s: role %s is described as %q; its description is %q", rolesGuide, id, row[2], role.Description)
		}
	}
	for _, id := range builtinIDs() {
		if !documented[id] {
			t.Errorf("%s: built-in role %s is missing from the table under \"## Built-in roles\"", rolesGuide, id)
		}
	}

	rows = guideTable(t, guide, rolesGuide, "## Permission catalog", 2)
	var listed []string
	for _, row := range rows {
		name := unquote(row[0])
		listed = append(listed, name)
		i := slices.IndexFunc(Catalog, func(p Permission) bool { return p.Name == name })
		if i < 0 {
			t.Errorf("%s lists permission %q, which is not in the catalog (%s)", rolesGuide, name, strings.Join(PermissionNames(), ", "))
			continue
		}
		if row[1] != Catalog[i].Description {
			t.Errorf("%s: permission %s is described as %q; the catalog says %q", rolesGuide, name, row[1], Catalog[i].Description)
		}
	}
	if missing, _ := diff(PermissionNames(), listed); len(missing) > 0 {
		t.Errorf("%s: permissions %v of the catalog are missing from the table under \"## Permission catalog\"", rolesGuide, missing)
	}
}

// TestSecurityGuideNamesEveryPermission keeps the security model's table of
// what each permission allows in step with the catalog (a row may name
// several permissions, as in "`roles:read` / `roles:write`").
func TestSecurityGuideNamesEveryPermission(t *testing.T) {
	rows := guideTable(t, readGuide(t, securityGuide), securityGuide, "## Permissions", 2)
	var listed []string
	for _, row := range rows {
		for p := range strings.SplitSeq(row[0], "/") {
			listed = append(listed, unquote(p))
		}
	}
	if missing, extra := diff(PermissionNames(), listed); len(missing)+len(extra) > 0 {
		t.Errorf("%s: the table under \"## Permissions\" is missing %v and names %v that are not in the catalog", securityGuide, missing, extra)
	}
}

func readGuide(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// guideTable returns the cells of the body rows of the first Markdown table
// after heading, each row with exactly columns cells, trimmed.
func guideTable(t *testing.T, guide, path, heading string, columns int) [][]string {
	t.Helper()
	_, after, ok := strings.Cut(guide, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("%s has no %q section", path, heading)
	}
	var rows [][]string
	inTable := false
	for line := range strings.SplitSeq(after, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if inTable {
				break
			}
			if strings.HasPrefix(line, "## ") {
				break
			}
			continue
		}
		inTable = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != columns {
			t.Fatalf("%s: a row of the table under %q has %d cells, want %d: %s", path, heading, len(cells), columns, line)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	if len(rows) < 3 {
		t.Fatalf("%s: no table with a header and rows under %q", path, heading)
	}
	return rows[2:] // header and separator
}

func unquote(cell string) string { return strings.Trim(strings.TrimSpace(cell), "`") }

func builtinIDs() []string {
	ids := make([]string, len(BuiltinRoles))
	for i, r := range BuiltinRoles {
		ids[i] = r.ID
	}
	return ids
}

// diff returns what want has that got lacks, and what got has that want lacks.
func diff(want, got []string) (missing, extra []string) {
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	return missing, extra
}
