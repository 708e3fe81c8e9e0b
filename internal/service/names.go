package service

import (
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Names are put in the form they are stored in (Unicode NFC) before they are
// validated and applied, so that two spellings of one name (composed or
// decomposed accents) are one name. Every operation that takes a name
// normalizes it first, with these.

func normalizeName(s *string) { *s = domain.NormalizeName(*s) }

func normalizeOptional(o *wire.Optional[string]) {
	if o.Set {
		normalizeName(&o.Value)
	}
}

// setIf sets *dst to a patch field's value when the field was sent.
func setIf[T any](o wire.Optional[T], dst *T) {
	if o.Set {
		*dst = o.Value
	}
}
