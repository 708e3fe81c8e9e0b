package api

// JSONFields lists the JSON fields of a request or response type (Name is
// the JSON name), for the tests of package api_test.
var JSONFields = jsonStructFields
