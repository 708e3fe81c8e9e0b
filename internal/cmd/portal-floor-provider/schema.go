package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// schemas is one provider's entry of `terraform providers schema -json`:
// the provider block, resource blocks and resource identities.
type schemas struct {
	Provider struct {
		Block jsonBlock `json:"block"`
	} `json:"provider"`
	Resources map[string]struct {
		Version int64     `json:"version"`
		Block   jsonBlock `json:"block"`
	} `json:"resource_schemas"`
	Identities map[string]struct {
		Version    int64                    `json:"version"`
		Attributes map[string]jsonAttribute `json:"attributes"`
	} `json:"resource_identity_schemas"`
}

type jsonBlock struct {
	Attributes      map[string]jsonAttribute `json:"attributes"`
	BlockTypes      map[string]jsonBlockType `json:"block_types"`
	Description     string                   `json:"description"`
	DescriptionKind string                   `json:"description_kind"`
}

type jsonBlockType struct {
	NestingMode string    `json:"nesting_mode"`
	Block       jsonBlock `json:"block"`
}

type jsonAttribute struct {
	Type            json.RawMessage `json:"type"`
	NestedType      *jsonNestedType `json:"nested_type"`
	Description     string          `json:"description"`
	DescriptionKind string          `json:"description_kind"`
	Required        bool            `json:"required"`
	Optional        bool            `json:"optional"`
	Computed        bool            `json:"computed"`
	Sensitive       bool            `json:"sensitive"`
	// RequiredForImport and OptionalForImport are identity attributes' flags.
	RequiredForImport bool `json:"required_for_import"`
	OptionalForImport bool `json:"optional_for_import"`
}

type jsonNestedType struct {
	Attributes  map[string]jsonAttribute `json:"attributes"`
	NestingMode string                   `json:"nesting_mode"`
}

func readSchemas(path string) (*schemas, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s schemas
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// descriptions splits a description into the framework's plain and Markdown
// fields by its kind.
func descriptions(text, kind string) (plain, markdown string) {
	if kind == "markdown" {
		return "", text
	}
	return text, ""
}

// valueType reads a type in Terraform's JSON type notation: "string",
// ["list", "string"], ["object", {"a": "number"}].
func valueType(raw json.RawMessage) (attr.Type, error) {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		switch name {
		case "string":
			return types.StringType, nil
		case "bool":
			return types.BoolType, nil
		case "number":
			return types.NumberType, nil
		}
		return nil, fmt.Errorf("type %s is not supported", raw)
	}
	var pair []json.RawMessage
	if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
		return nil, fmt.Errorf("type %s is not supported", raw)
	}
	var kind string
	if err := json.Unmarshal(pair[0], &kind); err != nil {
		return nil, fmt.Errorf("type %s is not supported", raw)
	}
	if kind == "object" {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(pair[1], &fields); err != nil {
			return nil, fmt.Errorf("type %s: %w", raw, err)
		}
		attrTypes := make(map[string]attr.Type, len(fields))
		for name, f := range fields {
			t, err := valueType(f)
			if err != nil {
				return nil, err
			}
			attrTypes[name] = t
		}
		return types.ObjectType{AttrTypes: attrTypes}, nil
	}
	elem, err := valueType(pair[1])
	if err != nil {
		return nil, err
	}
	switch kind {
	case "list":
		return types.ListType{ElemType: elem}, nil
	case "set":
		return types.SetType{ElemType: elem}, nil
	case "map":
		return types.MapType{ElemType: elem}, nil
	}
	return nil, fmt.Errorf("type %s is not supported", raw)
}

// resourceSchema builds a resource's framework schema from its JSON block.
func resourceSchema(version int64, b jsonBlock) (rschema.Schema, error) {
	attrs, blocks, err := resourceBlockContents(b)
	d, md := descriptions(b.Description, b.DescriptionKind)
	return rschema.Schema{Version: version, Attributes: attrs, Blocks: blocks, Description: d, MarkdownDescription: md}, err
}

func resourceBlockContents(b jsonBlock) (map[string]rschema.Attribute, map[string]rschema.Block, error) {
	attrs, err := resourceAttributes(b.Attributes)
	if err != nil {
		return nil, nil, err
	}
	blocks := make(map[string]rschema.Block, len(b.BlockTypes))
	for _, name := range slices.Sorted(maps.Keys(b.BlockTypes)) {
		bt := b.BlockTypes[name]
		a, nested, err := resourceBlockContents(bt.Block)
		if err != nil {
			return nil, nil, fmt.Errorf("block %s: %w", name, err)
		}
		d, md := descriptions(bt.Block.Description, bt.Block.DescriptionKind)
		obj := rschema.NestedBlockObject{Attributes: a, Blocks: nested}
		switch bt.NestingMode {
		case "single":
			blocks[name] = rschema.SingleNestedBlock{Attributes: a, Blocks: nested, Description: d, MarkdownDescription: md}
		case "list":
			blocks[name] = rschema.ListNestedBlock{NestedObject: obj, Description: d, MarkdownDescription: md}
		case "set":
			blocks[name] = rschema.SetNestedBlock{NestedObject: obj, Description: d, MarkdownDescription: md}
		default:
			return nil, nil, fmt.Errorf("block %s: nesting mode %q is not supported", name, bt.NestingMode)
		}
	}
	return attrs, blocks, nil
}

func resourceAttributes(in map[string]jsonAttribute) (map[string]rschema.Attribute, error) {
	out := make(map[string]rschema.Attribute, len(in))
	for _, name := range slices.Sorted(maps.Keys(in)) {
		a, err := resourceAttribute(in[name])
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		out[name] = a
	}
	return out, nil
}

func resourceAttribute(a jsonAttribute) (rschema.Attribute, error) {
	req, opt, comp, sens := a.Required, a.Optional, a.Computed, a.Sensitive
	d, md := descriptions(a.Description, a.DescriptionKind)
	if n := a.NestedType; n != nil {
		attrs, err := resourceAttributes(n.Attributes)
		if err != nil {
			return nil, err
		}
		obj := rschema.NestedAttributeObject{Attributes: attrs}
		switch n.NestingMode {
		case "single":
			return rschema.SingleNestedAttribute{
				Attributes:          attrs,
				Required:            req,
				Optional:            opt,
				Computed:            comp,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}, nil
		case "list":
			return rschema.ListNestedAttribute{
				NestedObject:        obj,
				Required:            req,
				Optional:            opt,
				Computed:            comp,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}, nil
		case "set":
			return rschema.SetNestedAttribute{
				NestedObject:        obj,
				Required:            req,
				Optional:            opt,
				Computed:            comp,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}, nil
		case "map":
			return rschema.MapNestedAttribute{
				NestedObject:        obj,
				Required:            req,
				Optional:            opt,
				Computed:            comp,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}, nil
		}
		return nil, fmt.Errorf("nesting mode %q is not supported", n.NestingMode)
	}
	t, err := valueType(a.Type)
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case types.ListType:
		return rschema.ListAttribute{
			ElementType:         t.ElemType,
			Required:            req,
			Optional:            opt,
			Computed:            comp,
			Sensitive:           sens,
			Description:         d,
			MarkdownDescription: md,
		}, nil
	case types.SetType:
		return rschema.SetAttribute{
			ElementType:         t.ElemType,
			Required:            req,
			Optional:            opt,
			Computed:            comp,
			Sensitive:           sens,
			Description:         d,
			MarkdownDescription: md,
		}, nil
	case types.MapType:
		return rschema.MapAttribute{
			ElementType:         t.ElemType,
			Required:            req,
			Optional:            opt,
			Computed:            comp,
			Sensitive:           sens,
			Description:         d,
			MarkdownDescription: md,
		}, nil
	case types.ObjectType:
		return rschema.ObjectAttribute{
			AttributeTypes:      t.AttrTypes,
			Required:            req,
			Optional:            opt,
			Computed:            comp,
			Sensitive:           sens,
			Description:         d,
			MarkdownDescription: md,
		}, nil
	}
	switch t {
	case types.StringType:
		return rschema.StringAttribute{
			Required:            req,
			Optional:            opt,
			Computed:            comp,
			Sensitive:           sens,
			Description:         d,
			MarkdownDescription: md,
		}, nil
	case types.BoolType:
		return rschema.BoolAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens, Description: d, MarkdownDescription: md}, nil
	default:
		return rschema.NumberAttribute{
			Required:            req,
			Optional:            opt,
			Computed:            comp,
			Sensitive:           sens,
			Description:         d,
			MarkdownDescription: md,
		}, nil
	}
}

// providerSchema builds the provider's framework schema from its JSON
// block: attributes of any value type; nested attributes and blocks, which
// the portal provider has none of, are refused.
func providerSchema(b jsonBlock) (pschema.Schema, error) {
	if len(b.BlockTypes) > 0 {
		return pschema.Schema{}, fmt.Errorf("provider blocks are not supported")
	}
	attrs := make(map[string]pschema.Attribute, len(b.Attributes))
	for _, name := range slices.Sorted(maps.Keys(b.Attributes)) {
		a := b.Attributes[name]
		if a.NestedType != nil {
			return pschema.Schema{}, fmt.Errorf("provider attribute %s: nested attributes are not supported", name)
		}
		t, err := valueType(a.Type)
		if err != nil {
			return pschema.Schema{}, fmt.Errorf("provider attribute %s: %w", name, err)
		}
		req, opt, sens := a.Required, a.Optional, a.Sensitive
		d, md := descriptions(a.Description, a.DescriptionKind)
		switch t := t.(type) {
		case types.ListType:
			attrs[name] = pschema.ListAttribute{
				ElementType:         t.ElemType,
				Required:            req,
				Optional:            opt,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}
		case types.SetType:
			attrs[name] = pschema.SetAttribute{
				ElementType:         t.ElemType,
				Required:            req,
				Optional:            opt,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}
		case types.MapType:
			attrs[name] = pschema.MapAttribute{
				ElementType:         t.ElemType,
				Required:            req,
				Optional:            opt,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}
		case types.ObjectType:
			attrs[name] = pschema.ObjectAttribute{
				AttributeTypes:      t.AttrTypes,
				Required:            req,
				Optional:            opt,
				Sensitive:           sens,
				Description:         d,
				MarkdownDescription: md,
			}
		default:
			switch t {
			case types.StringType:
				attrs[name] = pschema.StringAttribute{Required: req, Optional: opt, Sensitive: sens, Description: d, MarkdownDescription: md}
			case types.BoolType:
				attrs[name] = pschema.BoolAttribute{Required: req, Optional: opt, Sensitive: sens, Description: d, MarkdownDescription: md}
			default:
				attrs[name] = pschema.NumberAttribute{Required: req, Optional: opt, Sensitive: sens, Description: d, MarkdownDescription: md}
			}
		}
	}
	d, md := descriptions(b.Description, b.DescriptionKind)
	return pschema.Schema{Attributes: attrs, Description: d, MarkdownDescription: md}, nil
}

// identitySchema builds a resource identity's framework schema: string,
// bool, number and list attributes, as identities allow.
func identitySchema(version int64, in map[string]jsonAttribute) (identityschema.Schema, error) {
	attrs := make(map[string]identityschema.Attribute, len(in))
	for _, name := range slices.Sorted(maps.Keys(in)) {
		a := in[name]
		t, err := valueType(a.Type)
		if err != nil {
			return identityschema.Schema{}, fmt.Errorf("identity attribute %s: %w", name, err)
		}
		req, opt, d := a.RequiredForImport, a.OptionalForImport, a.Description
		if l, ok := t.(types.ListType); ok {
			attrs[name] = identityschema.ListAttribute{ElementType: l.ElemType, RequiredForImport: req, OptionalForImport: opt, Description: d}
			continue
		}
		switch t {
		case types.StringType:
			attrs[name] = identityschema.StringAttribute{RequiredForImport: req, OptionalForImport: opt, Description: d}
		case types.BoolType:
			attrs[name] = identityschema.BoolAttribute{RequiredForImport: req, OptionalForImport: opt, Description: d}
		case types.NumberType:
			attrs[name] = identityschema.NumberAttribute{RequiredForImport: req, OptionalForImport: opt, Description: d}
		default:
			return identityschema.Schema{}, fmt.Errorf("identity attribute %s: type %s is not supported", name, a.Type)
		}
	}
	return identityschema.Schema{Version: version, Attributes: attrs}, nil
}
