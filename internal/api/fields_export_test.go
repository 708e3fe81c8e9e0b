package api

// JSONFields lists the JSON names of a request or response type, for the
// tests of package api_test.
var JSONFields = jsonFields
