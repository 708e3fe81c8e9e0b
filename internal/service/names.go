package service

import "github.com/mspportal/terraform-provider-portal/internal/domain"

// NameNormalizer is a request body whose names are put in the form they are
// stored in (Unicode NFC) before it is validated and applied, so that two
// spellings of one name (composed or decomposed accents) are one name.
type NameNormalizer interface{ NormalizeNames() }

func normalizeOptional(o *domain.Optional[string]) {
	if o.Set && !o.Null {
		o.Value = domain.NormalizeName(o.Value)
	}
}

// NormalizeNames implements NameNormalizer.
func (in *OrgCreate) NormalizeNames() { in.Name = domain.NormalizeName(in.Name) }

// NormalizeNames implements NameNormalizer.
func (in *OrgUpdate) NormalizeNames() { normalizeOptional(&in.Name) }

// NormalizeNames implements NameNormalizer.
func (in *RoleCreate) NormalizeNames() { in.Name = domain.NormalizeName(in.Name) }

// NormalizeNames implements NameNormalizer.
func (in *RoleUpdate) NormalizeNames() { normalizeOptional(&in.Name) }

// NormalizeNames implements NameNormalizer.
func (in *UserCreate) NormalizeNames() {
	in.FirstName, in.LastName = domain.NormalizeName(in.FirstName), domain.NormalizeName(in.LastName)
}

// NormalizeNames implements NameNormalizer.
func (in *UserUpdate) NormalizeNames() {
	normalizeOptional(&in.FirstName)
	normalizeOptional(&in.LastName)
}

// NormalizeNames implements NameNormalizer.
func (in *InvitationAccept) NormalizeNames() {
	in.FirstName, in.LastName = domain.NormalizeName(in.FirstName), domain.NormalizeName(in.LastName)
}

// NormalizeNames implements NameNormalizer.
func (in *TokenCreate) NormalizeNames() { in.Name = domain.NormalizeName(in.Name) }
